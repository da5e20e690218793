import { constants, type Dirent, type Stats } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ErrorCodes, LogwardenError, WarningCodes, type Warning } from '../errors.js';

/** What the user named: a file, a directory, a glob, or `-` for stdin. */
export interface InputSpec {
  readonly path: string;
  readonly format?: string | undefined;
  readonly host?: string | undefined;
  readonly timezone?: string | undefined;
}

export interface InputFile {
  /** Absolute path, or `-` for stdin. */
  readonly path: string;
  /** The path as the user would recognise it: as typed, or relative to what was typed. */
  readonly display: string;
  readonly stdin: boolean;
  readonly size: number;
  readonly mtimeMs: number;
  readonly dev: number;
  readonly ino: number;
  /** The rotated set the file belongs to (the live file's path): a set is read as one stream. */
  readonly set: string;
  /** Host from a `access_logs/<host>/…` folder in the path. */
  readonly hostHint?: string;
  readonly format?: string;
  readonly host?: string;
  readonly timezone?: string;
}

export interface ResolveOptions {
  /** Told about a subdirectory that cannot be listed (it is skipped). */
  readonly onWarning?: ((warning: Warning) => void) | undefined;
}

/**
 * Log-like names kept when a directory is walked: `*.log` and the classic extension-less
 * names, each with rotation suffixes (`.1`, `.2.gz`, `-20261122`, `-20261122.gz`), and any `*.gz`.
 */
const LOG_NAME =
  /^(?:.+\.log|syslog|messages|secure|auth|kern|daemon|mail|maillog|access_log|error_log)(?:\.\d+|-\d{8})?(?:\.gz)?$|\.gz$/;

/**
 * Expands specs into the files to read. A directory is walked for log-like names and a glob
 * expanded; the files each produces come rotated set by rotated set, oldest generation first.
 * Explicit files keep the order given. A file named twice (same device and inode) is read once.
 */
export async function resolveInputs(
  specs: readonly InputSpec[],
  options: ResolveOptions = {},
): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    for (const file of await resolveSpec(spec, options)) {
      const identity = file.stdin ? '-' : `${file.dev}:${file.ino}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      files.push(file);
    }
  }
  return files;
}

async function resolveSpec(spec: InputSpec, options: ResolveOptions): Promise<InputFile[]> {
  if (spec.path === '-') {
    return [
      {
        path: '-',
        display: 'stdin',
        set: '-',
        stdin: true,
        size: 0,
        mtimeMs: Date.now(),
        dev: 0,
        ino: 0,
        ...extras(spec),
      },
    ];
  }
  const absolute = resolve(spec.path);
  const stats = await statNamed(absolute, spec.path);
  // Not only regular files: a named pipe such as bash's `<(zcat old.gz)` reads as well.
  if (stats !== undefined && !stats.isDirectory()) {
    await readableOrThrow(absolute, spec.path);
    return [inputFile(spec, absolute, spec.path, stats)];
  }
  let paths: string[];
  if (stats?.isDirectory() === true) {
    paths = await walk(absolute, spec.path, options);
  } else if (isDynamicPattern(spec.path)) {
    paths = await glob(spec.path, { absolute: true, onlyFiles: true, expandDirectories: false });
    if (paths.length === 0) {
      throw new LogwardenError(ErrorCodes.inputNotFound, `${spec.path}: no file matches this pattern`);
    }
  } else {
    throw new LogwardenError(ErrorCodes.inputNotFound, `${spec.path}: no such file or directory`);
  }
  const files: InputFile[] = [];
  for (const path of orderRotatedSets(paths)) {
    // Rotated away since it was listed, a dangling link, a link to a folder: nothing to read.
    const fileStats = await stat(path).catch(() => undefined);
    if (fileStats?.isFile() !== true) continue;
    const display = isAbsolute(spec.path)
      ? path
      : stats === undefined
        ? relative(process.cwd(), path)
        : join(spec.path, relative(absolute, path));
    files.push(inputFile(spec, path, display, fileStats));
  }
  return files;
}

function inputFile(spec: InputSpec, path: string, display: string, stats: Stats): InputFile {
  const hostHint = hostFromPath(path);
  return {
    path,
    display,
    set: rotationKey(path).set,
    stdin: false,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    dev: stats.dev,
    ino: stats.ino,
    ...(hostHint !== undefined && { hostHint }),
    ...extras(spec),
  };
}

function extras(spec: InputSpec): Pick<InputFile, 'format' | 'host' | 'timezone'> {
  return {
    ...(spec.format !== undefined && { format: spec.format }),
    ...(spec.host !== undefined && { host: spec.host }),
    ...(spec.timezone !== undefined && { timezone: spec.timezone }),
  };
}

/** Stats of an existing path; undefined when there is nothing there. */
async function statNamed(path: string, named: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new LogwardenError(ErrorCodes.inputUnreadable, `${named}: ${describe(error)}`, { cause: error });
  }
}

async function readableOrThrow(path: string, named: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new LogwardenError(ErrorCodes.inputUnreadable, `${named}: ${describe(error)}`, { cause: error });
  }
}

/**
 * Log-like files under a directory, hidden files and folders left out. Symbolic links to files
 * are kept; linked folders are not entered, so a loop cannot trap the walk.
 */
async function walk(root: string, named: string, options: ResolveOptions): Promise<string[]> {
  const found: string[] = [];
  const folders = [root];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (folder === root) {
        throw new LogwardenError(ErrorCodes.inputUnreadable, `${named}: ${describe(error)}`, {
          cause: error,
        });
      }
      options.onWarning?.({
        code: WarningCodes.readFailed,
        file: join(named, relative(root, folder)),
        message: `folder skipped: ${describe(error)}`,
      });
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) folders.push(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && LOG_NAME.test(entry.name)) found.push(path);
    }
  }
  return found;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function describe(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** `access_logs/<host>/…` → host (DESIGN.md, "Host of a line"). */
function hostFromPath(path: string): string | undefined {
  const parts = path.split(sep);
  const at = parts.lastIndexOf('access_logs');
  return at >= 0 && at + 2 < parts.length ? parts[at + 1] : undefined;
}

interface RotationKey {
  /** The live file's path: what every generation of the set shares. */
  readonly set: string;
  /** Lower is older: numbered generations by -N, dated ones by date, the live file last. */
  readonly age: number;
}

/** `access.log.3.gz` → set `…/access.log`, age -3; `messages-20261122` → age by date; `access.log` → live. */
function rotationKey(path: string): RotationKey {
  const name = basename(path).replace(/\.gz$/, '');
  const numbered = /^(.+)\.(\d{1,4})$/.exec(name);
  if (numbered?.[1] !== undefined) {
    return { set: join(dirname(path), numbered[1]), age: -2e9 - Number(numbered[2]) };
  }
  const dated = /^(.+)-(\d{8})$/.exec(name);
  if (dated?.[1] !== undefined) return { set: join(dirname(path), dated[1]), age: Number(dated[2]) - 1e9 };
  return { set: join(dirname(path), name), age: 0 };
}

/** Sorts paths by rotated set, and within a set oldest first. */
function orderRotatedSets(paths: readonly string[]): string[] {
  const keyed = paths.map((path) => ({ path, key: rotationKey(path) }));
  keyed.sort((a, b) => compare(a.key.set, b.key.set) || a.key.age - b.key.age || compare(a.path, b.path));
  return keyed.map((k) => k.path);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
