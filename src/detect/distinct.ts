import { own, ownKey } from './strings.js';
import { BUCKETS, DEFAULT_MAX_KEYS, evictOldest, type CounterOptions } from './windows.js';

/** Values kept per key by default: bounds what one key (a scanning address) can hold. */
const DEFAULT_MAX_PER_KEY = 100_000;

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
