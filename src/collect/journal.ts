import { createWriteStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { dirname } from 'node:path';
import type { ResolvedServer } from '../config/servers.js';
import { explainFailure, runProcess, shellQuote, sshArgs, sshDestination } from './ssh.js';

export interface JournalResult {
  /** Bytes of whole lines appended. */
  readonly bytes: number;
  /** The `__CURSOR` of the last line kept, to continue after it next time. */
  readonly cursor: string | null;
}

/** The command sent to the server; docs/deploy.md's forced command accepts exactly these two forms. */
export function journalCommand(cursor: string | null): string {
  return cursor === null
    ? 'journalctl -o json --no-pager --since=-1d'
    : `journalctl -o json --no-pager --after-cursor=${shellQuote(cursor)}`;
}

/**
 * Appends the server's journal entries since the last one we have to `path` (one JSON object a
 * line, read by the `journald` parser). Only whole lines are kept and they are fsynced before the
 * cursor is returned; the cursor is read back from the file itself, so a run killed between the
 * write and the state update continues after the last line on disk and never appends one twice.
 */
export async function collectJournal(
  server: ResolvedServer,
  path: string,
  savedCursor: string | null,
  signal: AbortSignal,
): Promise<JournalResult> {
  await mkdir(dirname(path), { recursive: true });
  const before = await open(path, 'a+');
  let start: number;
  let cursor: string | null;
  try {
    start = (await before.stat()).size;
    cursor = (await lastCursor(before, start)) ?? savedCursor;
  } finally {
    await before.close();
  }
  const sink = createWriteStream(path, { flags: 'a' });
  const outcome = await runProcess(
    'ssh',
    [...sshArgs(server), '--', sshDestination(server), journalCommand(cursor)],
    { signal, stdoutTo: sink },
  ).then(
    (result) => ({ result }),
    (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
  );
  sink.end();
  await finished(sink).catch(() => undefined);
  const after = await open(path, 'r+');
  try {
    // Whatever happened, the file ends with a whole line.
    const end = await cutToLastNewline(after, start);
    await after.sync();
    if ('error' in outcome) throw outcome.error;
    if (outcome.result.code !== 0) throw explainFailure(server, outcome.result, signal, 'journalctl');
    return { bytes: end - start, cursor: (await lastCursor(after, end)) ?? cursor };
  } finally {
    await after.close();
  }
}

/** Drops a half line at the end of what was appended (the connection ended inside it). */
async function cutToLastNewline(handle: FileHandle, start: number): Promise<number> {
  const { size } = await handle.stat();
  let end = size;
  const chunk = Buffer.alloc(64 * 1024);
  while (end > start) {
    const from = Math.max(start, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - from, from);
    const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at >= 0) {
      end = from + at + 1;
      break;
    }
    end = from;
  }
  if (end !== size) await handle.truncate(end);
  return end;
}

/** `__CURSOR` of the last line before `size`, when it is a journal entry. */
async function lastCursor(handle: FileHandle, size: number): Promise<string | null> {
  const window = Math.min(size, 4 * 1024 * 1024);
  if (window === 0) return null;
  const buffer = Buffer.alloc(window);
  await handle.read(buffer, 0, window, size - window);
  const lines = buffer.toString('utf8').trimEnd().split('\n');
  const last = lines[lines.length - 1];
  if (last === undefined) return null;
  try {
    const entry: unknown = JSON.parse(last);
    if (typeof entry === 'object' && entry !== null && '__CURSOR' in entry) {
      const value = entry.__CURSOR;
      return typeof value === 'string' ? value : null;
    }
  } catch {
    // A line that is not JSON: no cursor to continue from.
  }
  return null;
}
