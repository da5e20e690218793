/**
 * Sliding event-time windows keyed by anything (an address, a /24, a host). Memory is bounded:
 * each key keeps at most `maxPerKey` entries, keys idle for a whole window are swept, and at most
 * `maxKeys` keys are tracked (the oldest is dropped first), so a month of logs stays flat.
 */

const DEFAULT_MAX_KEYS = 200_000;
const DEFAULT_MAX_PER_KEY = 100_000;

class TimeQueue {
  private readonly items: number[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  get oldest(): number {
    return this.items[this.head] ?? Number.NaN;
  }

  get newest(): number {
    return this.items[this.items.length - 1] ?? Number.NEGATIVE_INFINITY;
  }

  push(ts: number, max: number): void {
    this.items.push(ts);
    if (this.size > max) this.head++;
  }

  expire(before: number): void {
    const items = this.items;
    while (this.head < items.length && (items[this.head] ?? 0) < before) this.head++;
    if (this.head > 1024 && this.head * 2 > items.length) {
      items.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** How many events per key fell within the last `windowMs` of event time. */
export class SlidingCounter {
  private readonly queues = new Map<string, TimeQueue>();

  constructor(
    readonly windowMs: number,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly maxPerKey = DEFAULT_MAX_PER_KEY,
  ) {}

  /** Adds one event and returns the key's count within the window ending at `ts`. */
  add(key: string, ts: number): number {
    let queue = this.queues.get(key);
    if (queue === undefined) {
      queue = new TimeQueue();
      this.queues.set(key, queue);
      evictOldest(this.queues, this.maxKeys);
    }
    queue.push(ts, this.maxPerKey);
    queue.expire(ts - this.windowMs);
    return queue.size;
  }

  count(key: string, now: number): number {
    const queue = this.queues.get(key);
    if (queue === undefined) return 0;
    queue.expire(now - this.windowMs);
    return queue.size;
  }

  /** Time of the oldest event of the key still in the window (NaN when none). */
  oldest(key: string): number {
    return this.queues.get(key)?.oldest ?? Number.NaN;
  }

  delete(key: string): void {
    this.queues.delete(key);
  }

  /** Forgets keys with nothing left in the window ending at `now`. */
  sweep(now: number): void {
    const before = now - this.windowMs;
    for (const [key, queue] of this.queues) if (queue.newest < before) this.queues.delete(key);
  }

  get keyCount(): number {
    return this.queues.size;
  }
}

/** How many distinct values (users, paths, addresses) per key were seen within the last `windowMs`. */
export class DistinctCounter {
  private readonly sets = new Map<string, Map<string, number>>();

  constructor(
    readonly windowMs: number,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly maxPerKey = DEFAULT_MAX_PER_KEY,
  ) {}

  /** Adds a value and returns the key's distinct count within the window ending at `ts`. */
  add(key: string, value: string, ts: number): number {
    let values = this.sets.get(key);
    if (values === undefined) {
      values = new Map();
      this.sets.set(key, values);
      evictOldest(this.sets, this.maxKeys);
    }
    // Re-inserting keeps the map ordered by last sighting, so expiry only looks at its front.
    values.delete(value);
    values.set(value, ts);
    if (values.size > this.maxPerKey) evictOldest(values, this.maxPerKey);
    expireValues(values, ts - this.windowMs);
    return values.size;
  }

  count(key: string, now: number): number {
    const values = this.sets.get(key);
    if (values === undefined) return 0;
    expireValues(values, now - this.windowMs);
    return values.size;
  }

  /** The values of a key still in the window ending at `now`, oldest sighting first. */
  values(key: string, now: number): string[] {
    const values = this.sets.get(key);
    if (values === undefined) return [];
    expireValues(values, now - this.windowMs);
    return [...values.keys()];
  }

  /** When the value seen longest ago (still in the window) was last seen (NaN when none). */
  oldest(key: string): number {
    const first = this.sets.get(key)?.values().next();
    return first === undefined || first.done === true ? Number.NaN : first.value;
  }

  remove(key: string, value: string): void {
    this.sets.get(key)?.delete(value);
  }

  delete(key: string): void {
    this.sets.delete(key);
  }

  sweep(now: number): void {
    const before = now - this.windowMs;
    for (const [key, values] of this.sets) {
      expireValues(values, before);
      if (values.size === 0) this.sets.delete(key);
    }
  }

  get keyCount(): number {
    return this.sets.size;
  }
}

function expireValues(values: Map<string, number>, before: number): void {
  for (const [value, ts] of values) {
    if (ts >= before) return;
    values.delete(value);
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
