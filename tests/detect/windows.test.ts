import { describe, expect, it } from 'vitest';
import { DistinctCounter, SharedWindows, SlidingCounter } from '../../src/detect/windows.js';

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

describe('DistinctCounter', () => {
  it('counts distinct values per key within the window', () => {
    const counter = new DistinctCounter(10 * MINUTE);
    expect(counter.add('ip', '/a', T0)).toBe(1);
    expect(counter.add('ip', '/a', T0 + 1000)).toBe(1);
    expect(counter.add('ip', '/b', T0 + 2000)).toBe(2);
    expect(counter.add('ip', '/c', T0 + 3000)).toBe(3);
    expect(counter.add('other', '/a', T0 + 3000)).toBe(1);
    expect(counter.values('ip', T0 + 4000).sort()).toEqual(['/a', '/b', '/c']);
    expect(counter.oldest('ip')).toBe(T0 + 1000);
    expect(counter.count('ip', T0 + 30 * MINUTE)).toBe(0);
  });

  it('answers for a key with one value as for any other', () => {
    const counter = new DistinctCounter(10 * MINUTE);
    counter.add('ip', '/a', T0);
    expect(counter.count('ip', T0 + MINUTE)).toBe(1);
    expect(counter.values('ip', T0 + MINUTE)).toEqual(['/a']);
    expect(counter.oldest('ip')).toBe(T0);
    // A value seen again keeps the key at one, with its latest time.
    expect(counter.add('ip', '/a', T0 + 2 * MINUTE)).toBe(1);
    expect(counter.count('ip', T0 + 11 * MINUTE)).toBe(1);
    expect(counter.count('ip', T0 + 13 * MINUTE)).toBe(0);
    expect(counter.values('ip', T0 + 13 * MINUTE)).toEqual([]);
  });

  it('replaces a lone value gone from the window instead of counting it', () => {
    const counter = new DistinctCounter(10 * MINUTE);
    counter.add('ip', '/a', T0);
    expect(counter.add('ip', '/b', T0 + 11 * MINUTE)).toBe(1);
    expect(counter.values('ip', T0 + 11 * MINUTE)).toEqual(['/b']);
    expect(counter.add('ip', '/c', T0 + 12 * MINUTE)).toBe(2);
  });

  it('removes a value, lone or one of many', () => {
    const counter = new DistinctCounter(10 * MINUTE);
    counter.add('one', '/a', T0);
    counter.remove('one', '/a');
    expect(counter.count('one', T0)).toBe(0);
    expect(counter.oldest('one')).toBeNaN();
    counter.add('two', '/a', T0);
    counter.add('two', '/b', T0 + 1000);
    counter.remove('two', '/a');
    expect(counter.values('two', T0 + 2000)).toEqual(['/b']);
  });

  it('keeps at most maxPerKey values of a key and maxKeys keys', () => {
    const counter = new DistinctCounter(10 * MINUTE, { maxKeys: 3, maxPerKey: 4 });
    for (let i = 0; i < 10; i++) counter.add('ip', `/p${String(i)}`, T0 + i);
    expect(counter.count('ip', T0 + 10)).toBe(4);
    for (let i = 0; i < 5; i++) counter.add(`k${String(i)}`, '/a', T0 + 20 + i);
    expect(counter.count('ip', T0 + 30)).toBe(0);
    expect(counter.count('k4', T0 + 30)).toBe(1);
  });
});
