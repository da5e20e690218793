import { oneLine } from '../notify/sanitize.js';
import { formatLocalTime } from '../parse/time.js';
import type { WeeklyReport } from './model.js';

/**
 * The report's tables as RFC 4180 CSV files for spreadsheets. Times are given twice: ISO 8601 UTC
 * for machines and `…_local` in the report's zone for people. Values from logs were written by
 * attackers and staff open these files in Excel, so text cells that would start a formula are
 * defused with a leading `'` (OWASP's advice on CSV injection).
 */

type Cell = string | number | boolean | null;

/** Longest text cell: far below a spreadsheet's cell limit (32,767), long enough for evidence. */
const CELL_CHARS = 2_000;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-defused, quoted when it holds `,` `"` CR or LF, quotes doubled. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: header row, CRLF line ends, a final CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** A value from a log: escapes and control characters removed, capped. */
function logCell(value: string): string {
  return oneLine(value, CELL_CHARS);
}

function list(values: readonly string[]): string {
  return values.map(logCell).join(' ');
}

export function reportCsvFiles(report: WeeklyReport): Record<string, string> {
  const local = (iso: string): string => formatLocalTime(iso, report.timezone);
  return {
    'incidents.csv': csvDocument(
      [
        'id',
        'severity',
        'category',
        'rule',
        'first_seen',
        'last_seen',
        'first_seen_local',
        'last_seen_local',
        'duration_s',
        'count',
        'source_ip_count',
        'source_ips',
        'hosts',
        'message',
        'action',
        'evidence',
      ],
      report.incidents.map((i) => [
        logCell(i.id),
        i.severity,
        i.category,
        logCell(i.rule),
        i.firstSeen,
        i.lastSeen,
        local(i.firstSeen),
        local(i.lastSeen),
        Math.round(i.durationMs / 1000),
        i.count,
        i.sourceIpCount,
        list(i.sourceIps),
        list(i.hosts),
        logCell(i.message),
        logCell(i.action),
        i.evidence.map(logCell).join('\n'),
      ]),
    ),
    'top-addresses.csv': csvDocument(
      [
        'ip',
        'count',
        'categories',
        'hosts',
        'first_seen',
        'last_seen',
        'first_seen_local',
        'last_seen_local',
        'active',
      ],
      report.topAddresses.map((a) => [
        logCell(a.ip),
        a.count,
        a.categories.join(' '),
        list(a.hosts),
        a.firstSeen,
        a.lastSeen,
        local(a.firstSeen),
        local(a.lastSeen),
        a.active ? 'yes' : 'no',
      ]),
    ),
    'top-users.csv': csvDocument(
      ['user', 'failures', 'addresses'],
      report.topUsers.map((u) => [logCell(u.user), u.failures, u.addresses]),
    ),
    'missing-paths.csv': csvDocument(
      ['path', 'count', 'addresses'],
      report.topMissingPaths.map((p) => [logCell(p.path), p.count, p.addresses]),
    ),
    'endpoints.csv': csvDocument(
      ['path', 'requests', 'errors_5xx', 'error_rate', 'p95_ms'],
      report.endpoints.map((e) => [logCell(e.path), e.requests, e.errors5xx, e.errorRate, e.p95Ms]),
    ),
    'thursdays.csv': csvDocument(
      ['date', 'logins', 'members', 'failures', 'failure_rate', 'peak_hour', 'peak_logins'],
      report.thursdays.map((t) => [
        t.date,
        t.logins,
        t.members,
        t.failures,
        t.failureRate,
        t.peakHour,
        t.peakLogins,
      ]),
    ),
    'coverage.csv': csvDocument(
      ['host', 'sources', 'hours_with_data', 'hours_total', 'gaps', 'lines', 'unparsed', 'unparsed_rate'],
      report.coverage.map((c) => [
        logCell(c.host),
        c.sources.join(' '),
        c.hoursWithData,
        c.hoursTotal,
        c.gaps.map((g) => `${local(g.start)} to ${local(g.end)} (${String(g.hours)} h)`).join('; '),
        c.lines,
        c.unparsed,
        c.unparsedRate,
      ]),
    ),
    'timeline.csv': csvDocument(
      ['host', 'hour', 'requests', 'failed_logins', 'status_401', 'status_404', 'status_5xx'],
      report.timeline.flatMap((t) =>
        t.hours.map((h) => [
          logCell(t.host),
          h.hour,
          h.requests,
          h.failedLogins,
          h.status401,
          h.status404,
          h.status5xx,
        ]),
      ),
    ),
  };
}
