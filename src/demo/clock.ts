import { ErrorCodes, LogwardenError } from '../errors.js';
import { isValidTimeZone, zoneOffsetMs, zonedWallToUtc } from '../parse/time.js';

/**
 * Calendar of the demo month in one IANA zone: days are local days (a DST change makes one 23 or
 * 25 hours long), weeks start on Monday at local midnight. Offsets always come from `Intl`.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const MONDAY = 0;
export const TUESDAY = 1;
export const WEDNESDAY = 2;
export const THURSDAY = 3;
export const FRIDAY = 4;
export const SATURDAY = 5;

export class DemoCalendar {
  readonly days: number;
  /** UTC epoch ms of local midnight of each day, plus the end of the last day. */
  readonly dayStarts: readonly number[];
  /** `Date.UTC` of each local date (the wall clock at midnight). */
  private readonly wallDays: readonly number[];

  constructor(
    start: string,
    readonly weeks: number,
    readonly zone: string,
  ) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
    const wall =
      match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== start) {
      throw new LogwardenError(ErrorCodes.usage, `demo start "${start}" is not a date like 2026-10-26`);
    }
    if (new Date(wall).getUTCDay() !== 1) {
      throw new LogwardenError(ErrorCodes.usage, `demo start ${start} is not a Monday`);
    }
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) {
      throw new LogwardenError(
        ErrorCodes.usage,
        `demo weeks must be a whole number from 1 to 52, not ${weeks}`,
      );
    }
    if (!isValidTimeZone(zone)) {
      throw new LogwardenError(ErrorCodes.usage, `demo timezone "${zone}" is not an IANA zone name`);
    }
    this.days = weeks * 7;
    const wallDays: number[] = [];
    const dayStarts: number[] = [];
    for (let d = 0; d <= this.days; d++) {
      wallDays.push(wall + d * DAY);
      dayStarts.push(zonedWallToUtc(wall + d * DAY, zone));
    }
    this.wallDays = wallDays;
    this.dayStarts = dayStarts;
  }

  get start(): number {
    return this.dayStarts[0] ?? 0;
  }

  get end(): number {
    return this.dayStarts[this.days] ?? 0;
  }

  /** Day of the week, 0 = Monday (the month starts on a Monday). */
  weekday(day: number): number {
    return day % 7;
  }

  /** UTC epoch ms of a local wall-clock time on `day`; `hours` may be fractional. */
  at(day: number, hours: number, minutes = 0, seconds = 0): number {
    const wall = (this.wallDays[day] ?? 0) + Math.round((hours * 3600 + minutes * 60 + seconds) * 1000);
    return zonedWallToUtc(wall, this.zone);
  }

  /** UTC epoch ms of local midnight starting week `week` (0-based). */
  weekStart(week: number): number {
    return this.dayStarts[week * 7] ?? this.end;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TWO: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The timestamp layouts the demo writes:
 * - `clf`: `05/Nov/2026:09:14:02 +0100` (nginx `$time_local`)
 * - `bsd`: `Nov  5 09:14:02` (RFC 3164, no year, no zone)
 * - `iso`: `2026-11-05T09:14:02.123456+01:00` (Debian 12 rsyslog)
 */
export type TimestampLayout = 'clf' | 'bsd' | 'iso';

/** Formats timestamps of one file in time order: the date part is rebuilt once a minute. */
export class TimestampFormatter {
  private minute = Number.NaN;
  private offsetKey = Number.NaN;
  private offset = 0;
  private head = '';
  private tail = '';

  constructor(
    private readonly layout: TimestampLayout,
    private readonly zone: string,
  ) {}

  /** Whole milliseconds, whole seconds for layouts without a fraction. */
  normalize(ts: number): number {
    const unit = this.layout === 'iso' ? 1 : SECOND;
    return Math.floor(ts / unit) * unit;
  }

  /** `micros` (0–999) are the digits below the millisecond of the ISO layout. */
  format(ts: number, micros = 0): string {
    const minute = Math.floor(ts / MINUTE);
    if (minute !== this.minute) this.learn(minute);
    const withinMinute = ts - minute * MINUTE;
    const second = TWO[Math.floor(withinMinute / SECOND)] ?? '00';
    if (this.layout !== 'iso') return this.head + second + this.tail;
    const ms = withinMinute % SECOND;
    const fraction = String(ms * 1000 + micros).padStart(6, '0');
    return `${this.head}${second}.${fraction}${this.tail}`;
  }

  private learn(minute: number): void {
    const utc = minute * MINUTE;
    // Zones change offset on a quarter hour at the finest, so one Intl call per quarter hour is enough.
    const offsetKey = Math.floor(minute / 15);
    if (offsetKey !== this.offsetKey) {
      this.offsetKey = offsetKey;
      this.offset = zoneOffsetMs(this.zone, utc);
    }
    const offset = this.offset;
    const wall = new Date(utc + offset);
    const month = MONTHS[wall.getUTCMonth()] ?? 'Jan';
    const day = wall.getUTCDate();
    const hhmm = `${TWO[wall.getUTCHours()] ?? '00'}:${TWO[wall.getUTCMinutes()] ?? '00'}:`;
    const sign = offset < 0 ? '-' : '+';
    const offsetMinutes = Math.abs(offset) / MINUTE;
    const oh = TWO[Math.floor(offsetMinutes / 60)] ?? '00';
    const om = TWO[offsetMinutes % 60] ?? '00';
    this.minute = minute;
    switch (this.layout) {
      case 'clf':
        this.head = `${TWO[day] ?? '01'}/${month}/${wall.getUTCFullYear()}:${hhmm}`;
        this.tail = ` ${sign}${oh}${om}`;
        break;
      case 'bsd':
        this.head = `${month} ${String(day).padStart(2, ' ')} ${hhmm}`;
        this.tail = '';
        break;
      case 'iso':
        this.head = `${wall.getUTCFullYear()}-${TWO[wall.getUTCMonth() + 1] ?? '01'}-${TWO[day] ?? '01'}T${hhmm}`;
        this.tail = `${sign}${oh}:${om}`;
        break;
    }
  }
}
