import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Alert } from '../detect/types.js';
import type { Event } from '../events.js';
import { withDuckDb, sqlString } from './duckdb.js';
import { readManifest, writeManifest, type Manifest } from './manifest.js';
import { eventRow, parquetSelect, UNPARSED_KIND } from './schema.js';

export function historyDir(dataDir: string): string {
  return join(dataDir, 'history');
}

/** Host and first line identify a log file across rotation, copying and gzip. */
export function fingerprint(host: string, firstLine: string): string {
  return createHash('sha256').update(`${host}\u0000${firstLine}`).digest('hex').slice(0, 32);
}

const BUFFER_CHARS = 1 << 20;

/**
 * Appends one run's new events to the history: rows are streamed to a staging CSV (memory stays
 * flat), and `commit` turns them into Parquet partitions with DuckDB, then lists them in the
 * manifest in one atomic write. A crash before that leaves unlisted files (removed later) and
 * unchanged checkpoints: the next run stores the same lines again, exactly once.
 */
export class HistoryWriter {
  private readonly staging: string;
  private readonly csvPath: string;
  private fd: number | undefined;
  private buffer = '';
  private rows = 0;
  private readonly checkpoints = new Map<string, { lines: number; file: string }>();

  private constructor(
    private readonly dataDir: string,
    private readonly manifest: Manifest,
  ) {
    this.staging = join(historyDir(dataDir), `.staging-${String(process.pid)}-${randomUUID()}`);
    this.csvPath = join(this.staging, 'events.csv');
  }

  static async open(dataDir: string): Promise<HistoryWriter> {
    return new HistoryWriter(dataDir, await readManifest(dataDir));
  }

  /** Lines of this file already in the history (0 for a file never seen). */
  storedLines(print: string): number {
    return this.manifest.checkpoints[print]?.lines ?? 0;
  }

  /** The file is stored up to `lines` once this run commits. */
  reached(print: string, lines: number, file: string): void {
    const previous = this.checkpoints.get(print)?.lines ?? this.storedLines(print);
    if (lines > previous) this.checkpoints.set(print, { lines, file });
  }

  add(event: Event): void {
    this.buffer += `${eventRow(event)}\n`;
    this.rows++;
    if (this.buffer.length >= BUFFER_CHARS) this.flushBuffer();
  }

  /** A line no parser understood: counted for data coverage at the time of its neighbours. */
  addUnparsed(host: string, ts: number): void {
    this.add({ ts, host, source: 'app', kind: UNPARSED_KIND });
  }

  /** Writes the Parquet files and lists them, with the new checkpoints, in the manifest. */
  async commit(alerts: readonly Alert[]): Promise<{ events: number; files: number }> {
    this.flushBuffer();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const commit = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
    try {
      const written = await withDuckDb(async (db) => {
        const out: { events: string[]; alerts: string[] } = { events: [], alerts: [] };
        if (this.rows > 0) {
          await db.run(
            `COPY (${parquetSelect(this.csvPath)}) TO ${sqlString(join(this.staging, 'events'))}
             (FORMAT parquet, PARTITION_BY (date, host), COMPRESSION zstd, FILENAME_PATTERN 'part-{uuid}')`,
          );
          out.events = await this.place(join(this.staging, 'events'), 'events', commit);
        }
        if (alerts.length > 0) {
          const json = join(this.staging, 'alerts.json');
          await mkdir(this.staging, { recursive: true });
          await writeFile(json, JSON.stringify(alerts));
          await db.run(
            `COPY (SELECT *, strftime(first_seen::TIMESTAMPTZ, '%Y-%m-%d') AS date
                   FROM read_json(${sqlString(json)}, format = 'array', columns = ${ALERT_COLUMNS}))
             TO ${sqlString(join(this.staging, 'alerts'))}
             (FORMAT parquet, PARTITION_BY (date), COMPRESSION zstd, FILENAME_PATTERN 'part-{uuid}')`,
          );
          out.alerts = await this.place(join(this.staging, 'alerts'), 'alerts', commit);
        }
        return out;
      });
      const at = new Date().toISOString();
      this.manifest.events.push(...written.events);
      this.manifest.alerts.push(...written.alerts);
      for (const [print, { lines, file }] of this.checkpoints)
        this.manifest.checkpoints[print] = { lines, file, at };
      await writeManifest(this.dataDir, this.manifest);
      return { events: this.rows, files: written.events.length + written.alerts.length };
    } finally {
      await rm(this.staging, { recursive: true, force: true });
    }
  }

  /** Drops the staging files of a run that will not commit. */
  async abandon(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    await rm(this.staging, { recursive: true, force: true });
  }

  /** Moves DuckDB's partitioned output into `history/<table>/…`, named by commit; their paths. */
  private async place(from: string, table: string, commit: string): Promise<string[]> {
    const placed: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.parquet')) {
          const partition = relative(from, dir);
          const target = join(
            historyDir(this.dataDir),
            table,
            partition,
            `part-${commit}-${entry.name.slice(5)}`,
          );
          await mkdir(dirname(target), { recursive: true });
          await rename(path, target);
          placed.push(relative(historyDir(this.dataDir), target));
        }
      }
    };
    await walk(from);
    return placed.sort();
  }

  private flushBuffer(): void {
    if (this.buffer === '') return;
    if (this.fd === undefined) {
      mkdirSync(this.staging, { recursive: true });
      this.fd = openSync(this.csvPath, 'a');
    }
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}

/** The Alert record's columns, for reading the alerts JSON with exact types. */
const ALERT_COLUMNS = `{
  id: 'VARCHAR', rule: 'VARCHAR', category: 'VARCHAR', severity: 'VARCHAR',
  first_seen: 'TIMESTAMPTZ', last_seen: 'TIMESTAMPTZ', count: 'BIGINT',
  source_ips: 'VARCHAR[]', source_ip_count: 'BIGINT', hosts: 'VARCHAR[]', users: 'VARCHAR[]',
  message: 'VARCHAR', evidence: 'VARCHAR[]', action: 'VARCHAR', mitre: 'VARCHAR'
}`;
