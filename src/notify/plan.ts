import { severityRank, type Alert, type Category, type Severity } from '../detect/types.js';
import { alertMessage, digestMessage, type MessageOptions } from './message.js';
import type { Message } from './types.js';

/** What decides whether and how often a channel hears of an alert. */
export interface Route {
  readonly name: string;
  readonly minSeverity: Severity;
  readonly categories: readonly Category[] | undefined;
  readonly hosts: readonly string[] | undefined;
  readonly perHour: number;
  readonly digestEveryMs: number;
}

/** What a channel was told, so that a second run (or the daemon) never repeats itself. */
export interface ChannelState {
  /** Per alert id: the severity and count last notified, and when (wall clock ms). */
  notified: Record<string, { severity: Severity; count: number; at: number }>;
  /** Wall-clock ms of the messages of the last hour, for the rate budget. */
  sent: number[];
  lastDigestAt: number;
  /** Alerts held back by the budget, latest state of each, for the next digest. */
  pending: Record<string, Alert>;
}

export interface NotifyState {
  version: 1;
  channels: Record<string, ChannelState>;
}

const HOUR_MS = 3_600_000;
/** Beyond this, the longest-notified alerts are forgotten: they are long closed. */
const MAX_REMEMBERED = 20_000;
const REMEMBER_MS = 120 * 86_400_000;

export function emptyState(): NotifyState {
  return { version: 1, channels: {} };
}

export function routes(route: Route, alert: Alert): boolean {
  if (severityRank(alert.severity) < severityRank(route.minSeverity)) return false;
  if (route.categories !== undefined && !route.categories.includes(alert.category)) return false;
  if (route.hosts !== undefined && !alert.hosts.some((host) => route.hosts?.includes(host) === true))
    return false;
  return true;
}

function channelState(state: NotifyState, name: string): ChannelState {
  const existing = state.channels[name];
  if (existing !== undefined) return existing;
  const fresh: ChannelState = { notified: {}, sent: [], lastDigestAt: 0, pending: {} };
  state.channels[name] = fresh;
  return fresh;
}

function forgetOld(channel: ChannelState, now: number): void {
  const kept = Object.entries(channel.notified)
    .filter(([, told]) => now - told.at <= REMEMBER_MS)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, MAX_REMEMBERED);
  channel.notified = Object.fromEntries(kept);
}

/**
 * Decides, per channel, which alerts become messages now (`state` is updated in place):
 * an incident is told when it opens and again only when its severity rises or its count grows
 * tenfold; past `perHour` messages in the last hour, alerts wait for a digest, sent at most every
 * `digestEveryMs`; a critical never waits.
 */
export function planMessages(
  state: NotifyState,
  channels: readonly Route[],
  alerts: readonly Alert[],
  now: number,
  options: MessageOptions,
): { channel: string; message: Message }[] {
  const planned: { channel: string; message: Message }[] = [];
  const messageOptions = { ...options, now: new Date(now) };
  for (const route of channels) {
    const channel = channelState(state, route.name);
    channel.sent = channel.sent.filter((at) => now - at < HOUR_MS);
    for (const alert of alerts) {
      if (!routes(route, alert)) continue;
      const previous = channel.notified[alert.id];
      const news =
        previous === undefined ||
        severityRank(alert.severity) > severityRank(previous.severity) ||
        alert.count >= previous.count * 10;
      if (!news) {
        // Still waiting in a digest: the digest tells its latest state.
        if (alert.id in channel.pending) channel.pending[alert.id] = alert;
        continue;
      }
      channel.notified[alert.id] = { severity: alert.severity, count: alert.count, at: now };
      if (alert.severity === 'critical' || channel.sent.length < route.perHour) {
        channel.sent.push(now);
        channel.pending = Object.fromEntries(
          Object.entries(channel.pending).filter(([id]) => id !== alert.id),
        );
        planned.push({ channel: route.name, message: alertMessage(alert, messageOptions, previous) });
      } else {
        channel.pending[alert.id] = alert;
      }
    }
    const pending = Object.values(channel.pending);
    if (pending.length > 0 && now - channel.lastDigestAt >= route.digestEveryMs) {
      channel.pending = {};
      channel.lastDigestAt = now;
      planned.push({ channel: route.name, message: digestMessage(pending, messageOptions) });
    }
    forgetOld(channel, now);
  }
  return planned;
}
