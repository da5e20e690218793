import { describe, expect, it } from 'vitest';
import { IncidentTracker, isoTime, type IncidentChange } from '../../src/detect/incidents.js';
import type { Alert, Finding, Rule } from '../../src/detect/types.js';
import { grouped, plural } from '../../src/detect/words.js';

const T0 = Date.UTC(2026, 10, 24, 10);
const MINUTE = 60_000;
const COOLDOWN = 30 * MINUTE;

const rule: Rule = {
  meta: {
    id: 'test-rule',
    category: 'brute-force',
    severity: 'medium',
    description: 'a rule for these tests',
    mitre: 'T1110 Brute Force',
    thresholds: {},
    thresholdDocs: {},
    action: 'Block {ip} on {host} (user {user}); then check {ip} again.',
    examples: { valid: [], invalid: [] },
  },
  create: () => ({ on: {} }),
  describe: (incident) => `${plural(incident.count, 'event')} from ${incident.ips[0] ?? '?'}`,
};

function finding(key: string, ts: number, extra: Partial<Finding> = {}): Finding {
  return { key, ts, ips: [key], hosts: ['web1'], users: ['root'], ...extra };
}

function tracker(): { incidents: IncidentTracker; changes: [string, IncidentChange][] } {
  const changes: [string, IncidentChange][] = [];
  const incidents = new IncidentTracker(COOLDOWN, (alert: Alert, change) =>
    changes.push([alert.source_ips[0] ?? '', change]),
  );
  return { incidents, changes };
}

describe('IncidentTracker.expire', () => {
  it('closes each incident once it has been quiet for the cooldown, in the order they went quiet', () => {
    const { incidents, changes } = tracker();
    incidents.report(rule, 'medium', finding('10.0.0.1', T0));
    incidents.report(rule, 'medium', finding('10.0.0.2', T0 + MINUTE));
    // The first goes on: it must outlive the second.
    incidents.report(rule, 'medium', finding('10.0.0.1', T0 + 10 * MINUTE));
    incidents.expire(T0 + 31 * MINUTE);
    expect(changes.filter(([, c]) => c === 'closed')).toEqual([]);
    incidents.expire(T0 + 32 * MINUTE);
    expect(changes.filter(([, c]) => c === 'closed')).toEqual([['10.0.0.2', 'closed']]);
    incidents.expire(T0 + 40 * MINUTE + 1);
    expect(changes.filter(([, c]) => c === 'closed').map(([ip]) => ip)).toEqual(['10.0.0.2', '10.0.0.1']);
    expect(incidents.openAlerts()).toEqual([]);
    expect(incidents.takeClosed().map((a) => a.count)).toEqual([1, 2]);
  });

  it('closes an incident once when activity after its cooldown opened a new one for the key', () => {
    const { incidents, changes } = tracker();
    incidents.report(rule, 'medium', finding('10.0.0.1', T0));
    incidents.report(rule, 'medium', finding('10.0.0.1', T0 + 2 * COOLDOWN));
    incidents.expire(T0 + 2 * COOLDOWN + 1);
    expect(changes.map(([, c]) => c)).toEqual(['opened', 'closed', 'opened']);
    incidents.expire(T0 + 4 * COOLDOWN);
    expect(changes.map(([, c]) => c)).toEqual(['opened', 'closed', 'opened', 'closed']);
    const [first, second] = incidents.takeClosed();
    expect(first?.id).not.toBe(second?.id);
  });

  it('keeps a thousand incidents that stay active open, and closes them all when they go quiet', () => {
    const { incidents } = tracker();
    for (let minute = 0; minute < 120; minute++) {
      for (let i = 0; i < 1000; i++)
        incidents.report(
          rule,
          'medium',
          finding(`10.0.${String(i >> 8)}.${String(i & 255)}`, T0 + minute * MINUTE),
        );
      incidents.expire(T0 + minute * MINUTE);
    }
    expect(incidents.takeClosed()).toEqual([]);
    expect(incidents.openAlerts()).toHaveLength(1000);
    incidents.expire(T0 + 150 * MINUTE);
    expect(incidents.takeClosed().map((a) => a.count)).toEqual(Array.from({ length: 1000 }, () => 120));
  });
});

describe('Incident.toAlert', () => {
  it('fills the action with the first address, host and user, without reading the values as placeholders', () => {
    const { incidents } = tracker();
    incidents.report(rule, 'medium', finding('{host}', T0, { users: ['{ip}'] }));
    const [alert] = incidents.openAlerts();
    expect(alert?.action).toBe('Block {host} on web1 (user {ip}); then check {host} again.');
    expect(alert?.first_seen).toBe(new Date(T0).toISOString());
    expect(alert?.message).toBe('1 event from {host}');
  });
});

describe('isoTime', () => {
  it('writes what toISOString writes, across hours, days, years and before 1970', () => {
    const times = [T0, T0 + 1, T0 + 59_999, T0 + 3_599_999, T0 + 3_600_000, T0 - 1, 0, -1, -3_600_001];
    for (let i = 0; i < 5000; i++) times.push(T0 + Math.round((i * 7_919_123) % 400_000_000) - 200_000_000);
    times.push(Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2027, 0, 1), 253_402_300_799_999, 1.5);
    for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('grouped', () => {
  it('writes counts as en-US does', () => {
    for (const n of [
      0, 1, -1, 12, 999, 1000, 1234, -1234, 12_345, 999_999, 1_000_000, 9_876_543_210, -0, 1.5, 1e21,
    ])
      expect(grouped(n)).toBe(n.toLocaleString('en-US'));
    expect(plural(1234, 'failed login')).toBe('1,234 failed logins');
  });
});
