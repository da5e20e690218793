import { own, ownKey } from './strings.js';

/**
 * Sliding event-time windows keyed by anything (an address, a /24, a host). Memory is bounded:
 * a counter costs a fixed 32 buckets per key, a distinct counter (distinct.ts) at most
 * `maxPerKey` values per key, keys idle for a whole window are swept (by the counter itself, once
 * per window of the events it is given), and at most `maxKeys` keys are tracked (the oldest is
 * dropped first), so a month of logs stays flat. Several rules counting the same events over
 * different windows share them (shared-windows.ts).
 */

/** Keys a counter tracks at most. */
export const DEFAULT_MAX_KEYS = 200_000;

/** Buckets per window: counts are exact to 1/32 of the window (9 s of a 5-minute window). */
export const BUCKETS = 32;
/** `index & MASK` is `index % BUCKETS` for the whole numbers used, without a float division. */
export const MASK = BUCKETS - 1;

/**
 * Windows are kept in flat arrays of numbers: per window, its buckets, then the newest bucket's
 * absolute index (time / width), then the total. A counter's key holds one window; a key of
 * shared windows holds several side by side, one object to reach per event instead of one per
 * window. `base` is where a window starts in its array.
 */
export const STRIDE = BUCKETS + 2;
const NEWEST = BUCKETS;
const TOTAL = BUCKETS + 1;

/** `windows` empty windows in one packed array of doubles. */
export function emptyWindows(windows: number): number[] {
  const record: number[] = [];
  for (let w = 0; w < windows; w++) {
    for (let i = 0; i < BUCKETS; i++) record.push(0);
    record.push(Number.NEGATIVE_INFINITY, 0);
  }
  return record;
}

/** Moves the window at `base` so its newest bucket is `bucket`, emptying the buckets it leaves. */
export function advanceAt(record: number[], base: number, bucket: number): void {
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

/** Counts `ts` into the window at `base` (buckets `width` wide); the window's new total. */
export function countAt(record: number[], base: number, width: number, ts: number): number {
  const bucket = Math.floor(ts / width);
  advanceAt(record, base, bucket);
  if (bucket > (record[base + NEWEST] ?? 0) - BUCKETS) {
    const slot = base + (bucket & MASK);
    record[slot] = (record[slot] ?? 0) + 1;
    record[base + TOTAL] = (record[base + TOTAL] ?? 0) + 1;
  }
  return totalOf(record, base);
}

/** The window's total as it stands. */
export function totalOf(record: number[], base: number): number {
  return record[base + TOTAL] ?? 0;
}

/** The window's total once moved to `now`. */
export function totalAt(record: number[], base: number, width: number, now: number): number {
  advanceAt(record, base, Math.floor(now / width));
  return totalOf(record, base);
}

/** Start of the window's oldest bucket still holding events (NaN when none). */
export function oldestAt(record: number[] | undefined, base: number, width: number): number {
  if (record === undefined || record[base + TOTAL] === 0) return Number.NaN;
  const newest = record[base + NEWEST] ?? 0;
  for (let b = newest - BUCKETS + 1; b <= newest; b++) {
    if ((record[base + (b & MASK)] ?? 0) > 0) return b * width;
  }
  return Number.NaN;
}

/** Whether the window has been empty for a whole window at bucket index `bucket`. */
export function idleAt(record: number[], base: number, bucket: number): boolean {
  return bucket - (record[base + NEWEST] ?? Number.NEGATIVE_INFINITY) >= BUCKETS;
}

/** What a threshold rule needs of a counter: its own, or one window of a shared group. */
export interface WindowCounter {
  /** Adds the event (once per event object in a shared group); the key's count in the window. */
  add(key: string, ts: number, event?: object): number;
  count(key: string, now: number): number;
  oldest(key: string): number;
}

/** Limits of a counter, and how it keeps its keys. */
export interface CounterOptions {
  readonly maxKeys?: number;
  /**
   * Keys are addresses or networks of auth events: kept as the shared copy the parser gives
   * those events ({@link ownKey}), so looking them up compares by reference. Not for keys that
   * are mostly new (a web client's address seen once): sharing one costs more than copying it.
   */
  readonly sharedKeys?: boolean;
}

/**
 * How many events per key fell within the last `windowMs` of event time. Each key costs a fixed
 * 32 counters however busy it is; an event late by more than the window is not counted.
 */
export class SlidingCounter implements WindowCounter {
  /** A window per key; a key seen once holds just that event's time (most addresses are seen once). */
  private readonly keys = new Map<string, number[] | number>();
  private readonly width: number;
  private nextSweep = Number.NEGATIVE_INFINITY;

  private readonly maxKeys: number;
  private readonly keepKey: (key: string) => string;

  constructor(
    readonly windowMs: number,
    options: CounterOptions = {},
  ) {
    this.width = Math.max(1, windowMs / BUCKETS);
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.keepKey = options.sharedKeys === true ? ownKey : own;
  }

  /** Adds one event and returns the key's count within the window ending at `ts`. */
  add(key: string, ts: number): number {
    if (ts >= this.nextSweep) this.sweep(ts);
    const entry = this.keys.get(key);
    if (entry === undefined) {
      this.keys.set(this.keepKey(key), ts);
      evictOldest(this.keys, this.maxKeys);
      return 1;
    }
    if (typeof entry !== 'number') return countAt(entry, 0, this.width, ts);
    if (Math.abs(ts - entry) >= this.windowMs) {
      this.keys.set(key, Math.max(ts, entry));
      return 1;
    }
    const window = emptyWindows(1);
    countAt(window, 0, this.width, Math.min(entry, ts));
    this.keys.set(key, window);
    return countAt(window, 0, this.width, Math.max(entry, ts));
  }

  count(key: string, now: number): number {
    const entry = this.keys.get(key);
    if (entry === undefined) return 0;
    if (typeof entry === 'number') return now - entry < this.windowMs ? 1 : 0;
    return totalAt(entry, 0, this.width, now);
  }

  /** Start of the oldest bucket of the key still holding events (NaN when none). */
  oldest(key: string): number {
    const entry = this.keys.get(key);
    return typeof entry === 'number' ? entry : oldestAt(entry, 0, this.width);
  }

  /** Forgets keys with nothing left in the window ending at `now`; due once per window. */
  private sweep(now: number): void {
    this.nextSweep = now + this.windowMs;
    const bucket = Math.floor(now / this.width);
    for (const [key, entry] of this.keys) {
      const idle = typeof entry === 'number' ? now - entry >= this.windowMs : idleAt(entry, 0, bucket);
      if (idle) this.keys.delete(key);
    }
  }
}

export function evictOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done === true) return;
    map.delete(oldest.value);
  }
}

/** Parses `90s`, `10m`, `2h`, `1d` (or a bare number of seconds) into milliseconds; NaN when invalid. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) return Number.NaN;
  const unit = match[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? Number.NaN;
  return Number(match[1]) * factor;
}

/** `90000` → `1.5 min`, for messages. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${String(Math.max(1, Math.round(ms / 1000)))} s`;
  if (ms < 3_600_000) return `${String(Math.round(ms / 60_000))} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1).replace(/\.0$/, '')} h`;
  return `${(ms / 86_400_000).toFixed(1).replace(/\.0$/, '')} d`;
}
