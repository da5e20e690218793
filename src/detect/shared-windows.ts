import { ownKey } from './strings.js';
import {
  BUCKETS,
  DEFAULT_MAX_KEYS,
  STRIDE,
  countAt,
  emptyWindows,
  evictOldest,
  idleAt,
  oldestAt,
  totalAt,
  totalOf,
  type WindowCounter,
} from './windows.js';

/**
 * Several rules counting the same events per key over different windows (failed SSH logins per
 * address: 5 minutes, an hour, 12 hours) share one of these: one lookup per event updates every
 * window, whichever rule sees the event first. Windows are registered before the first event.
 * A key's windows are one flat array, side by side (see {@link STRIDE}).
 */
export class SharedWindows {
  private readonly widths: number[] = [];
  private readonly lengths: number[] = [];
  private readonly keys = new Map<string, number[]>();
  private lastEvent: object | undefined;
  private lastKey = '';
  private lastRecord: number[] = [];
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxKeys = DEFAULT_MAX_KEYS) {}

  counter(windowMs: number): WindowCounter {
    let index = this.lengths.indexOf(windowMs);
    if (index < 0) {
      index = this.lengths.push(windowMs) - 1;
      this.widths.push(Math.max(1, windowMs / BUCKETS));
    }
    const width = this.widths[index] ?? 1;
    const base = index * STRIDE;
    return {
      add: (key, ts, event) => totalOf(this.record(key, ts, event), base),
      count: (key, now) => {
        const record = this.keys.get(key);
        return record === undefined ? 0 : totalAt(record, base, width, now);
      },
      oldest: (key) => oldestAt(this.keys.get(key), base, width),
    };
  }

  private record(key: string, ts: number, event: object | undefined): number[] {
    if (event !== undefined && event === this.lastEvent && key === this.lastKey) return this.lastRecord;
    if (ts >= this.nextSweep) this.sweep(ts);
    let record = this.keys.get(key);
    if (record === undefined) {
      record = emptyWindows(this.widths.length);
      this.keys.set(ownKey(key), record);
      evictOldest(this.keys, this.maxKeys);
    }
    const widths = this.widths;
    for (let i = 0, base = 0; i < widths.length; i++, base += STRIDE) {
      countAt(record, base, widths[i] ?? 1, ts);
    }
    this.lastEvent = event;
    this.lastKey = key;
    this.lastRecord = record;
    return record;
  }

  /** Forgets keys with nothing left in the longest window; due once per that window. */
  private sweep(now: number): void {
    const longest = Math.max(...this.lengths);
    this.nextSweep = now + longest;
    const width = Math.max(1, longest / BUCKETS);
    const base = this.lengths.indexOf(longest) * STRIDE;
    const bucket = Math.floor(now / width);
    for (const [key, record] of this.keys) if (idleAt(record, base, bucket)) this.keys.delete(key);
  }
}
