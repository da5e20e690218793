import { ownKey } from './strings.js';
import { BUCKETS, DEFAULT_MAX_KEYS, MASK, evictOldest, type WindowCounter } from './windows.js';

/**
 * A window's slots in a {@link SharedWindows} record: its buckets, then the newest bucket's
 * index, then the total.
 */
const STRIDE = BUCKETS + 2;
const NEWEST = BUCKETS;
const TOTAL = BUCKETS + 1;

/** A record of `windows` windows, all empty, as one packed array of doubles. */
function emptyRecord(windows: number): number[] {
  const record: number[] = [];
  for (let w = 0; w < windows; w++) {
    for (let i = 0; i < BUCKETS; i++) record.push(0);
    record.push(Number.NEGATIVE_INFINITY, 0);
  }
  return record;
}

/** {@link Buckets.advance} for the window at `base` of a record. */
function advanceAt(record: number[], base: number, bucket: number): void {
  const newest = record[base + NEWEST] ?? 0;
  if (bucket <= newest) return;
  if (bucket - newest >= BUCKETS) {
    for (let i = 0; i < BUCKETS; i++) record[base + i] = 0;
    record[base + TOTAL] = 0;
  } else {
    let total = record[base + TOTAL] ?? 0;
    for (let b = newest + 1; b <= bucket; b++) {
      const slot = base + (b & MASK);
      total -= record[slot] ?? 0;
      record[slot] = 0;
    }
    record[base + TOTAL] = total;
  }
  record[base + NEWEST] = bucket;
}

/**
 * Several rules counting the same events per key over different windows (failed SSH logins per
 * address: 5 minutes, an hour, 12 hours) share one of these: one lookup per event updates every
 * window, whichever rule sees the event first. Windows are registered before the first event.
 * A key's windows are one flat array (buckets, newest, total per window): one object to reach
 * per event instead of one per window.
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
      add: (key, ts, event) => this.record(key, ts, event)[base + TOTAL] ?? 0,
      count: (key, now) => {
        const record = this.keys.get(key);
        if (record === undefined) return 0;
        advanceAt(record, base, Math.floor(now / width));
        return record[base + TOTAL] ?? 0;
      },
      oldest: (key) => {
        const record = this.keys.get(key);
        if (record === undefined || record[base + TOTAL] === 0) return Number.NaN;
        const newest = record[base + NEWEST] ?? 0;
        for (let b = newest - BUCKETS + 1; b <= newest; b++) {
          if ((record[base + (b & MASK)] ?? 0) > 0) return b * width;
        }
        return Number.NaN;
      },
    };
  }

  private record(key: string, ts: number, event: object | undefined): number[] {
    if (event !== undefined && event === this.lastEvent && key === this.lastKey) return this.lastRecord;
    if (ts >= this.nextSweep) this.sweep(ts);
    let record = this.keys.get(key);
    if (record === undefined) {
      record = emptyRecord(this.widths.length);
      this.keys.set(ownKey(key), record);
      evictOldest(this.keys, this.maxKeys);
    }
    const widths = this.widths;
    for (let i = 0, base = 0; i < widths.length; i++, base += STRIDE) {
      const bucket = Math.floor(ts / (widths[i] ?? 1));
      advanceAt(record, base, bucket);
      if (bucket > (record[base + NEWEST] ?? 0) - BUCKETS) {
        const slot = base + (bucket & MASK);
        record[slot] = (record[slot] ?? 0) + 1;
        record[base + TOTAL] = (record[base + TOTAL] ?? 0) + 1;
      }
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
    const newestAt = this.lengths.indexOf(longest) * STRIDE + NEWEST;
    const bucket = Math.floor(now / width);
    for (const [key, record] of this.keys) {
      if (bucket - (record[newestAt] ?? Number.NEGATIVE_INFINITY) >= BUCKETS) this.keys.delete(key);
    }
  }
}
