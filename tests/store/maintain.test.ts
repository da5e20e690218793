import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { analyzeAndStore } from '../../src/pipeline/store.js';
import { maintainHistory, type Retention } from '../../src/store/maintain.js';
import { readManifest } from '../../src/store/manifest.js';
import { queryHistory } from '../../src/store/query.js';

const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());
const KEEP_ALL: Retention = { eventDays: 36_500, alertDays: 36_500, rawCompressDays: 7, rawRemoveDays: 90 };
const HOUR = 3_600_000;

function line(day: number, i: number): string {
  return `198.51.100.${String(i % 250)} - - [${String(day).padStart(2, '0')}/Nov/2026:10:00:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${String(i)} HTTP/1.1" 200 10 "-" "curl/8"`;
}

async function ingest(dataDir: string, file: string, text: string): Promise<void> {
  writeFileSync(file, text);
  await analyzeAndStore({ config, paths: [file], host: 'web1', onWarning: () => undefined }, dataDir, () =>
    Promise.resolve(),
  );
}

async function count(dataDir: string): Promise<number> {
  return Number((await queryHistory(dataDir, 'SELECT count(*) FROM events')).rows[0]?.[0]);
}

describe('history maintenance', () => {
  it('rewrites a partition of many small files as one, and deletes the old ones after a grace period', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-compact-'));
    const dataDir = join(dir, 'data');
    // Ten runs, each a new file of the same day: ten small files in one partition.
    for (let run = 0; run < 10; run++) {
      await ingest(
        dataDir,
        join(dir, `access-${String(run)}.log`),
        `${line(19, run * 100)}\n${line(19, run * 100 + 1)}\n`,
      );
    }
    const before = await readManifest(dataDir);
    // Maintenance runs after each commit: the partition was compacted once it passed eight files.
    expect(before.events.length).toBeLessThanOrEqual(8);
    expect(await count(dataDir)).toBe(20);
    const now = Date.now();
    await maintainHistory(dataDir, KEEP_ALL, now + 2 * HOUR);
    const after = await readManifest(dataDir);
    expect(after.garbage).toEqual([]);
    const onDisk = readdirSync(join(dataDir, 'history', 'events', 'date=2026-11-19', 'host=web1'));
    expect(onDisk.sort()).toEqual(after.events.map((p) => p.split('/').pop()).sort());
    expect(await count(dataDir)).toBe(20);
  });

  it('drops events past retention', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-retain-'));
    const dataDir = join(dir, 'data');
    await ingest(dataDir, join(dir, 'old.log'), `${line(2, 1)}\n`);
    await ingest(dataDir, join(dir, 'new.log'), `${line(20, 2)}\n`);
    const result = await maintainHistory(
      dataDir,
      { ...KEEP_ALL, eventDays: 10 },
      Date.parse('2026-11-25T12:00:00Z'),
    );
    expect(result.expired).toBe(1);
    expect(await count(dataDir)).toBe(1);
  });

  it('gzips rotated raw logs after a week and removes them after retention', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lw-raw-'));
    const logs = join(dataDir, 'access_logs', 'web1');
    mkdirSync(logs, { recursive: true });
    const now = Date.now();
    const at = (days: number): Date => new Date(now - days * 86_400_000);
    for (const [name, days] of [
      ['access.log', 30],
      ['access.log.1', 10],
      ['access.log.2', 100],
      ['access.log.3', 2],
    ] as const) {
      writeFileSync(join(logs, name), 'x\n');
      utimesSync(join(logs, name), at(days), at(days));
    }
    const result = await maintainHistory(dataDir, KEEP_ALL, now);
    expect(result).toMatchObject({ rawCompressed: 1, rawRemoved: 1 });
    expect(readdirSync(logs).sort()).toEqual(['access.log', 'access.log.1.gz', 'access.log.3']);
    expect(existsSync(join(logs, 'access.log.2'))).toBe(false);
  });
});
