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

/** BUCKETS zeros in a packed array (`new Array(n).fill(0)` stays holey: a hole check per read). */
function zeros(): number[] {
  const counts: number[] = [];
  for (let i = 0; i < BUCKETS; i++) counts.push(0);
  return counts;
}

/** Counts of one key in the buckets of the window, and their sum. */
class Buckets {
  /** A plain array of small integers: allocated on the heap, unlike a typed array's buffer. */
  readonly counts: number[] = zeros();
  /** Absolute index (time / width) of the newest bucket. */
  newest = Number.NEGATIVE_INFINITY;
  total = 0;

  /** Moves the window so its newest bucket is `bucket`, emptying the buckets it leaves. */
  advance(bucket: number): void {
    if (bucket <= this.newest) return;
    if (bucket - this.newest >= BUCKETS) {
      this.counts.fill(0);
      this.total = 0;
    } else {
      for (let b = this.newest + 1; b <= bucket; b++) {
        const slot = b & MASK;
        this.total -= this.counts[slot] ?? 0;
        this.counts[slot] = 0;
      }
    }
    this.newest = bucket;
  }
}

/** Counts `ts` into the buckets of a window of `width`-wide buckets; the window's new total. */
function countInto(buckets: Buckets, width: number, ts: number): number {
  const bucket = Math.floor(ts / width);
  buckets.advance(bucket);
  if (bucket > buckets.newest - BUCKETS) {
    const slot = bucket & MASK;
    buckets.counts[slot] = (buckets.counts[slot] ?? 0) + 1;
    buckets.total++;
  }
  return buckets.total;
}

function oldestIn(buckets: Buckets | undefined, width: number): number {
  if (buckets === undefined || buckets.total === 0) return Number.NaN;
  for (let b = buckets.newest - BUCKETS + 1; b <= buckets.newest; b++) {
    if ((buckets.counts[b & MASK] ?? 0) > 0) return b * width;
  }
  return Number.NaN;
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
  /** Buckets per key; a key seen once holds just that event's time (most addresses are seen once). */
  private readonly keys = new Map<string, Buckets | number>();
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
    if (typeof entry !== 'number') return countInto(entry, this.width, ts);
    if (Math.abs(ts - entry) >= this.windowMs) {
      this.keys.set(key, Math.max(ts, entry));
      return 1;
    }
    const buckets = new Buckets();
    countInto(buckets, this.width, Math.min(entry, ts));
    countInto(buckets, this.width, Math.max(entry, ts));
    this.keys.set(key, buckets);
    return buckets.total;
  }

  count(key: string, now: number): number {
    const entry = this.keys.get(key);
    if (entry === undefined) return 0;
    if (typeof entry === 'number') return now - entry < this.windowMs ? 1 : 0;
    entry.advance(Math.floor(now / this.width));
    return entry.total;
  }

  /** Start of the oldest bucket of the key still holding events (NaN when none). */
  oldest(key: string): number {
    const entry = this.keys.get(key);
    return typeof entry === 'number' ? entry : oldestIn(entry, this.width);
  }

  /** Forgets keys with nothing left in the window ending at `now`; due once per window. */
  private sweep(now: number): void {
    this.nextSweep = now + this.windowMs;
    const bucket = Math.floor(now / this.width);
    for (const [key, entry] of this.keys) {
      const idle =
        typeof entry === 'number' ? now - entry >= this.windowMs : bucket - entry.newest >= BUCKETS;
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
