import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * A private in-memory DuckDB for one job: the history lives in Parquet files, not in a database
 * file, so readers and writers in other processes never wait on a lock. Session time zone UTC:
 * instants are stored and compared as such; reports convert with `AT TIME ZONE`.
 */
export async function withDuckDb<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
