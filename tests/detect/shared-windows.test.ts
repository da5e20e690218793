import { describe, expect, it } from 'vitest';
import { SharedWindows } from '../../src/detect/shared-windows.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 19, 9, 0);

describe('SharedWindows', () => {
  it('updates every registered window once per event, whichever rule counts it first', () => {
    const shared = new SharedWindows();
    const short = shared.counter(5 * MINUTE);
    const long = shared.counter(60 * MINUTE);
    for (let i = 0; i < 12; i++) {
      const event = {};
      const ts = T0 + i * MINUTE;
      short.add('a', ts, event);
      // The same event seen by the second rule is not counted again.
      long.add('a', ts, event);
      long.add('a', ts, event);
    }
    expect(short.count('a', T0 + 11 * MINUTE)).toBe(5);
    expect(long.count('a', T0 + 11 * MINUTE)).toBe(12);
    expect(shared.counter(5 * MINUTE).count('a', T0 + 11 * MINUTE)).toBe(5);
  });
});
