import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { analyzeAndStore } from '../../src/pipeline/store.js';
import { withDuckDb } from '../../src/store/duckdb.js';
import { readManifest } from '../../src/store/manifest.js';
import { createHistoryViews } from '../../src/store/views.js';

const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());

function accessLine(i: number): string {
  const second = String(i % 60).padStart(2, '0');
  const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
  const status = i % 10 === 0 ? 404 : 200;
  return `203.0.113.${String(i % 200)} - - [19/Nov/2026:09:${minute}:${second} +0000] "GET /jobs/${String(i)} HTTP/1.1" ${String(status)} 512 "-" "Mozilla/5.0"`;
}

function lines(from: number, to: number): string {
  return Array.from({ length: to - from }, (_, k) => accessLine(from + k)).join('\n') + '\n';
}

async function store(dataDir: string, paths: string[]): Promise<number> {
  const run = await analyzeAndStore(
    { config, paths, host: 'web1', onWarning: () => undefined },
    dataDir,
    () => Promise.resolve(),
  );
  if ('skipped' in run.history) throw new Error(run.history.skipped);
  return run.history.events;
}

async function query(dataDir: string, sql: string): Promise<Record<string, unknown>[]> {
  return withDuckDb(async (db) => {
    await createHistoryViews(db, dataDir);
    return (await db.runAndReadAll(sql)).getRowObjectsJson();
  });
}

describe('the history stores each line once', () => {
  it('across re-runs, a growing file, rotation and compression of the rotated file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-history-'));
    const dataDir = join(dir, 'data');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(0, 300));
    expect(await store(dataDir, [log])).toBe(300);
    expect(await store(dataDir, [log])).toBe(0);

    appendFileSync(log, lines(300, 450));
    expect(await store(dataDir, [log])).toBe(150);

    // logrotate: the file moves to .1 (later compressed), a new one starts.
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(450, 500));
    expect(await store(dataDir, [`${log}.1`, log])).toBe(50);
    writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(`${log}.1`)));
    expect(await store(dataDir, [`${log}.1.gz`, log])).toBe(0);

    const [row] = await query(
      dataDir,
      "SELECT count(*) AS n, count(DISTINCT path) AS paths, count(*) FILTER (status = 404) AS missing FROM events WHERE kind = 'http.request'",
    );
    expect(row).toEqual({ n: '500', paths: '500', missing: '50' });
  });

  it('keeps the host and the instant of each event, partitioned by day and host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-history-'));
    const dataDir = join(dir, 'data');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(0, 10));
    await store(dataDir, [log]);
    const manifest = await readManifest(dataDir);
    expect(manifest.events).toEqual([
      expect.stringMatching(/^events\/date=2026-11-19\/host=web1\/part-.*\.parquet$/),
    ]);
    const [first] = await query(dataDir, 'SELECT ts, host, ip, status, date FROM events ORDER BY ts LIMIT 1');
    expect(first).toEqual({
      ts: '2026-11-19 09:00:00+00',
      host: 'web1',
      ip: '203.0.113.0',
      status: 404,
      date: '2026-11-19',
    });
  });

  it('stores lines no parser understood, for data coverage, without failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-history-'));
    const dataDir = join(dir, 'data');
    const log = join(dir, 'access.log');
    writeFileSync(log, `${lines(0, 5)}this is not a log line\n${lines(5, 10)}`);
    expect(await store(dataDir, [log])).toBe(11);
    const rows = await query(dataDir, 'SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY kind');
    expect(rows).toEqual([
      { kind: 'http.request', n: '10' },
      { kind: 'line.unparsed', n: '1' },
    ]);
  });

  it('gives empty views before anything is stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lw-history-'));
    expect(await query(dataDir, 'SELECT count(*) AS n FROM events')).toEqual([{ n: '0' }]);
    expect(await query(dataDir, 'SELECT count(*) AS n FROM alerts')).toEqual([{ n: '0' }]);
  });
});
