import type { Event } from '../events.js';
import { sqlString } from './duckdb.js';

/**
 * The columns of stored events, in the order of the staging CSV. `date` and `host` are the Hive
 * partition keys (`date=YYYY-MM-DD/host=web1/`, the UTC day): not inside the files, but columns
 * of the `events` view. The raw line is not kept (the logs are, under access_logs/); syslog
 * messages are capped, which keeps a month of history smaller than the gzip'd logs.
 */
export const EVENT_COLUMNS = [
  ['ts_ms', 'BIGINT'],
  ['host', 'VARCHAR'],
  ['source', 'VARCHAR'],
  ['kind', 'VARCHAR'],
  ['ip', 'VARCHAR'],
  ['user', 'VARCHAR'],
  ['method', 'VARCHAR'],
  ['path', 'VARCHAR'],
  ['status', 'INTEGER'],
  ['bytes', 'BIGINT'],
  ['ua', 'VARCHAR'],
  ['referer', 'VARCHAR'],
  ['duration_ms', 'DOUBLE'],
  ['program', 'VARCHAR'],
  ['auth_method', 'VARCHAR'],
  ['vhost', 'VARCHAR'],
  ['level', 'VARCHAR'],
  ['message', 'VARCHAR'],
] as const;

/** Stored messages (syslog, error logs) keep their start: enough to read, small to keep. */
export const MESSAGE_CHARS = 300;
const FIELD_CHARS = 2000;

/** Kind of the event stored for a line no parser understood (its host and time are guessed). */
export const UNPARSED_KIND = 'line.unparsed';

function field(value: string | number | undefined, max = FIELD_CHARS): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = value.length > max ? value.slice(0, max) : value;
  // RFC 4180: quoted, quotes doubled; an empty string is quoted so that it stays '' (not NULL).
  return `"${text.replaceAll('"', '""')}"`;
}

/** One CSV line of the staging file. */
export function eventRow(event: Event): string {
  return [
    String(event.ts),
    field(event.host),
    field(event.source),
    field(event.kind),
    field(event.ip),
    field(event.user),
    field(event.method),
    field(event.path),
    field(event.status),
    field(event.bytes),
    field(event.ua),
    field(event.referer),
    field(event.durationMs),
    field(event.program),
    field(event.authMethod),
    field(event.vhost),
    field(event.level),
    field(event.message, MESSAGE_CHARS),
  ].join(',');
}

/** What the staging CSV becomes in Parquet: `ts` an instant, `date` the UTC day (a partition key). */
export function parquetSelect(csv: string): string {
  const columns = EVENT_COLUMNS.map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ');
  const rest = EVENT_COLUMNS.filter(([name]) => name !== 'ts_ms').map(([name]) => `"${name}"`);
  return `SELECT make_timestamp(ts_ms * 1000)::TIMESTAMPTZ AS ts, ${rest.join(', ')},
    strftime(make_timestamp(ts_ms * 1000), '%Y-%m-%d') AS date
    FROM read_csv(${sqlString(csv)}, header = false, delim = ',', quote = '"', escape = '"',
      columns = {${columns}}, allow_quoted_nulls = false, max_line_size = 10000000)`;
}
