import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { sqlString } from './duckdb.js';
import { readManifest } from './manifest.js';
import { EVENT_COLUMNS } from './schema.js';
import { historyDir } from './writer.js';

/** The `events` view with no history yet: the same columns, no rows. */
function emptyEvents(): string {
  const columns = EVENT_COLUMNS.filter(([name]) => name !== 'ts_ms').map(
    ([name, type]) => `NULL::${type} AS "${name}"`,
  );
  return `SELECT NULL::TIMESTAMPTZ AS ts, ${columns.join(', ')}, NULL::DATE AS date WHERE false`;
}

const EMPTY_ALERTS = `SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS rule, NULL::VARCHAR AS category,
  NULL::VARCHAR AS severity, NULL::TIMESTAMPTZ AS first_seen, NULL::TIMESTAMPTZ AS last_seen,
  NULL::BIGINT AS count, NULL::VARCHAR[] AS source_ips, NULL::BIGINT AS source_ip_count,
  NULL::VARCHAR[] AS hosts, NULL::VARCHAR[] AS users, NULL::VARCHAR AS message,
  NULL::VARCHAR[] AS evidence, NULL::VARCHAR AS action, NULL::VARCHAR AS mitre, NULL::DATE AS date
  WHERE false`;

/**
 * Creates the views `events` (every stored event) and `alerts` (each incident once, in its
 * latest state) over exactly the files the manifest lists: a snapshot, whatever a writer in
 * another process is doing meanwhile.
 */
export async function createHistoryViews(db: DuckDBConnection, dataDir: string): Promise<void> {
  const manifest = await readManifest(dataDir);
  const files = (list: readonly string[]): string =>
    `[${list.map((path) => sqlString(join(historyDir(dataDir), path))).join(', ')}]`;
  const events =
    manifest.events.length === 0
      ? emptyEvents()
      : `SELECT * FROM read_parquet(${files(manifest.events)}, hive_partitioning = true, union_by_name = true)`;
  await db.run(`CREATE OR REPLACE VIEW events AS ${events}`);
  const alerts =
    manifest.alerts.length === 0
      ? EMPTY_ALERTS
      : `SELECT * FROM read_parquet(${files(manifest.alerts)}, hive_partitioning = true, union_by_name = true)
         QUALIFY row_number() OVER (PARTITION BY id ORDER BY last_seen DESC, count DESC) = 1`;
  await db.run(`CREATE OR REPLACE VIEW alerts AS ${alerts}`);
}
