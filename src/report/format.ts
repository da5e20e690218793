import { severityRank, type Severity } from '../detect/types.js';
import { escapeHtml, oneLine } from '../notify/sanitize.js';
import { formatLocalTime } from '../parse/time.js';
import type { IncidentRow, WeeklyReport } from './model.js';

/**
 * Wording and number formats shared by the report's renderers (HTML, charts, email), so the
 * page, its charts and the email say the same thing the same way.
 */

/** Okabe–Ito colours, told apart by colour-blind readers; a word or legend always goes with them. */
export const OKABE_ITO = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  yellow: '#F0E442',
  black: '#000000',
} as const;

/** Dark text stays readable (contrast ≥ 4.5) on each of these. */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: OKABE_ITO.vermillion,
  high: OKABE_ITO.orange,
  medium: OKABE_ITO.purple,
  low: OKABE_ITO.sky,
};

/** Longest shown length of values that came from logs. */
export const MAX = {
  path: 120,
  user: 64,
  host: 80,
  rule: 80,
  message: 300,
  action: 300,
  evidence: 200,
} as const;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** `12,345`. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A 0–1 rate as `3.1%`; a rate too small to show is `<0.1%`, not a misleading `0%`. */
export function formatRate(rate: number): string {
  return rate > 0 && rate < 0.0005 ? '<0.1%' : percent.format(rate);
}

/** A value from a log, for HTML: one line, no escapes, capped, HTML-escaped. */
export function logText(value: string, max: number): string {
  return escapeHtml(oneLine(value, max));
}

/** `2026-11-24 19:04 → 21:30`, or with both dates when the span crosses midnight. */
export function localSpan(from: string, to: string, zone: string): string {
  const start = formatLocalTime(from, zone);
  const end = formatLocalTime(to, zone);
  if (start === end) return start;
  return `${start} → ${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`;
}

/** `Mon 16 Nov 2026`, the local calendar day of an instant. */
export function localDay(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
    .format(new Date(iso))
    .replace(',', '');
}

/** First and last local day of the report's week (its end is the next Monday 00:00). */
export function weekDays(report: WeeklyReport): { first: string; last: string } {
  const lastInstant = new Date(Date.parse(report.end) - 1).toISOString();
  return { first: localDay(report.start, report.timezone), last: localDay(lastInstant, report.timezone) };
}

/** `↑ 3 more`, `↓ 2 fewer`, `no change`: the arrow never stands alone. */
export function countChange(thisWeek: number, lastWeek: number): string {
  const diff = thisWeek - lastWeek;
  if (diff > 0) return `↑ ${formatCount(diff)} more`;
  if (diff < 0) return `↓ ${formatCount(-diff)} fewer`;
  return 'no change';
}

/** `↑ 12%`, `↓ 3%`, `no change`, or `new` when last week had none. */
export function percentChange(thisWeek: number, lastWeek: number): string {
  if (thisWeek === lastWeek) return 'no change';
  if (lastWeek === 0) return '↑ new';
  const rate = (thisWeek - lastWeek) / lastWeek;
  const text = formatRate(Math.abs(rate));
  if (text === '0%') return 'about the same';
  return `${rate > 0 ? '↑' : '↓'} ${text}`;
}

/** `a, b, c and 4 more` from the first `shown` values of `total`. */
export function listWithMore(values: readonly string[], total: number, shown = 3): string {
  const listed = values.slice(0, shown);
  const more = total - listed.length;
  return listed.join(', ') + (more > 0 ? ` and ${formatCount(more)} more` : '');
}

export { plural } from '../words.js';

/** Most severe first, then the most events; stable otherwise. */
export function mostSevereFirst(incidents: readonly IncidentRow[]): IncidentRow[] {
  return [...incidents].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || b.count - a.count,
  );
}

/** Total incidents this week and the count of the most severe level present, e.g. `{ total: 3, worst: '1 high' }`. */
export function incidentTally(report: WeeklyReport): { total: number; worst: string | undefined } {
  let total = 0;
  let worst: string | undefined;
  for (const row of report.headline.bySeverity) {
    total += row.thisWeek;
    worst ??= row.thisWeek > 0 ? `${formatCount(row.thisWeek)} ${row.severity}` : undefined;
  }
  return { total, worst };
}
