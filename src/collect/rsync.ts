import { createHash } from 'node:crypto';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { ResolvedServer } from '../config/servers.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { explainFailure, runProcess, runRemote, shellQuote, sshCommandLine, sshDestination } from './ssh.js';

/** A file on the server, as the listing saw it. */
export interface RemoteFile {
  readonly path: string;
  readonly size: number;
  /** Modification time, seconds since the epoch (the server's clock). */
  readonly mtime: number;
  readonly inode: number;
  /** MD5 of the first min(1 KiB, size) bytes: tells an appended file from a replaced one. */
  readonly head: string;
}

export interface RemoteListing {
  /** The server's clock when it listed. */
  readonly now: number;
  readonly files: RemoteFile[];
  /** Matching files the collecting user cannot read. */
  readonly unreadable: string[];
  /** Patterns that matched no file. */
  readonly unmatched: string[];
}

export const HEAD_BYTES = 1024;

/**
 * Lists the files matching the patterns read from stdin (one a line) as NUL-ended records, so
 * any file name is safe. Only POSIX sh, coreutils `stat`, `head` and `md5sum`. The first line is
 * the marker a forced-command wrapper recognises (docs/deploy.md runs its own copy of this script).
 */
export const LIST_SCRIPT = `# logwarden-list v1
IFS="
"
printf "T %s\\0" "$(date +%s)"
while IFS= read -r pattern; do
  found=
  for f in $pattern; do
    [ -f "$f" ] || continue
    found=1
    if [ ! -r "$f" ]; then printf "U %s\\0" "$f"; continue; fi
    s=$(stat -L -c "%s %Y %i" -- "$f") || continue
    h=$(head -c ${String(HEAD_BYTES)} -- "$f" | md5sum)
    printf "F %s %s %s\\0" "$s" "\${h%% *}" "$f"
  done
  [ -n "$found" ] || printf "N %s\\0" "$pattern"
done`;

export async function listRemoteFiles(server: ResolvedServer, signal: AbortSignal): Promise<RemoteListing> {
  const output = await runRemote(server, `sh -c ${shellQuote(LIST_SCRIPT)}`, {
    signal,
    input: server.paths.map((path) => `${path}\n`).join(''),
  });
  const listing: RemoteListing = { now: 0, files: [], unreadable: [], unmatched: [] };
  let now = 0;
  for (const record of output.toString('utf8').split('\0')) {
    const kind = record.slice(0, 2);
    const rest = record.slice(2);
    if (kind === 'T ') now = Number(rest);
    else if (kind === 'U ') listing.unreadable.push(rest);
    else if (kind === 'N ') listing.unmatched.push(rest);
    else if (kind === 'F ') {
      const match = /^(\d+) (\d+) (\d+) ([0-9a-f]{32}) (\/.*)$/s.exec(rest);
      if (match?.[5] === undefined) continue;
      listing.files.push({
        size: Number(match[1]),
        mtime: Number(match[2]),
        inode: Number(match[3]),
        head: match[4] ?? '',
        path: match[5],
      });
    }
  }
  if (!Number.isFinite(now) || now === 0) {
    throw new LogwardenError(
      ErrorCodes.collectFailed,
      `${server.name}: the file listing printed nothing usable (is the forced command the one in docs/deploy.md?)`,
    );
  }
  return { ...listing, now };
}

/** Where a remote file is kept: its whole path under the server's folder, so no two collide. */
export function localPathFor(serverDir: string, remotePath: string): string {
  const relative = normalize(remotePath).replace(/^\/+/, '');
  if (relative.length === 0 || relative.split('/').includes('..')) {
    throw new LogwardenError(ErrorCodes.collectFailed, `${remotePath}: not a path logwarden can keep`);
  }
  return join(serverDir, relative);
}

/** What the last run saw of a remote path. */
export interface FileRecord {
  readonly size: number;
  readonly mtime: number;
  readonly inode: number;
  readonly head: string;
}

/** skip: we have it all; append: it grew; whole: new, truncated or replaced (rsync's delta transfer). */
export type FetchMode = 'skip' | 'append' | 'whole';

export async function chooseFetch(
  remote: RemoteFile,
  local: string,
  previous: FileRecord | undefined,
): Promise<FetchMode> {
  const stats = await stat(local).catch(() => undefined);
  if (stats === undefined) return 'whole';
  if (previous !== undefined && previous.inode !== remote.inode) return 'whole';
  if (stats.size === remote.size && Math.floor(stats.mtimeMs / 1000) === remote.mtime) return 'skip';
  const compared = Math.min(HEAD_BYTES, remote.size);
  if (stats.size >= compared && (await headOf(local, compared)) !== remote.head) return 'whole';
  return stats.size < remote.size ? 'append' : 'whole';
}

async function headOf(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return createHash('md5').update(buffer.subarray(0, bytesRead)).digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Fetches one file with rsync over the same ssh command. `--append-verify` sends only the new
 * bytes of a grown file and still checks the whole file, falling back to a full transfer when the
 * start differs; `--partial` keeps what arrived when the run is cut off.
 */
export async function rsyncFile(
  server: ResolvedServer,
  remote: RemoteFile,
  local: string,
  mode: Exclude<FetchMode, 'skip'>,
  signal: AbortSignal,
): Promise<void> {
  await mkdir(dirname(local), { recursive: true });
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  const source = `${sshDestination({ ...server, host })}:${remote.path}`;
  const args = ['-e', sshCommandLine(server), '--times', '--partial'];
  if (mode === 'append') args.push('--append-verify');
  const result = await runProcess('rsync', [...args, '--', source, local], { signal });
  if (result.code !== 0) throw explainFailure(server, result, signal, `rsync of ${remote.path}`);
}

/** Lines still being written are left for the next run, so a line is never read half. */
const SETTLED_SECONDS = 60;

/**
 * Cuts a fetched file back to its last newline when the server wrote to it in the last minute:
 * the last line may be half written, and a half line analyzed now would be counted as a line of
 * its own. The rest arrives with the next run (`--append-verify` from the shorter copy).
 */
export async function trimUnfinishedLine(
  local: string,
  remote: RemoteFile,
  serverNow: number,
): Promise<void> {
  if (local.endsWith('.gz') || serverNow - remote.mtime >= SETTLED_SECONDS) return;
  const handle = await open(local, 'r+');
  try {
    const { size } = await handle.stat();
    const window = Math.min(size, 1024 * 1024);
    if (window === 0) return;
    const buffer = Buffer.alloc(window);
    await handle.read(buffer, 0, window, size - window);
    if (buffer[window - 1] === 0x0a) return;
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline < 0 && window < size) return;
    await handle.truncate(size - window + lastNewline + 1);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
