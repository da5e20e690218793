import { own } from '../detect/strings.js';
/**
 * Approximate top-k counter with bounded memory: when more than `capacity` keys are tracked,
 * the less frequent half is forgotten. Heavy hitters (what a "top addresses" table shows)
 * survive; memory stays flat however many distinct keys a month of logs brings.
 */
export class TopCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {}

  add(key: string, by = 1): void {
    const current = this.counts.get(key);
    if (current !== undefined) {
      this.counts.set(key, current + by);
      return;
    }
    if (this.counts.size >= this.capacity) this.forgetLowerHalf();
    this.counts.set(own(key), by);
  }

  top(n: number): { key: string; count: number }[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([key, count]) => ({ key, count }));
  }

  private forgetLowerHalf(): void {
    const sorted = [...this.counts.values()].sort((a, b) => a - b);
    const threshold = sorted[Math.floor(sorted.length / 2)] ?? 0;
    for (const [key, count] of this.counts) if (count <= threshold) this.counts.delete(key);
  }
}
