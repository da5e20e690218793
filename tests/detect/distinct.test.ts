import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../src/detect/distinct.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 19, 9, 0);

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
