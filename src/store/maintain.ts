import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sqlString, withDuckDb } from './duckdb.js';
import { readManifest, writeManifest, type Manifest } from './manifest.js';
import { historyDir } from './writer.js';

const DAY_MS = 86_400_000;
/** A partition with more files than this is rewritten as one. */
const MAX_PARTS = 8;
/** Files dropped from the manifest stay this long: a report that read the old manifest can finish. */
const GRACE_MS = 3_600_000;

export interface Retention {
  /** Events older than this many days are deleted. */
  readonly eventDays: number;
  /** Alerts are kept longer: a year of incidents is small. */
  readonly alertDays: number;
  /** Raw logs under `access_logs/`: gzip'd after this many days, removed after that many. */
  readonly rawCompressDays: number;
  readonly rawRemoveDays: number;
}

export interface MaintenanceResult {
  readonly compacted: number;
  readonly expired: number;
  readonly deleted: number;
  readonly rawCompressed: number;
  readonly rawRemoved: number;
}

function partitionOf(path: string): string {
  return dirname(path);
}

function dateOf(path: string): string | undefined {
  return /date=(\d{4}-\d{2}-\d{2})/.exec(path)?.[1];
}

/**
 * Keeps the history small and fast, holding the history lock (the caller does): rewrites
 * partitions made of many small files as one, drops partitions past retention, deletes files no
 * manifest lists once no reader can still need them (and leftovers of crashed runs), and gzips
 * then removes old raw logs. Every change to what readers see is one manifest rewrite.
 */
export async function maintainHistory(
  dataDir: string,
  retention: Retention,
  nowMs = Date.now(),
): Promise<MaintenanceResult> {
  const root = historyDir(dataDir);
  const manifest = await readManifest(dataDir);
  const expired = expire(manifest, retention, nowMs);
  const compacted = await compact(root, manifest, nowMs);
  if (expired + compacted > 0) await writeManifest(dataDir, manifest);
  const deleted = await collectGarbage(root, manifest, nowMs);
  if (deleted > 0) await writeManifest(dataDir, manifest);
  const raw = await rotateRawLogs(join(dataDir, 'access_logs'), retention, nowMs);
  return { compacted, expired, deleted, rawCompressed: raw.compressed, rawRemoved: raw.removed };
}

function expire(manifest: Manifest, retention: Retention, nowMs: number): number {
  let count = 0;
  for (const [table, days] of [
    ['events', retention.eventDays],
    ['alerts', retention.alertDays],
  ] as const) {
    const oldest = new Date(nowMs - days * DAY_MS).toISOString().slice(0, 10);
    const kept = manifest[table].filter((path) => (dateOf(path) ?? oldest) >= oldest);
    for (const path of manifest[table]) {
      if (!kept.includes(path)) manifest.garbage.push({ path, since: nowMs });
    }
    count += manifest[table].length - kept.length;
    manifest[table] = kept;
  }
  return count;
}

async function compact(root: string, manifest: Manifest, nowMs: number): Promise<number> {
  let compacted = 0;
  for (const table of ['events', 'alerts'] as const) {
    const byPartition = new Map<string, string[]>();
    for (const path of manifest[table]) {
      const list = byPartition.get(partitionOf(path)) ?? [];
      list.push(path);
      byPartition.set(partitionOf(path), list);
    }
    for (const [partition, parts] of byPartition) {
      if (parts.length <= MAX_PARTS) continue;
      const target = join(
        partition,
        `part-${new Date(nowMs).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-compact-${randomUUID()}.parquet`,
      );
      const sources = `[${parts.map((p) => sqlString(join(root, p))).join(', ')}]`;
      await withDuckDb((db) =>
        db.run(
          `COPY (SELECT * FROM read_parquet(${sources}, hive_partitioning = false, union_by_name = true))
           TO ${sqlString(join(root, target))} (FORMAT parquet, COMPRESSION zstd)`,
        ),
      );
      manifest[table] = [...manifest[table].filter((p) => !parts.includes(p)), target].sort();
      for (const path of parts) manifest.garbage.push({ path, since: nowMs });
      compacted++;
    }
  }
  return compacted;
}

async function files(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await files(path)));
    else found.push(path);
  }
  return found;
}

async function collectGarbage(root: string, manifest: Manifest, nowMs: number): Promise<number> {
  let deleted = 0;
  const due = manifest.garbage.filter((g) => nowMs - g.since >= GRACE_MS);
  for (const { path } of due) {
    await rm(join(root, path), { force: true });
    deleted++;
  }
  manifest.garbage = manifest.garbage.filter((g) => nowMs - g.since < GRACE_MS);
  // Leftovers of runs that crashed before their commit: listed nowhere, and old.
  const known = new Set([...manifest.events, ...manifest.alerts, ...manifest.garbage.map((g) => g.path)]);
  for (const file of await files(root)) {
    const path = relative(root, file);
    if (known.has(path)) continue;
    const info = await stat(file).catch(() => undefined);
    if (info !== undefined && nowMs - info.mtimeMs >= GRACE_MS) {
      await rm(file, { force: true });
      deleted++;
    }
  }
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.name.startsWith('.staging-')) continue;
    const info = await stat(join(root, entry.name)).catch(() => undefined);
    if (info !== undefined && nowMs - info.mtimeMs >= GRACE_MS)
      await rm(join(root, entry.name), { recursive: true, force: true });
  }
  return deleted;
}

async function rotateRawLogs(
  dir: string,
  retention: Retention,
  nowMs: number,
): Promise<{ compressed: number; removed: number }> {
  let compressed = 0;
  let removed = 0;
  // Only rotated files (`access.log.1`, `auth.log-20261101`): the current one may still grow.
  for (const file of (await files(dir)).filter((f) => /(\.\d+|-\d{8})(\.gz)?$/.test(f))) {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined) continue;
    const age = (nowMs - info.mtimeMs) / DAY_MS;
    if (age >= retention.rawRemoveDays) {
      await unlink(file);
      removed++;
    } else if (age >= retention.rawCompressDays && !file.endsWith('.gz')) {
      // Same name plus .gz, same time: rotation order and the history's checkpoints still hold.
      await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
      await utimes(`${file}.gz`, info.atime, info.mtime);
      await unlink(file);
      compressed++;
    }
  }
  return { compressed, removed };
}
