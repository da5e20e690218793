import { ownKey } from '../detect/strings.js';
/**
 * Approximate top-k counter with bounded memory: when more than `capacity` keys are tracked,
 * the less frequent half is forgotten. Heavy hitters (what a "top addresses" table shows)
 * survive; memory stays flat however many distinct keys a month of logs brings.
 */
export class TopCounter {
  /** Counts in boxes, so that counting a known key is one lookup, not a lookup and a store. */
  private readonly counts = new Map<string, { n: number }>();

  constructor(private readonly capacity = 10_000) {}

  add(key: string, by = 1): void {
    const box = this.counts.get(key);
    if (box !== undefined) {
      box.n += by;
      return;
    }
    if (this.counts.size >= this.capacity) this.forgetLowerHalf();
    this.counts.set(ownKey(key), { n: by });
  }

  top(n: number): { key: string; count: number }[] {
    return [...this.counts]
      .map(([key, box]) => ({ key, count: box.n }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .slice(0, n);
  }

  private forgetLowerHalf(): void {
    const sorted = [...this.counts.values()].map((box) => box.n).sort((a, b) => a - b);
    const threshold = sorted[Math.floor(sorted.length / 2)] ?? 0;
    for (const [key, box] of this.counts) if (box.n <= threshold) this.counts.delete(key);
  }
}
