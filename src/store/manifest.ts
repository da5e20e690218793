import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/files.js';

/**
 * The history's table of contents, `state/history.json`. Readers query exactly the Parquet
 * files listed here, so a file being written, or one compacted away a moment ago, is never
 * seen half or twice: a commit is one atomic rewrite of this file. It also holds the ingest
 * checkpoints: per log file (fingerprint of its first line and host), how many lines are stored.
 */
export interface Manifest {
  version: 1;
  /** Parquet files relative to `history/`, e.g. `events/date=2026-11-19/host=web1/part-….parquet`. */
  events: string[];
  alerts: string[];
  /** Fingerprint → lines of that file already stored. */
  checkpoints: Record<string, { lines: number; file: string; at: string }>;
  /** Files no longer listed, deleted once no reader can still be using them. */
  garbage: { path: string; since: number }[];
}

export function emptyManifest(): Manifest {
  return { version: 1, events: [], alerts: [], checkpoints: {}, garbage: [] };
}

export function manifestPath(dataDir: string): string {
  return join(dataDir, 'state', 'history.json');
}

export async function readManifest(dataDir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(manifestPath(dataDir), 'utf8');
  } catch {
    return emptyManifest();
  }
  const parsed = JSON.parse(text) as Partial<Manifest> | null;
  if (parsed?.version !== 1 || !Array.isArray(parsed.events)) {
    throw new Error(`${manifestPath(dataDir)} is not a logwarden history manifest`);
  }
  return { ...emptyManifest(), ...parsed };
}

export async function writeManifest(dataDir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(manifestPath(dataDir), `${JSON.stringify(manifest)}\n`);
}
