import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate.js';
import { analyzeDemo } from '../../src/pipeline/demo.js';
import type { WeeklyReport } from '../../src/report/model.js';
import { buildWeeklyReport } from '../../src/report/weekly.js';
import { queryHistory } from '../../src/store/query.js';

const ZONE = 'Europe/Berlin';
let dataDir: string;
let report: WeeklyReport;

/** One number from SQL written independently of the report's own (a glob, not the manifest). */
async function scalar(sql: string): Promise<number> {
  const result = await queryHistory(dataDir, sql);
  return Number(result.rows[0]?.[0] ?? Number.NaN);
}

/** The week W45 of the demo (Mon 2 Nov 2026 00:00 Berlin = 1 Nov 23:00 UTC). */
const WEEK = `ts >= TIMESTAMPTZ '2026-11-01 23:00:00+00' AND ts < TIMESTAMPTZ '2026-11-08 23:00:00+00'`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lw-weekly-'));
  const demo = await generateDemo({ outDir: dataDir, weeks: 2 });
  await analyzeDemo(demo, dataDir, () => undefined);
  report = await buildWeeklyReport(dataDir, {
    week: '2026-W45',
    timezone: ZONE,
    nowMs: Date.parse('2026-11-25T12:00:00Z'),
  });
}, 120_000);

describe('the weekly report of the demo, every figure checked against the history', () => {
  it('covers the ISO week in the configured zone', () => {
    expect(report).toMatchObject({
      week: '2026-W45',
      start: '2026-11-01T23:00:00.000Z',
      end: '2026-11-08T23:00:00.000Z',
    });
  });

  it('counts requests and failed logins as the events say', async () => {
    expect(report.headline.requests.thisWeek).toBe(
      await scalar(`SELECT count(*) FROM events WHERE ${WEEK} AND kind = 'http.request'`),
    );
    expect(report.headline.failedLogins.thisWeek).toBe(
      await scalar(
        `SELECT count(*) FROM events WHERE ${WEEK} AND kind IN ('auth.failure', 'web.login_failure')`,
      ),
    );
    expect(report.headline.requests.thisWeek).toBeGreaterThan(100_000);
  });

  it('lists the incidents of the week, with the demo attacks of that week among them', async () => {
    const expected = await scalar(
      `SELECT count(DISTINCT id) FROM alerts WHERE first_seen < TIMESTAMPTZ '2026-11-08 23:00:00+00' AND last_seen >= TIMESTAMPTZ '2026-11-01 23:00:00+00'`,
    );
    expect(report.incidents).toHaveLength(expected);
    expect(report.incidents.map((i) => i.rule)).toEqual(
      expect.arrayContaining(['ssh-slow-brute-force', 'web-success-after-failures', 'web-injection']),
    );
    const critical = report.headline.bySeverity.find((s) => s.severity === 'critical');
    expect(critical?.thisWeek).toBe(report.incidents.filter((i) => i.severity === 'critical').length);
    expect(report.headline.needsAction).toBe(true);
    expect(report.headline.sentence).toMatch(
      /^Action needed: \d+ critical incidents? \(a login that succeeded after guessing/,
    );
  });

  it('has every hour of the week per host, summing to the week totals', async () => {
    expect(report.timeline.map((t) => t.host)).toEqual(['web1', 'web2']);
    for (const host of report.timeline) {
      expect(host.hours).toHaveLength(168);
      const requests = host.hours.reduce((sum, h) => sum + h.requests, 0);
      expect(requests).toBe(
        await scalar(
          `SELECT count(*) FROM events WHERE ${WEEK} AND kind = 'http.request' AND host = '${host.host}'`,
        ),
      );
      const errors = host.hours.reduce((sum, h) => sum + h.status5xx, 0);
      expect(errors).toBe(
        await scalar(
          `SELECT count(*) FROM events WHERE ${WEEK} AND kind = 'http.request' AND status >= 500 AND host = '${host.host}'`,
        ),
      );
    }
  });

  it('compares the Thursday login peak with the Thursday before', async () => {
    const [thursday, before] = report.thursdays;
    expect(thursday?.date).toBe('2026-11-05');
    expect(before?.date).toBe('2026-10-29');
    const day = `ts >= TIMESTAMPTZ '2026-11-04 23:00:00+00' AND ts < TIMESTAMPTZ '2026-11-05 23:00:00+00'`;
    expect(thursday?.logins).toBe(
      await scalar(`SELECT count(*) FROM events WHERE ${day} AND kind = 'web.login_success'`),
    );
    expect(thursday?.failures).toBe(
      await scalar(`SELECT count(*) FROM events WHERE ${day} AND kind = 'web.login_failure'`),
    );
    expect(thursday?.logins).toBeGreaterThan(300);
    expect(thursday?.peakHour).toMatch(/^(0[7-9]|1[0-2]):00$/);
  });

  it('ranks missing paths, targeted users and offending addresses as SQL does', async () => {
    const top = report.topMissingPaths[0];
    expect(top?.count).toBe(
      await scalar(
        `SELECT count(*) AS n FROM events WHERE ${WEEK} AND status = 404 GROUP BY split_part(path, '?', 1) ORDER BY n DESC LIMIT 1`,
      ),
    );
    const user = report.topUsers[0];
    expect(user?.failures).toBe(
      await scalar(
        `SELECT count(*) AS n FROM events WHERE ${WEEK} AND kind IN ('auth.failure', 'auth.invalid_user') AND "user" = '${user?.user ?? ''}'`,
      ),
    );
    for (const address of report.topAddresses.slice(0, 3)) {
      expect(address.count).toBe(
        await scalar(`SELECT count(*) FROM events WHERE ${WEEK} AND ip = '${address.ip}'`),
      );
    }
  });

  it('reports data coverage: every hour has data, nothing unparsed', async () => {
    for (const host of report.coverage) {
      expect(host.hoursWithData).toBe(host.hoursTotal);
      expect(host.gaps).toEqual([]);
      expect(host.unparsed).toBe(0);
      expect(host.lines).toBe(
        await scalar(`SELECT count(*) FROM events WHERE ${WEEK} AND host = '${host.host}'`),
      );
    }
  });

  it('is unchanged when the same logs are analyzed again', async () => {
    const demo = await generateDemo({ outDir: dataDir, weeks: 2 });
    await analyzeDemo(demo, dataDir, () => undefined);
    const again = await buildWeeklyReport(dataDir, {
      week: '2026-W45',
      timezone: ZONE,
      nowMs: Date.parse('2026-11-25T12:00:00Z'),
    });
    expect(again).toEqual(report);
  }, 120_000);
});
