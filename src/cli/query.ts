import { resolve } from 'node:path';
import type { Json } from '@duckdb/node-api';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { queryHistory } from '../store/query.js';
import { EXIT_OK } from './exit-codes.js';
import { printable } from './output.js';

export interface QueryFlags {
  format?: string;
  dataDir?: string;
}

function text(value: Json): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function csvField(value: Json): string {
  const plain = text(value);
  return /[",\r\n]/.test(plain) ? `"${plain.replaceAll('"', '""')}"` : plain;
}

const MAX_CELL = 80;

/** `logwarden query "SQL"`: the views `events` and `alerts` of the history, as a table, CSV or JSON. */
export async function runQuery(sql: string, flags: QueryFlags, config: ResolvedConfig): Promise<number> {
  const format = flags.format ?? 'table';
  if (!['table', 'csv', 'json'].includes(format)) {
    throw new LogwardenError(ErrorCodes.usage, `--format expects table, csv or json, not "${format}"`);
  }
  const dataDir = flags.dataDir === undefined ? config.dataDir : resolve(flags.dataDir);
  let result;
  try {
    result = await queryHistory(dataDir, sql);
  } catch (error) {
    throw new LogwardenError(
      ErrorCodes.queryFailed,
      (error as Error).message.split('\n')[0] ?? 'query failed',
    );
  }
  const { columns, rows } = result;
  if (format === 'json') {
    console.log(
      JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])))),
    );
  } else if (format === 'csv') {
    console.log(
      [columns.map(csvField).join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n'),
    );
  } else {
    const cells = rows.map((row) => row.map((value) => printable(text(value)).slice(0, MAX_CELL)));
    const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)));
    const line = (values: readonly string[]): string =>
      values
        .map((v, i) => v.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    console.log(line(columns));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const row of cells) console.log(line(row));
    console.log(`(${String(rows.length)} row${rows.length === 1 ? '' : 's'})`);
  }
  return EXIT_OK;
}
