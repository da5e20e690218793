import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/detect/types.js';
import { emptyState, planMessages, type Route } from '../../src/notify/plan.js';
import { sampleAlert } from './sample.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 19, 3, 0);
const options = { timezone: 'UTC' };

function route(overrides: Partial<Route> = {}): Route {
  return {
    name: 'mail',
    minSeverity: 'medium',
    categories: undefined,
    hosts: undefined,
    perHour: 10,
    digestEveryMs: HOUR,
    ...overrides,
  };
}

describe('planMessages', () => {
  it('tells a two-hour brute force once when it opens and once when it escalates, not per window', () => {
    const state = emptyState();
    const kinds: string[] = [];
    // The daemon sees the incident grow every minute for two hours.
    for (let minute = 0; minute <= 120; minute++) {
      const count = 20 + minute * 10;
      const alert = sampleAlert({ severity: count >= 200 ? 'high' : 'medium', count });
      const planned = planMessages(state, [route()], [alert], T0 + minute * MINUTE, options);
      kinds.push(...planned.map((p) => p.message.kind));
    }
    expect(kinds).toEqual(['opened', 'escalated']);
  });

  it('tells an incident again when its count grows tenfold', () => {
    const state = emptyState();
    const at = (count: number, minutes: number) =>
      planMessages(state, [route()], [sampleAlert({ count })], T0 + minutes * MINUTE, options);
    expect(at(30, 0)).toHaveLength(1);
    expect(at(299, 10)).toHaveLength(0);
    const grown = at(300, 20);
    expect(grown.map((p) => p.message.kind)).toEqual(['escalated']);
    expect(grown[0]?.message.text).toContain('events grew from 30 to 300');
  });

  it('turns 500 alerts in an hour into ten messages and one digest that lists every one', () => {
    const state = emptyState();
    const alerts: Alert[] = Array.from({ length: 500 }, (_, i) =>
      sampleAlert({ id: `id${String(i)}`, message: `scan ${String(i)}`, severity: 'medium' }),
    );
    const planned = alerts.flatMap((alert, i) =>
      planMessages(state, [route()], [alert], T0 + i * 7_000, options),
    );
    const singles = planned.filter((p) => p.message.kind === 'opened');
    const digests = planned.filter((p) => p.message.kind === 'digest');
    expect(singles).toHaveLength(10);
    // The first overflow goes out at once (no digest yet); the rest waits out the digest interval.
    expect(digests.length).toBeLessThanOrEqual(2);
    const heldBack = digests.reduce((sum, p) => sum + p.message.alerts.length, 0);
    const stillPending = Object.keys(state.channels.mail?.pending ?? {}).length;
    expect(singles.length + heldBack + stillPending).toBe(500);
    // Nothing lost: the pending ones go in the next digest, an hour later.
    const later = planMessages(state, [route()], [], T0 + 2 * HOUR, options);
    expect(later.map((p) => p.message.kind)).toEqual(stillPending > 0 ? ['digest'] : []);
  });

  it('never holds back a critical, whatever the budget', () => {
    const state = emptyState();
    const tight = route({ perHour: 1 });
    planMessages(state, [tight], [sampleAlert({ id: 'first' })], T0, options);
    const planned = planMessages(
      state,
      [tight],
      [
        sampleAlert({ id: 'second' }),
        sampleAlert({ id: 'pwned', severity: 'critical', category: 'compromise' }),
      ],
      T0 + MINUTE,
      options,
    );
    expect(planned.map((p) => [p.message.kind, p.message.alerts[0]?.id])).toEqual([
      ['opened', 'pwned'],
      ['digest', 'second'],
    ]);
  });

  it('routes by severity, category and host', () => {
    const state = emptyState();
    const channels = [
      route({ name: 'all', minSeverity: 'low' }),
      route({ name: 'urgent', minSeverity: 'high' }),
      route({ name: 'web2-scans', categories: ['scan'], hosts: ['web2'] }),
    ];
    const alerts = [
      sampleAlert({ id: 'low', severity: 'low' }),
      sampleAlert({ id: 'high', severity: 'high' }),
      sampleAlert({ id: 'scan', severity: 'medium', category: 'scan', hosts: ['web1', 'web2'] }),
    ];
    const planned = planMessages(state, channels, alerts, T0, options);
    expect(planned.map((p) => `${p.channel}:${p.message.alerts[0]?.id ?? ''}`)).toEqual([
      'all:low',
      'all:high',
      'all:scan',
      'urgent:high',
      'web2-scans:scan',
    ]);
  });

  it('a channel that did not want an alert at medium hears of it when it becomes high', () => {
    const state = emptyState();
    const urgent = route({ name: 'urgent', minSeverity: 'high' });
    expect(planMessages(state, [urgent], [sampleAlert({ severity: 'medium' })], T0, options)).toEqual([]);
    const planned = planMessages(state, [urgent], [sampleAlert({ severity: 'high' })], T0 + MINUTE, options);
    expect(planned.map((p) => p.message.kind)).toEqual(['opened']);
  });
});
