import { describe, expect, it } from 'vitest';
import { TopCounter } from '../../src/pipeline/top-counter.js';

describe('TopCounter', () => {
  it('ranks by count, then key', () => {
    const counter = new TopCounter();
    for (const key of ['b', 'a', 'b', 'c', 'a', 'b']) counter.add(key);
    expect(counter.top(2)).toEqual([
      { key: 'b', count: 3 },
      { key: 'a', count: 2 },
    ]);
  });

  it('keeps heavy hitters while forgetting the long tail within its capacity', () => {
    const counter = new TopCounter(100);
    for (let i = 0; i < 50_000; i++) {
      counter.add(`noise-${i}`);
      if (i % 10 === 0) counter.add('attacker');
    }
    const [first] = counter.top(1);
    expect(first?.key).toBe('attacker');
    expect(first?.count).toBeGreaterThan(4000);
    expect(counter.top(1000).length).toBeLessThanOrEqual(100);
  });
});
