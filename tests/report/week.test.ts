import { describe, expect, it } from 'vitest';
import { isoWeek, localDayBounds, previousWeek, weekContaining } from '../../src/report/week.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('ISO weeks in a time zone', () => {
  it('defaults to the last complete week', () => {
    const week = isoWeek(undefined, 'Europe/Berlin', Date.parse('2026-11-25T12:00:00Z'));
    expect(week.name).toBe('2026-W47');
    expect(week.days[0]).toBe('2026-11-16');
    expect(iso(week.startMs)).toBe('2026-11-15T23:00:00.000Z');
  });

  it('is 169 hours long across the end of daylight saving time, 168 otherwise', () => {
    const autumn = isoWeek('2026-W43', 'Europe/Berlin', 0);
    expect((autumn.endMs - autumn.startMs) / 3_600_000).toBe(169);
    const plain = isoWeek('2026-W46', 'Europe/Berlin', 0);
    expect((plain.endMs - plain.startMs) / 3_600_000).toBe(168);
  });

  it('handles weeks that belong to another year than some of their days', () => {
    expect(isoWeek('2020-W53', 'UTC', 0).days).toEqual([
      '2020-12-28',
      '2020-12-29',
      '2020-12-30',
      '2020-12-31',
      '2021-01-01',
      '2021-01-02',
      '2021-01-03',
    ]);
    expect(weekContaining('2027-01-01', 'UTC').name).toBe('2026-W53');
    expect(previousWeek(isoWeek('2026-W01', 'UTC', 0), 'UTC').name).toBe('2025-W52');
  });

  it('rejects what is not a week', () => {
    expect(() => isoWeek('2026-W54', 'UTC', 0)).toThrow(/ISO week such as 2026-W47/);
    expect(() => isoWeek('last week', 'UTC', 0)).toThrow(/ISO week/);
  });

  it('gives the instants of a local day', () => {
    const day = localDayBounds('2026-11-19', 'America/New_York');
    expect(iso(day.startMs)).toBe('2026-11-19T05:00:00.000Z');
    expect(iso(day.endMs)).toBe('2026-11-20T05:00:00.000Z');
  });
});
