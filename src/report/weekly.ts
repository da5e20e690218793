import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { SEVERITIES, severityRank, type Category, type Severity } from '../detect/types.js';
import { formatLocalTime } from '../parse/time.js';
import { withDuckDb, sqlString } from '../store/duckdb.js';
import { createHistoryViews } from '../store/views.js';
import { headlineSentence } from './headline.js';
import type {
  Endpoint,
  HostCoverage,
  HostTimeline,
  IncidentRow,
  MissingPath,
  OffendingAddress,
  TargetedUser,
  ThursdayPeak,
  WeeklyReport,
} from './model.js';
import { isoWeek, localDayBounds, previousWeek, type IsoWeek } from './week.js';

const HOUR = 3_600_000;
const TOP = 10;
const FAILED_LOGIN = `kind IN ('auth.failure', 'web.login_failure')`;

type Row = Record<string, Json>;

const num = (value: Json | undefined): number => (value === null || value === undefined ? 0 : Number(value));
const str = (value: Json | undefined): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
const list = (value: Json | undefined): string[] => (Array.isArray(value) ? value.map((v) => str(v)) : []);
/** DuckDB prints instants as `2026-11-19 09:00:00+00`; the model wants ISO 8601. */
const iso = (value: Json | undefined): string =>
  new Date(str(value).replace(' ', 'T').replace(/\+00$/, 'Z')).toISOString();

async function rows(db: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson();
}

/** `ts` within [start, end), with the partition filter that lets DuckDB skip other days' files. */
function within(startMs: number, endMs: number): string {
  const day = (ms: number): string => sqlString(new Date(ms).toISOString().slice(0, 10));
  return `date BETWEEN ${day(startMs)}::DATE AND ${day(endMs)}::DATE
    AND ts >= make_timestamp(${String(startMs * 1000)})::TIMESTAMPTZ
    AND ts < make_timestamp(${String(endMs * 1000)})::TIMESTAMPTZ`;
}

function overlapping(startMs: number, endMs: number): string {
  return `first_seen < make_timestamp(${String(endMs * 1000)})::TIMESTAMPTZ
    AND last_seen >= make_timestamp(${String(startMs * 1000)})::TIMESTAMPTZ`;
}

export interface WeeklyOptions {
  readonly week?: string | undefined;
  readonly timezone: string;
  /** Wall clock, injectable for tests. */
  readonly nowMs?: number;
}

/** Computes the weekly report of an ISO week from the history under `dataDir`. */
export async function buildWeeklyReport(dataDir: string, options: WeeklyOptions): Promise<WeeklyReport> {
  const zone = options.timezone;
  const nowMs = options.nowMs ?? Date.now();
  const week = isoWeek(options.week, zone, nowMs);
  const last = previousWeek(week, zone);
  return withDuckDb(async (db) => {
    await createHistoryViews(db, dataDir);
    const incidents = await incidentRows(db, week);
    const lastIncidents = await incidentRows(db, last);
    const counts = async (w: IsoWeek): Promise<{ requests: number; failedLogins: number }> => {
      const [row] = await rows(
        db,
        `SELECT count(*) FILTER (kind = 'http.request') AS requests, count(*) FILTER (${FAILED_LOGIN}) AS failed
         FROM events WHERE ${within(w.startMs, w.endMs)}`,
      );
      return { requests: num(row?.requests), failedLogins: num(row?.failed) };
    };
    const [now, before] = [await counts(week), await counts(last)];
    const bySeverity = [...SEVERITIES].reverse().map((severity) => ({
      severity,
      thisWeek: incidents.filter((i) => i.severity === severity).length,
      lastWeek: lastIncidents.filter((i) => i.severity === severity).length,
    }));
    const categories = [...new Set([...incidents, ...lastIncidents].map((i) => i.category))].sort();
    const coverage = await coverageOf(db, week);
    return {
      week: week.name,
      timezone: zone,
      start: new Date(week.startMs).toISOString(),
      end: new Date(week.endMs).toISOString(),
      generatedAt: new Date(nowMs).toISOString(),
      headline: {
        ...headlineSentence(incidents, coverage),
        bySeverity,
        byCategory: categories.map((category) => ({
          category,
          thisWeek: incidents.filter((i) => i.category === category).length,
          lastWeek: lastIncidents.filter((i) => i.category === category).length,
        })),
        requests: { thisWeek: now.requests, lastWeek: before.requests },
        failedLogins: { thisWeek: now.failedLogins, lastWeek: before.failedLogins },
      },
      timeline: await timelines(db, week, incidents),
      thursdays: await thursdays(db, week, zone),
      topAddresses: await topAddresses(db, week, incidents),
      topUsers: await topUsers(db, week),
      topMissingPaths: await topMissingPaths(db, week),
      endpoints: await endpoints(db, week),
      incidents,
      coverage,
    };
  });
}

async function incidentRows(db: DuckDBConnection, week: IsoWeek): Promise<IncidentRow[]> {
  const found = await rows(
    db,
    `SELECT * FROM alerts WHERE ${overlapping(week.startMs, week.endMs)} ORDER BY first_seen, id`,
  );
  return found
    .map((r): IncidentRow => {
      const firstSeen = iso(r.first_seen);
      const lastSeen = iso(r.last_seen);
      return {
        id: str(r.id),
        rule: str(r.rule),
        category: str(r.category) as Category,
        severity: str(r.severity) as Severity,
        firstSeen,
        lastSeen,
        durationMs: Date.parse(lastSeen) - Date.parse(firstSeen),
        count: num(r.count),
        sourceIps: list(r.source_ips),
        sourceIpCount: num(r.source_ip_count),
        hosts: list(r.hosts),
        users: list(r.users),
        message: str(r.message),
        evidence: list(r.evidence),
        action: str(r.action),
        mitre: str(r.mitre),
      };
    })
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        a.firstSeen.localeCompare(b.firstSeen) ||
        a.id.localeCompare(b.id),
    );
}

async function timelines(
  db: DuckDBConnection,
  week: IsoWeek,
  incidents: readonly IncidentRow[],
): Promise<HostTimeline[]> {
  const found = await rows(
    db,
    `SELECT host, epoch_ms(date_trunc('hour', ts)) AS hour,
       count(*) FILTER (kind = 'http.request') AS requests,
       count(*) FILTER (${FAILED_LOGIN}) AS failed,
       count(*) FILTER (kind = 'http.request' AND status = 401) AS s401,
       count(*) FILTER (kind = 'http.request' AND status = 404) AS s404,
       count(*) FILTER (kind = 'http.request' AND status >= 500) AS s5xx
     FROM events WHERE ${within(week.startMs, week.endMs)} GROUP BY ALL`,
  );
  const hosts = [...new Set(found.map((r) => str(r.host)))].sort();
  return hosts.map((host) => {
    const byHour = new Map(found.filter((r) => r.host === host).map((r) => [num(r.hour), r]));
    const hours = [];
    for (let at = week.startMs - (week.startMs % HOUR); at < week.endMs; at += HOUR) {
      const r = byHour.get(at);
      hours.push({
        hour: new Date(at).toISOString(),
        requests: num(r?.requests),
        failedLogins: num(r?.failed),
        status401: num(r?.s401),
        status404: num(r?.s404),
        status5xx: num(r?.s5xx),
      });
    }
    const marks = incidents
      .filter((i) => i.hosts.includes(host))
      .map(({ id, rule, severity, firstSeen, lastSeen }) => ({ id, rule, severity, firstSeen, lastSeen }));
    return { host, hours, incidents: marks };
  });
}

async function thursdays(db: DuckDBConnection, week: IsoWeek, zone: string): Promise<ThursdayPeak[]> {
  const thursday = week.days[3] ?? '';
  const dates = Array.from({ length: 5 }, (_, i) =>
    new Date(Date.parse(`${thursday}T00:00:00Z`) - i * 7 * 86_400_000).toISOString().slice(0, 10),
  );
  const peaks: ThursdayPeak[] = [];
  for (const date of dates) {
    const { startMs, endMs } = localDayBounds(date, zone);
    const [day] = await rows(
      db,
      `SELECT count(*) FILTER (kind = 'web.login_success') AS logins,
         count(DISTINCT coalesce("user", ip)) FILTER (kind = 'web.login_success') AS members,
         count(*) FILTER (kind = 'web.login_failure') AS failures
       FROM events WHERE ${within(startMs, endMs)}`,
    );
    const [peak] = await rows(
      db,
      `SELECT epoch_ms(date_trunc('hour', ts)) AS hour, count(*) AS logins FROM events
       WHERE ${within(startMs, endMs)} AND kind = 'web.login_success' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    const logins = num(day?.logins);
    const failures = num(day?.failures);
    if (logins + failures === 0 && date !== thursday) continue;
    peaks.push({
      date,
      logins,
      members: num(day?.members),
      failures,
      failureRate: logins + failures === 0 ? 0 : failures / (logins + failures),
      peakHour:
        peak === undefined ? '' : formatLocalTime(new Date(num(peak.hour)).toISOString(), zone).slice(11),
      peakLogins: num(peak?.logins),
    });
  }
  return peaks;
}

async function topAddresses(
  db: DuckDBConnection,
  week: IsoWeek,
  incidents: readonly IncidentRow[],
): Promise<OffendingAddress[]> {
  const categories = new Map<string, Set<Category>>();
  for (const incident of incidents) {
    for (const ip of incident.sourceIps) {
      if (ip.includes('/')) continue;
      const set = categories.get(ip) ?? new Set<Category>();
      set.add(incident.category);
      categories.set(ip, set);
    }
  }
  if (categories.size === 0) return [];
  const ips = [...categories.keys()].map(sqlString).join(', ');
  const found = await rows(
    db,
    `SELECT ip, count(*) AS n, list(DISTINCT host ORDER BY host) AS hosts, min(ts) AS first, max(ts) AS last
     FROM events WHERE ${within(week.startMs, week.endMs)} AND ip IN (${ips})
     GROUP BY ip ORDER BY n DESC, ip LIMIT ${String(TOP)}`,
  );
  return found.map((r) => {
    const lastSeen = iso(r.last);
    return {
      ip: str(r.ip),
      count: num(r.n),
      categories: [...(categories.get(str(r.ip)) ?? [])].sort(),
      hosts: list(r.hosts),
      firstSeen: iso(r.first),
      lastSeen,
      active: Date.parse(lastSeen) >= week.endMs - 24 * HOUR,
    };
  });
}

async function topUsers(db: DuckDBConnection, week: IsoWeek): Promise<TargetedUser[]> {
  const found = await rows(
    db,
    `SELECT "user", count(*) AS n, count(DISTINCT ip) AS ips FROM events
     WHERE ${within(week.startMs, week.endMs)} AND kind IN ('auth.failure', 'auth.invalid_user') AND "user" IS NOT NULL
     GROUP BY 1 ORDER BY n DESC, 1 LIMIT ${String(TOP)}`,
  );
  return found.map((r) => ({ user: str(r.user), failures: num(r.n), addresses: num(r.ips) }));
}

/** The path without its query string: `/jobs?page=2` and `/jobs?page=3` are one endpoint. */
const PATH_ONLY = `split_part(path, '?', 1)`;

async function topMissingPaths(db: DuckDBConnection, week: IsoWeek): Promise<MissingPath[]> {
  const found = await rows(
    db,
    `SELECT ${PATH_ONLY} AS p, count(*) AS n, count(DISTINCT ip) AS ips FROM events
     WHERE ${within(week.startMs, week.endMs)} AND kind = 'http.request' AND status = 404
     GROUP BY 1 ORDER BY n DESC, 1 LIMIT ${String(TOP)}`,
  );
  return found.map((r) => ({ path: str(r.p), count: num(r.n), addresses: num(r.ips) }));
}

async function endpoints(db: DuckDBConnection, week: IsoWeek): Promise<Endpoint[]> {
  const found = await rows(
    db,
    `SELECT ${PATH_ONLY} AS p, count(*) AS n, count(*) FILTER (status >= 500) AS errors,
       quantile_cont(duration_ms, 0.95) AS p95
     FROM events WHERE ${within(week.startMs, week.endMs)} AND kind = 'http.request'
     GROUP BY 1 HAVING count(*) FILTER (status >= 500) > 0 OR p95 IS NOT NULL
     ORDER BY errors DESC, p95 DESC NULLS LAST, n DESC, p LIMIT ${String(TOP)}`,
  );
  return found.map((r) => ({
    path: str(r.p),
    requests: num(r.n),
    errors5xx: num(r.errors),
    errorRate: num(r.n) === 0 ? 0 : num(r.errors) / num(r.n),
    p95Ms: r.p95 === null || r.p95 === undefined ? null : Math.round(num(r.p95)),
  }));
}

async function coverageOf(db: DuckDBConnection, week: IsoWeek): Promise<HostCoverage[]> {
  const found = await rows(
    db,
    `SELECT host, list(DISTINCT source ORDER BY source) FILTER (kind <> 'line.unparsed') AS sources,
       list(DISTINCT epoch_ms(date_trunc('hour', ts))) AS hours,
       count(*) AS lines, count(*) FILTER (kind = 'line.unparsed') AS unparsed
     FROM events WHERE ${within(week.startMs, week.endMs)} GROUP BY host ORDER BY host`,
  );
  const allHours: number[] = [];
  for (let at = week.startMs - (week.startMs % HOUR); at < week.endMs; at += HOUR) allHours.push(at);
  return found.map((r) => {
    const seen = new Set(list(r.hours).map(Number));
    const gaps: { start: string; end: string; hours: number }[] = [];
    let runStart: number | undefined;
    for (const at of [...allHours, Number.POSITIVE_INFINITY]) {
      const empty = at !== Number.POSITIVE_INFINITY && !seen.has(at);
      if (empty && runStart === undefined) runStart = at;
      if (!empty && runStart !== undefined) {
        const end = Math.min(at, week.endMs);
        const hours = Math.round((end - runStart) / HOUR);
        if (hours >= 2)
          gaps.push({ start: new Date(runStart).toISOString(), end: new Date(end).toISOString(), hours });
        runStart = undefined;
      }
    }
    const lines = num(r.lines);
    return {
      host: str(r.host),
      sources: list(r.sources),
      hoursWithData: seen.size,
      hoursTotal: allHours.length,
      gaps,
      lines,
      unparsed: num(r.unparsed),
      unparsedRate: lines === 0 ? 0 : num(r.unparsed) / lines,
    };
  });
}
