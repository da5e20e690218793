import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedServer } from '../config/servers.js';
import { ErrorCodes, LogwardenError, type ErrorCode } from '../errors.js';
import { writeFileAtomic } from '../state/files.js';
import { collectJournal } from './journal.js';
import {
  chooseFetch,
  listRemoteFiles,
  localPathFor,
  rsyncFile,
  trimUnfinishedLine,
  type FileRecord,
} from './rsync.js';

/** What one server's collection did; `error` is set when it failed (what came before is kept). */
export interface ServerResult {
  readonly server: string;
  /** `<dataDir>/access_logs/<server>`: what `analyze` reads. */
  readonly dir: string;
  /** Files that were fetched or appended to (unchanged ones are not counted). */
  readonly files: number;
  /** New bytes on disk. */
  readonly bytes: number;
  /** The journal file, when the server's journal is collected and the file exists. */
  readonly journal: string | null;
  /** Things worth knowing that did not stop the run (an unreadable file, a pattern matching nothing). */
  readonly warnings: readonly string[];
  readonly error: { readonly code: ErrorCode; readonly message: string } | null;
  /** Consecutive failed runs, this one included (0 after a success). */
  readonly failures: number;
}

/** `<dataDir>/state/collect-<server>.json`. */
export interface CollectState {
  readonly version: 1;
  readonly failures: number;
  readonly lastSuccess: string | null;
  readonly lastError: string | null;
  /** By remote path: what was fetched last. */
  readonly files: Readonly<Record<string, FileRecord>>;
  readonly journalCursor: string | null;
}

const EMPTY_STATE: CollectState = {
  version: 1,
  failures: 0,
  lastSuccess: null,
  lastError: null,
  files: {},
  journalCursor: null,
};

export function collectStatePath(dataDir: string, server: string): string {
  return join(dataDir, 'state', `collect-${server}.json`);
}

/** The saved state of a server; a missing or unreadable file is a server never collected. */
export async function readCollectState(dataDir: string, server: string): Promise<CollectState> {
  try {
    const saved = JSON.parse(
      await readFile(collectStatePath(dataDir, server), 'utf8'),
    ) as Partial<CollectState>;
    return { ...EMPTY_STATE, ...saved, version: 1 };
  } catch {
    return EMPTY_STATE;
  }
}

/** How many collections of this server failed in a row (for health alerts). */
export async function consecutiveFailures(dataDir: string, server: string): Promise<number> {
  return (await readCollectState(dataDir, server)).failures;
}

export function serverDir(dataDir: string, server: string): string {
  return join(dataDir, 'access_logs', server);
}

/**
 * Fetches a server's new log bytes into `<dataDir>/access_logs/<server>/` (remote paths kept
 * below it) and, with `journal: true`, its journal into `journal.json`. Never throws for the
 * server's own failures: they are in the result, in plain words, and counted in the state.
 */
export async function collectServer(server: ResolvedServer, dataDir: string): Promise<ServerResult> {
  const signal = AbortSignal.timeout(server.timeoutMs);
  const dir = serverDir(dataDir, server.name);
  const previous = await readCollectState(dataDir, server.name);
  const records: Record<string, FileRecord> = { ...previous.files };
  const warnings: string[] = [];
  let files = 0;
  let bytes = 0;
  let cursor = previous.journalCursor;
  const journalPath = join(dir, 'journal.json');
  let error: ServerResult['error'] = null;
  try {
    if (server.paths.length === 0 && !server.journal) {
      warnings.push('nothing to collect: the server has no paths and journal is off');
    }
    if (server.paths.length > 0) {
      const listing = await listRemoteFiles(server, signal);
      for (const path of listing.unreadable) {
        warnings.push(`${path}: cannot be read by the collecting user (add it to group adm)`);
      }
      for (const pattern of listing.unmatched) warnings.push(`${pattern}: no file matches on the server`);
      for (const remote of listing.files) {
        const local = localPathFor(dir, remote.path);
        const sizeBefore = (await stat(local).catch(() => undefined))?.size ?? 0;
        const mode = await chooseFetch(remote, local, records[remote.path]);
        if (mode !== 'skip') {
          await rsyncFile(server, remote, local, mode, signal);
          await trimUnfinishedLine(local, remote, listing.now);
          const sizeAfter = (await stat(local)).size;
          files++;
          bytes += mode === 'append' ? sizeAfter - sizeBefore : sizeAfter;
        }
        records[remote.path] = {
          size: remote.size,
          mtime: remote.mtime,
          inode: remote.inode,
          head: remote.head,
        };
      }
    }
    if (server.journal) {
      const fetched = await collectJournal(server, journalPath, previous.journalCursor, signal);
      cursor = fetched.cursor;
      bytes += fetched.bytes;
      if (fetched.bytes > 0) files++;
    }
  } catch (caught) {
    error = describeError(caught);
  }
  const journal = server.journal && (await exists(journalPath)) ? journalPath : null;
  const failures = error === null ? 0 : previous.failures + 1;
  const state: CollectState = {
    version: 1,
    failures,
    lastSuccess: error === null ? new Date().toISOString() : previous.lastSuccess,
    lastError: error === null ? null : error.message,
    files: records,
    journalCursor: cursor,
  };
  await writeFileAtomic(collectStatePath(dataDir, server.name), `${JSON.stringify(state, null, 2)}\n`);
  return { server: server.name, dir, files, bytes, journal, warnings, error, failures };
}

/**
 * Collects every server at once, each within its own timeout: one server down or slow never
 * stops the others. Results come in the order of `servers`.
 */
export async function collectAll(
  servers: readonly ResolvedServer[],
  dataDir: string,
): Promise<ServerResult[]> {
  const settled = await Promise.allSettled(servers.map((server) => collectServer(server, dataDir)));
  return settled.map((outcome, index) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    const name = servers[index]?.name ?? '?';
    return {
      server: name,
      dir: serverDir(dataDir, name),
      files: 0,
      bytes: 0,
      journal: null,
      warnings: [],
      error: describeError(outcome.reason),
      // Only a local failure (the state could not be read or written) gets here.
      failures: 1,
    };
  });
}

function describeError(error: unknown): NonNullable<ServerResult['error']> {
  if (error instanceof LogwardenError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: ErrorCodes.collectFailed, message: `local failure while collecting: ${message}` };
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
