import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { Alert } from '../../src/detect/types.js';
import type { Event } from '../../src/events.js';
import { buildRules, detectOptions } from '../../src/pipeline/detection.js';
import { mergeByTime } from '../../src/pipeline/merge.js';

const T0 = Date.UTC(2026, 10, 24, 10);

function failure(ts: number, ip = '185.220.101.47'): Event {
  return {
    ts,
    host: 'web1',
    source: 'auth',
    kind: 'auth.failure',
    ip,
    user: 'root',
    raw: `failure at ${String(ts)}`,
  };
}

function request(ts: number, status: number, ip: string): Event {
  return {
    ts,
    host: 'web2',
    source: 'access',
    kind: 'http.request',
    ip,
    method: 'GET',
    path: '/jobs',
    status,
  };
}

function run(
  events: readonly Event[],
  user: Parameters<typeof resolveConfig>[0] = {},
  iocs: readonly string[] = [],
): Alert[] {
  const config = resolveConfig({ timezone: 'UTC', ...user }, undefined, process.cwd());
  const engine = new DetectionEngine(buildRules(config), detectOptions(config, iocs));
  for (const event of events) engine.push(event);
  return engine.finish();
}

const burst = (start: number, n: number): Event[] =>
  Array.from({ length: n }, (_, i) => failure(start + i * 5_000));

describe('incidents', () => {
  it('one attack is one alert that grows, with the time its activity began', () => {
    const alerts = run(burst(T0, 60));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      rule: 'ssh-brute-force',
      count: 60,
      first_seen: new Date(T0).toISOString(),
    });
  });

  it('closes after the cooldown; activity after it is a new incident with a new id', () => {
    const alerts = run([...burst(T0, 30), ...burst(T0 + 2 * 3_600_000, 30)]);
    expect(alerts.map((a) => a.rule)).toEqual(['ssh-brute-force', 'ssh-brute-force']);
    expect(alerts[0]?.id).not.toBe(alerts[1]?.id);
    const within = run([...burst(T0, 30), ...burst(T0 + 20 * 60_000, 30)], { detection: { cooldown: '1h' } });
    expect(within).toHaveLength(1);
    expect(within[0]?.count).toBe(60);
  });

  it('says nothing about an allowlisted network', () => {
    expect(run(burst(T0, 60), { detection: { allowlist: { ips: ['185.220.101.0/24'] } } })).toEqual([]);
  });

  it('judges the last minute of input: an outage in the very last minute is found', () => {
    const events: Event[] = [];
    for (let s = 0; s < 30 * 60; s++) events.push(request(T0 + s * 1000, 200, `84.10.${String(s % 200)}.1`));
    for (let s = 0; s < 60; s++)
      events.push(request(T0 + 30 * 60_000 + s * 1000, 502, `84.11.${String(s % 200)}.1`));
    expect(run(events).map((a) => a.rule)).toEqual(['http-5xx-spike']);
  });
});

describe('ioc-match', () => {
  it('alerts on the first event from a listed address or network, once per address, and on nothing else', () => {
    const events = [
      request(T0, 200, '84.10.1.1'),
      request(T0 + 1_000, 200, '198.51.100.23'),
      request(T0 + 2_000, 404, '198.51.100.23'),
      failure(T0 + 3_000, '2001:db8:bad::7'),
    ];
    const alerts = run(events, {}, ['198.51.100.0/24', '2001:db8:bad::/48', '203.0.113.5']);
    expect(alerts.map((a) => [a.rule, a.category, a.severity, a.count, a.source_ips])).toEqual([
      ['ioc-match', 'ioc', 'high', 2, ['198.51.100.23']],
      ['ioc-match', 'ioc', 'high', 1, ['2001:db8:bad::7']],
    ]);
    expect(run(events)).toEqual([]);
  });
});

describe('mergeByTime', () => {
  async function* stream(batches: number[][]): AsyncGenerator<Event[]> {
    for (const batch of batches) yield batch.map((ts) => failure(ts, String(ts)));
    await Promise.resolve();
  }

  it('merges streams of batches into one stream in time order, keeping ties in stream order', async () => {
    const seen: number[] = [];
    await mergeByTime(
      [stream([[1, 4], [], [9]]), stream([[2, 3, 10]]), stream([]), stream([[4, 5], [6]])],
      (event) => seen.push(event.ts),
    );
    expect(seen).toEqual([1, 2, 3, 4, 4, 5, 6, 9, 10]);
  });
});
