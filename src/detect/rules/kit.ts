import { EventKinds, type Event } from '../../events.js';
import { ownKey } from '../strings.js';
import { SharedWindows } from '../shared-windows.js';
import { SlidingCounter, formatDuration, type WindowCounter } from '../windows.js';
import type { Finding, IncidentView, RuleContext } from '../types.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/**
 * The common shape of threshold rules: count events per key within a window; when the count
 * reaches the threshold an incident opens with all of them, and every later event while it is
 * active is added to it.
 */
export class ThresholdCounter {
  private readonly counter: WindowCounter;

  constructor(
    private readonly ctx: RuleContext,
    /** A window length (a counter of its own), or a counter shared with other rules. */
    window: number | WindowCounter,
    private readonly threshold: number,
    /** What the incident lists as the source of an event (default its address). */
    private readonly sourceOf?: (event: Event) => string | undefined,
  ) {
    this.counter = typeof window === 'number' ? new SlidingCounter(window) : window;
  }

  /**
   * Counts the event; reports when over threshold (and `ready`: any other condition the rule
   * has). `finding` (by default what the event says of itself) is only built when there is
   * something to report. Returns the key's count in the window.
   */
  add(
    key: string,
    event: Event,
    ready = true,
    finding?: () => Omit<Finding, 'key' | 'ts' | 'count'>,
  ): number {
    const count = this.counter.add(key, event.ts, event);
    const source = this.sourceOf === undefined ? undefined : this.sourceOf(event);
    if (this.ctx.extend(key, event, source)) return count;
    this.reportOver(key, event, count, ready, finding);
    return count;
  }

  /** {@link add} for a key the caller has just found no open incident for: no second look. */
  addUnextended(
    key: string,
    event: Event,
    ready: boolean,
    finding?: () => Omit<Finding, 'key' | 'ts' | 'count'>,
  ): number {
    const count = this.counter.add(key, event.ts, event);
    this.reportOver(key, event, count, ready, finding);
    return count;
  }

  private reportOver(
    key: string,
    event: Event,
    count: number,
    ready: boolean,
    finding: (() => Omit<Finding, 'key' | 'ts' | 'count'>) | undefined,
  ): void {
    if (ready && count >= this.threshold && !this.ctx.suppressed(key, event.ts)) {
      const found = finding === undefined ? eventFinding(event) : finding();
      this.ctx.report({ ...found, key, ts: event.ts, since: this.counter.oldest(key), count });
    }
  }
}

/**
 * Failed SSH logins: sshd's own `Failed …` lines, or, on hosts whose sshd logs only through PAM
 * (`sshd(pam_unix)[…]: authentication failure; … rhost=…`), the PAM lines. Never both for one
 * host, so an attempt is counted once. One for all the SSH rules of an engine: they must agree on
 * which hosts log both, and each event is judged once, not once per rule.
 */
class SshFailureGate {
  private readonly hostsWithSshdLines = new Set<string>();
  private lastEvent: Event | undefined;
  private lastAnswer = false;

  counts(event: Event): boolean {
    if (event === this.lastEvent) return this.lastAnswer;
    let answer: boolean;
    if (event.kind === EventKinds.authFailure) {
      if (!this.hostsWithSshdLines.has(event.host)) this.hostsWithSshdLines.add(ownKey(event.host));
      answer = true;
    } else {
      answer = !this.hostsWithSshdLines.has(event.host) && event.program?.startsWith('sshd') === true;
    }
    this.lastEvent = event;
    this.lastAnswer = answer;
    return answer;
  }
}

/** Calls `handler` with every failed SSH login, as {@link SshFailureGate} tells them. */
export function onSshFailure(
  ctx: RuleContext,
  handler: (event: Event) => void,
): Record<string, (event: Event) => void> {
  const gate = ctx.shared('ssh-failure-gate', () => new SshFailureGate());
  const on = (event: Event): void => {
    if (gate.counts(event)) handler(event);
  };
  return { [EventKinds.authFailure]: on, [EventKinds.authPamFailure]: on };
}

/** Failed SSH logins per address, over the windows the SSH rules ask for. */
export function sshFailuresByAddress(ctx: RuleContext, windowMs: number): WindowCounter {
  return ctx.shared('ssh-failures-by-address', () => new SharedWindows()).counter(windowMs);
}

/** Failed SSH logins per network (/24, /64), over the windows the SSH rules ask for. */
export function sshFailuresByNetwork(ctx: RuleContext, windowMs: number): WindowCounter {
  return ctx.shared('ssh-failures-by-network', () => new SharedWindows()).counter(windowMs);
}

/** The finding fields an event gives by itself. */
export function evidenceOf(event: Event): Pick<Finding, 'hosts' | 'evidence'> {
  return { hosts: [event.host], evidence: event.raw === undefined ? [] : [event.raw] };
}

/** Host, evidence line, address and user of an event, as a finding about it carries them. */
export function eventFinding(event: Event): Pick<Finding, 'hosts' | 'evidence' | 'ips' | 'users'> {
  return { ...evidenceOf(event), ips: ipsOf(event), users: usersOf(event) };
}

export function ipsOf(event: Event): string[] {
  return event.ip === undefined ? [] : [event.ip];
}

export function usersOf(event: Event): string[] {
  return event.user === undefined ? [] : [event.user];
}

/** `on web1` / `on web1 and web2` / `on 3 hosts`. */
export function onHosts(incident: IncidentView): string {
  const hosts = incident.hosts;
  if (hosts.length === 0) return '';
  if (hosts.length === 1) return ` on ${hosts[0] ?? ''}`;
  if (hosts.length === 2) return ` on ${hosts[0] ?? ''} and ${hosts[1] ?? ''}`;
  return ` on ${String(hosts.length)} hosts`;
}

/** `in 6 min` (first to last event). */
export function during(incident: IncidentView): string {
  return `in ${formatDuration(incident.lastSeen - incident.firstSeen)}`;
}

/** `185.220.101.47` or `24 addresses` . */
export function sources(incident: IncidentView): string {
  if (incident.ipCount === 1) return incident.ips[0] ?? incident.key;
  return `${String(incident.ipCount)} addresses`;
}

export { plural } from '../words.js';
