import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sqlString, withDuckDb } from '../src/store/duckdb.js';
import { emptyManifest, writeManifest } from '../src/store/manifest.js';
import { historyDir } from '../src/store/writer.js';

/** Start of the generated month: Monday 2 Nov 2026 00:00 UTC (ISO week 2026-W45). */
export const HISTORY_START_MS = Date.UTC(2026, 10, 2);
const MONTH_MS = 28 * 86_400_000;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith('.parquet')
        ? [join(dir, entry.name)]
        : [],
  );
}

/**
 * A history of `events` events over four weeks on two hosts, written by DuckDB straight into
 * the layout `analyze` writes (and its manifest): deterministic, not committed.
 */
export async function ensureHistory(dataDir: string, events: number): Promise<void> {
  const eventsDir = join(historyDir(dataDir), 'events');
  if (existsSync(join(dataDir, 'state', 'history.json'))) return;
  console.log(`generating a history of ${events.toLocaleString('en-US')} events in ${dataDir} …`);
  mkdirSync(historyDir(dataDir), { recursive: true });
  await withDuckDb(async (db) => {
    await db.run(`COPY (
      WITH g AS (SELECT range AS i, (hash(range) % 1000000007)::BIGINT AS h FROM range(${String(events)}))
      SELECT make_timestamp((${String(HISTORY_START_MS)} + (i * ${String(MONTH_MS)} // ${String(events)})) * 1000)::TIMESTAMPTZ AS ts,
        'web' || (1 + h % 2) AS host,
        CASE WHEN h % 100 < 96 THEN 'access' ELSE 'auth' END AS source,
        CASE WHEN h % 100 < 94 THEN 'http.request' WHEN h % 100 < 95 THEN 'web.login_success'
             WHEN h % 100 < 96 THEN 'web.login_failure' WHEN h % 100 < 98 THEN 'auth.failure'
             WHEN h % 100 < 99 THEN 'auth.invalid_user' ELSE 'auth.success' END AS kind,
        '10.' || (h // 7 % 256) || '.' || (h // 1793 % 256) || '.' || (h // 458759 % 200) AS ip,
        CASE WHEN h % 100 >= 96 THEN ['root', 'admin', 'alice', 'deploy', 'test'][1 + h // 13 % 5] END AS "user",
        CASE WHEN h % 7 = 0 THEN 'POST' ELSE 'GET' END AS method,
        ['/', '/login', '/jobs', '/jobs/' || (h // 11 % 5000), '/static/app.js', '/.env', '/api/session'][1 + h // 17 % 7] AS path,
        [200, 200, 200, 200, 200, 304, 302, 401, 404, 500][1 + h // 19 % 10]::INTEGER AS status,
        (h // 23 % 50000)::BIGINT AS bytes,
        'Mozilla/5.0 (bench)' AS ua, NULL::VARCHAR AS referer, (h // 29 % 900)::DOUBLE AS duration_ms,
        NULL::VARCHAR AS program, NULL::VARCHAR AS auth_method, NULL::VARCHAR AS vhost,
        NULL::VARCHAR AS level, NULL::VARCHAR AS message,
        strftime(make_timestamp((${String(HISTORY_START_MS)} + (i * ${String(MONTH_MS)} // ${String(events)})) * 1000), '%Y-%m-%d') AS date
      FROM g) TO ${sqlString(eventsDir)}
      (FORMAT parquet, PARTITION_BY (date, host), COMPRESSION zstd, FILENAME_PATTERN 'part-{uuid}')`);
  });
  const manifest = emptyManifest();
  manifest.events = files(eventsDir)
    .map((file) => relative(historyDir(dataDir), file))
    .sort();
  await writeManifest(dataDir, manifest);
}
