/**
 * Timestamp helpers for the hot path: fixed-layout timestamps are read by offset,
 * and zone offsets are cached per wall-clock hour so `Intl` runs once an hour of logs, not once a line.
 */

const MONTH_BY_NAME = new Map<string, number>([
  ['Jan', 0],
  ['Feb', 1],
  ['Mar', 2],
  ['Apr', 3],
  ['May', 4],
  ['Jun', 5],
  ['Jul', 6],
  ['Aug', 7],
  ['Sep', 8],
  ['Oct', 9],
  ['Nov', 10],
  ['Dec', 11],
]);

/** Month index (0–11) of the three-letter English month name at `at`, or -1. */
export function monthAt(text: string, at: number): number {
  return MONTH_BY_NAME.get(text.slice(at, at + 3)) ?? -1;
}

/** Integer of `length` ASCII digits at `at`, or -1 when any is not a digit. Space-padded days (` 4`) are accepted. */
export function digitsAt(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 32 && i === at && length > 1) continue;
    else return -1;
  }
  return value;
}

/** True when the fields read from a timestamp form a plausible date and time (month 1–12, leap second allowed). */
export function isValidDateTime(
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 60
  );
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset of `zone` from UTC at the instant `utcMs`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(utcMs));
  const field = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** UTC epoch ms of a wall-clock time in `zone`. Cached per wall hour. */
export function zonedWallToUtc(wallMs: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return wallMs;
  let cache = offsetCaches.get(zone);
  if (cache === undefined) {
    cache = new Map();
    offsetCaches.set(zone, cache);
  }
  const hourKey = Math.floor(wallMs / HOUR);
  let offset = cache.get(hourKey);
  if (offset === undefined) {
    const guess = hourKey * HOUR - zoneOffsetMs(zone, hourKey * HOUR);
    offset = zoneOffsetMs(zone, guess);
    if (cache.size > 100_000) cache.clear();
    cache.set(hourKey, offset);
  }
  return wallMs - offset;
}

/** UTC epoch ms of the given wall-clock fields in `zone` (month 0–11). */
export function localToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  zone: string,
): number {
  return zonedWallToUtc(Date.UTC(year, month, day, hour, minute, second, ms), zone);
}

/**
 * Year inference for year-less timestamps (syslog `Dec 31 23:59:59`), from the file's modification
 * time: a month after the mtime's month belongs to the previous year (December lines read in January).
 * Built once per file; the returned function is called per line.
 */
export function yearInference(referenceMs: number, zone: string): (month: number) => number {
  const reference = new Date(referenceMs + zoneOffsetMs(zone, referenceMs));
  const year = reference.getUTCFullYear();
  const referenceMonth = reference.getUTCMonth();
  return (month) => (month > referenceMonth ? year - 1 : year);
}

/** Offset in ms of a `+hhmm`, `+hh:mm`, `-hhmm` or `Z` designator at `at`; NaN when there is none. */
export function offsetDesignatorAt(text: string, at: number): number {
  const sign = text.charCodeAt(at);
  if (sign === 90 /* Z */ || sign === 122 /* z */) return 0;
  if (sign !== 43 /* + */ && sign !== 45 /* - */) return Number.NaN;
  const hours = digitsAt(text, at + 1, 2);
  const colon = text.charCodeAt(at + 3) === 58 ? 1 : 0;
  const minutes = digitsAt(text, at + 3 + colon, 2);
  if (hours < 0 || minutes < 0) return Number.NaN;
  const value = (hours * 60 + minutes) * 60_000;
  return sign === 45 ? -value : value;
}

/** `2026-11-24 19:04` in `zone`, for people; machine output stays ISO 8601 UTC. */
export function formatLocalTime(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
