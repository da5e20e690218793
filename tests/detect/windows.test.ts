import { describe, expect, it } from 'vitest';
import { SlidingCounter } from '../../src/detect/windows.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 19, 9, 0);

describe('SlidingCounter', () => {
  it('counts the events of a key within the window and forgets older ones', () => {
    const counter = new SlidingCounter(5 * MINUTE);
    expect(counter.add('a', T0)).toBe(1);
    expect(counter.add('a', T0 + MINUTE)).toBe(2);
    expect(counter.add('b', T0 + MINUTE)).toBe(1);
    expect(counter.add('a', T0 + 2 * MINUTE)).toBe(3);
    expect(counter.count('a', T0 + 4 * MINUTE)).toBe(3);
    // The first event leaves the window; the bucket holding it is emptied.
    expect(counter.count('a', T0 + 5 * MINUTE + 10_000)).toBe(2);
    expect(counter.count('a', T0 + 20 * MINUTE)).toBe(0);
    expect(counter.oldest('b')).toBe(T0 + MINUTE);
  });

  it('keeps a key seen once as its time alone, and counts a late event within the window', () => {
    const counter = new SlidingCounter(5 * MINUTE);
    counter.add('a', T0 + 2 * MINUTE);
    expect(counter.add('a', T0)).toBe(2);
    expect(counter.oldest('a')).toBeLessThanOrEqual(T0);
  });
});
