import { ErrorCodes, LogwardenError } from '../errors.js';
import { zonedWallToUtc, zoneOffsetMs } from '../parse/time.js';

const DAY = 86_400_000;

export interface IsoWeek {
  /** `2026-W47`. */
  readonly name: string;
  /** Monday 00:00 local, next Monday 00:00 local, as UTC epoch ms. */
  readonly startMs: number;
  readonly endMs: number;
  /** The local dates of the week, Monday first, as `YYYY-MM-DD`. */
  readonly days: readonly string[];
}

/** Midnight UTC of the Monday of ISO week 1 of `year`, as epoch ms of the wall date. */
function weekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - weekday * DAY;
}

function dateText(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

function weekOfWallDate(wallMs: number): { year: number; week: number } {
  const date = new Date(wallMs);
  const thursday = wallMs + (3 - ((date.getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - weekOneMonday(year)) / (7 * DAY)) + 1 };
}

function build(year: number, week: number, zone: string): IsoWeek {
  const monday = weekOneMonday(year) + (week - 1) * 7 * DAY;
  const days = Array.from({ length: 7 }, (_, i) => dateText(monday + i * DAY));
  return {
    name: `${String(year)}-W${String(week).padStart(2, '0')}`,
    startMs: zonedWallToUtc(monday, zone),
    endMs: zonedWallToUtc(monday + 7 * DAY, zone),
    days,
  };
}

/** `2026-W47` in `zone`; without a name, the last complete week before `nowMs`. */
export function isoWeek(name: string | undefined, zone: string, nowMs: number): IsoWeek {
  if (name === undefined) {
    const wallNow = nowMs + zoneOffsetMs(zone, nowMs);
    const current = weekOfWallDate(wallNow - (wallNow % DAY));
    return previousWeek(build(current.year, current.week, zone), zone);
  }
  const match = /^(\d{4})-W(\d{2})$/.exec(name);
  const year = Number(match?.[1]);
  const week = Number(match?.[2]);
  const weeksInYear = weekOfWallDate(Date.UTC(year, 11, 28)).week;
  if (match === null || week < 1 || week > weeksInYear) {
    throw new LogwardenError(ErrorCodes.usage, `--week expects an ISO week such as 2026-W47, not "${name}"`);
  }
  return build(year, week, zone);
}

/** The week before. */
export function previousWeek(week: IsoWeek, zone: string): IsoWeek {
  const monday = weekOfWallDate(Date.parse(`${week.days[0] ?? ''}T00:00:00Z`) - 7 * DAY);
  return build(monday.year, monday.week, zone);
}

/** Start and end (UTC epoch ms) of a local date in `zone`. */
export function localDayBounds(date: string, zone: string): { startMs: number; endMs: number } {
  const wall = Date.parse(`${date}T00:00:00Z`);
  return { startMs: zonedWallToUtc(wall, zone), endMs: zonedWallToUtc(wall + DAY, zone) };
}

/** The ISO week a local date (`2026-11-19`) falls in. */
export function weekContaining(date: string, zone: string): IsoWeek {
  const { year, week } = weekOfWallDate(Date.parse(`${date}T00:00:00Z`));
  return build(year, week, zone);
}
