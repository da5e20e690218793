import { own, ownKey } from './strings.js';

/**
 * Sliding event-time windows keyed by anything (an address, a /24, a host). Memory is bounded:
 * a counter costs a fixed 32 buckets per key, a distinct counter at most `maxPerKey` values per
 * key, keys idle for a whole window are swept (by the counter itself, once per window of the
 * events it is given), and at most `maxKeys` keys are tracked (the oldest
 * is dropped first), so a month of logs stays flat.
 */

const DEFAULT_MAX_KEYS = 200_000;
const DEFAULT_MAX_PER_KEY = 100_000;

/** Buckets per window: counts are exact to 1/32 of the window (9 s of a 5-minute window). */
const BUCKETS = 32;
/** `index & MASK` is `index % BUCKETS` for the whole numbers used, without a float division. */
const MASK = BUCKETS - 1;

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

/** A window's slots in a {@link SharedWindows} record: its buckets, then the newest bucket's index, then the total. */
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

/**
 * The values of one key with when each was last seen. Most keys (an address seen once, a network
 * with one address) only ever hold one value: that one is kept in two fields, and the map, pruned
 * a little at a time, is made when a second value arrives.
 */
class Sightings {
  /** The only value, while there is no map; undefined once it left the window. */
  value: string | undefined;
  ts: number;
  lastSeen: Map<string, number> | undefined;
  /** Event time of the next full pass over the map that drops values gone from the window. */
  nextPrune: number;

  constructor(value: string, ts: number, nextPrune: number) {
    this.value = value;
    this.ts = ts;
    this.lastSeen = undefined;
    this.nextPrune = nextPrune;
  }
}

/** Limits of a {@link DistinctCounter}, and how it keeps its keys and values. */
export interface DistinctOptions extends CounterOptions {
  readonly maxPerKey?: number;
  /** Values are addresses of auth events: kept like {@link CounterOptions.sharedKeys}. */
  readonly sharedValues?: boolean;
}

/**
 * How many distinct values (users, paths, addresses) per key were seen within the last
 * `windowMs`. Values are updated in place and pruned in one pass every 1/32 of the window, so a
 * count may include values that left the window within that last 1/32 (like the counters' buckets).
 */
export class DistinctCounter {
  private readonly sets = new Map<string, Sightings>();
  private readonly pruneEvery: number;
  private readonly maxKeys: number;
  private readonly maxPerKey: number;
  private readonly keepKey: (key: string) => string;
  private readonly keepValue: (value: string) => string;
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    readonly windowMs: number,
    options: DistinctOptions = {},
  ) {
    this.pruneEvery = Math.max(1, windowMs / BUCKETS);
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.maxPerKey = options.maxPerKey ?? DEFAULT_MAX_PER_KEY;
    this.keepKey = options.sharedKeys === true ? ownKey : own;
    this.keepValue = options.sharedValues === true ? ownKey : own;
  }

  /** Adds a value and returns the key's distinct count within the window ending at `ts`. */
  add(key: string, value: string, ts: number): number {
    if (ts >= this.nextSweep) this.sweep(ts);
    const sightings = this.sets.get(key);
    if (sightings === undefined) {
      this.sets.set(this.keepKey(key), new Sightings(this.keepValue(value), ts, ts + this.pruneEvery));
      evictOldest(this.sets, this.maxKeys);
      return 1;
    }
    const values = sightings.lastSeen;
    if (values === undefined) return this.addToSingle(sightings, value, ts);
    const previous = values.get(value);
    // Setting a known value keeps the key string already stored; only a new one is copied.
    if (previous === undefined) {
      values.set(this.keepValue(value), ts);
      if (values.size > this.maxPerKey) evictOldest(values, this.maxPerKey);
    } else if (ts > previous) {
      values.set(value, ts);
    }
    if (ts >= sightings.nextPrune) this.prune(sightings, ts);
    return values.size;
  }

  count(key: string, now: number): number {
    const sightings = this.sets.get(key);
    if (sightings === undefined) return 0;
    if (sightings.lastSeen === undefined) return this.singleIn(sightings, now) ? 1 : 0;
    if (now >= sightings.nextPrune) this.prune(sightings, now);
    return sightings.lastSeen.size;
  }

  /** The values of a key still in the window ending at `now`. */
  values(key: string, now: number): string[] {
    const sightings = this.sets.get(key);
    if (sightings === undefined) return [];
    if (sightings.lastSeen === undefined) {
      return this.singleIn(sightings, now) && sightings.value !== undefined ? [sightings.value] : [];
    }
    this.prune(sightings, now);
    return [...sightings.lastSeen.keys()];
  }

  /** When the value seen longest ago (still in the window) was last seen (NaN when none). */
  oldest(key: string): number {
    const sightings = this.sets.get(key);
    if (sightings === undefined) return Number.NaN;
    if (sightings.lastSeen === undefined) return sightings.value === undefined ? Number.NaN : sightings.ts;
    if (sightings.lastSeen.size === 0) return Number.NaN;
    let oldest = Number.POSITIVE_INFINITY;
    for (const ts of sightings.lastSeen.values()) if (ts < oldest) oldest = ts;
    return oldest;
  }

  remove(key: string, value: string): void {
    const sightings = this.sets.get(key);
    if (sightings === undefined) return;
    if (sightings.lastSeen !== undefined) sightings.lastSeen.delete(value);
    else if (sightings.value === value) sightings.value = undefined;
  }

  /** A value for a key holding at most one: the same again, a replacement, or the second one. */
  private addToSingle(sightings: Sightings, value: string, ts: number): number {
    if (sightings.value === value) {
      if (ts > sightings.ts) sightings.ts = ts;
      return 1;
    }
    if (!this.singleIn(sightings, ts)) {
      sightings.value = this.keepValue(value);
      sightings.ts = ts;
      return 1;
    }
    const values = new Map<string, number>();
    values.set(sightings.value ?? '', sightings.ts);
    values.set(this.keepValue(value), ts);
    sightings.lastSeen = values;
    sightings.value = undefined;
    sightings.nextPrune = ts + this.pruneEvery;
    return 2;
  }

  private singleIn(sightings: Sightings, now: number): boolean {
    return sightings.value !== undefined && sightings.ts >= now - this.windowMs;
  }

  /** Prunes every key and forgets the empty ones; due once per window. */
  private sweep(now: number): void {
    this.nextSweep = now + this.windowMs;
    for (const [key, sightings] of this.sets) {
      if (sightings.lastSeen === undefined) {
        if (!this.singleIn(sightings, now)) this.sets.delete(key);
        continue;
      }
      this.prune(sightings, now);
      if (sightings.lastSeen.size === 0) this.sets.delete(key);
    }
  }

  private prune(sightings: Sightings, now: number): void {
    const before = now - this.windowMs;
    const lastSeen = sightings.lastSeen;
    sightings.nextPrune = now + this.pruneEvery;
    if (lastSeen === undefined) return;
    // forEach, not for…of over entries: no [value, ts] pair allocated per value.
    lastSeen.forEach((ts, value) => {
      if (ts < before) lastSeen.delete(value);
    });
  }
}

function evictOldest(map: Map<string, unknown>, max: number): void {
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
