import { describe, expect, it } from 'vitest';
import {
  digitsAt,
  isValidTimeZone,
  localToUtc,
  monthAt,
  offsetDesignatorAt,
  yearInference,
  zoneOffsetMs,
} from '../../src/parse/time.js';

describe('time helpers', () => {
  it('reads months and digits by offset', () => {
    expect(monthAt('x Dec 10', 2)).toBe(11);
    expect(monthAt('Foo', 0)).toBe(-1);
    expect(digitsAt('2026', 0, 4)).toBe(2026);
    expect(digitsAt(' 4', 0, 2)).toBe(4);
    expect(digitsAt('2a', 0, 2)).toBe(-1);
  });

  it('converts wall time in a zone to UTC across DST', () => {
    // Europe/Berlin: CET (+1) in January, CEST (+2) in July.
    expect(localToUtc(2026, 0, 15, 12, 0, 0, 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 15, 11));
    expect(localToUtc(2026, 6, 15, 12, 0, 0, 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 15, 10));
    expect(localToUtc(2026, 6, 15, 12, 0, 0, 250, 'UTC')).toBe(Date.UTC(2026, 6, 15, 12, 0, 0, 250));
    expect(localToUtc(2026, 10, 26, 8, 30, 0, 0, 'America/New_York')).toBe(Date.UTC(2026, 10, 26, 13, 30));
    expect(zoneOffsetMs('Asia/Kolkata', Date.UTC(2026, 0, 1))).toBe(5.5 * 3_600_000);
  });

  it('rolls year-less months after the reference month back a year', () => {
    const january = yearInference(Date.UTC(2027, 0, 3), 'UTC');
    expect(january(11)).toBe(2026);
    expect(january(0)).toBe(2027);
    const november = yearInference(Date.UTC(2026, 10, 24), 'Europe/Berlin');
    expect(november(10)).toBe(2026);
    expect(november(11)).toBe(2025);
  });

  it('reads offset designators', () => {
    expect(offsetDesignatorAt('+0200', 0)).toBe(7_200_000);
    expect(offsetDesignatorAt('-05:30', 0)).toBe(-19_800_000);
    expect(offsetDesignatorAt('Z', 0)).toBe(0);
    expect(offsetDesignatorAt('x', 0)).toBeNaN();
    expect(offsetDesignatorAt('+0x', 0)).toBeNaN();
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
