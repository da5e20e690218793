import type { Json } from '@duckdb/node-api';
import { withDuckDb } from './duckdb.js';
import { createHistoryViews } from './views.js';

export interface QueryResult {
  readonly columns: readonly string[];
  /** Values as JSON: numbers, strings (big integers, timestamps), arrays, null. */
  readonly rows: readonly (readonly Json[])[];
}

/** Runs read-only SQL over the history views `events` and `alerts`. */
export async function queryHistory(dataDir: string, sql: string): Promise<QueryResult> {
  return withDuckDb(async (db) => {
    await createHistoryViews(db, dataDir);
    const reader = await db.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() };
  });
}
