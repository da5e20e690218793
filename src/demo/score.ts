import { networkPrefix } from '../detect/network.js';
import type { Alert } from '../detect/types.js';
import type { DemoAttack } from './generate.js';

export interface DemoScore {
  /** Attacks with at least one alert of one of their rules. */
  readonly found: readonly { readonly attack: DemoAttack; readonly alerts: readonly Alert[] }[];
  readonly missed: readonly DemoAttack[];
  /** Alerts that belong to no planted attack: false alarms on the demo's normal traffic. */
  readonly unexplained: readonly Alert[];
}

/** Slack around an attack's time range: windows open a little after it starts, incidents stay open a cooldown. */
const SLACK_MS = 60 * 60_000;

function overlaps(alert: Alert, attack: DemoAttack): boolean {
  const first = Date.parse(alert.first_seen);
  const last = Date.parse(alert.last_seen);
  return first <= Date.parse(attack.end) + SLACK_MS && last >= Date.parse(attack.start) - SLACK_MS;
}

function sharesSource(alert: Alert, attack: DemoAttack): boolean {
  if (attack.sourceIps.length === 0) return true;
  const attackers = new Set(attack.sourceIps.flatMap((ip) => [ip, networkPrefix(ip)]));
  return alert.source_ips.some((ip) => attackers.has(ip));
}

function belongs(alert: Alert, attack: DemoAttack): boolean {
  return (
    overlaps(alert, attack) &&
    sharesSource(alert, attack) &&
    alert.hosts.some((host) => attack.hosts.includes(host))
  );
}

/** Which planted attacks the alerts found, which they missed, and which alerts are false alarms. */
export function scoreDemo(alerts: readonly Alert[], attacks: readonly DemoAttack[]): DemoScore {
  const found = attacks.flatMap((attack) => {
    const matching = alerts.filter((alert) => attack.rules.includes(alert.rule) && belongs(alert, attack));
    return matching.length > 0 ? [{ attack, alerts: matching }] : [];
  });
  const missed = attacks.filter((attack) => !found.some((f) => f.attack === attack));
  // Any alert about an attack's traffic is explained, whichever rule raised it.
  const unexplained = alerts.filter((alert) => !attacks.some((attack) => belongs(alert, attack)));
  return { found, missed, unexplained };
}
