import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ErrorCodes, LogwardenError } from '../errors.js';

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
  /** How to name it to the user. */
  readonly display: string;
  readonly stdin: boolean;
  readonly size: number;
  readonly mtimeMs: number;
  readonly dev: number;
  readonly ino: number;
  /** Host from a `access_logs/<host>/…` folder in the path. */
  readonly hostHint?: string;
  readonly format?: string;
  readonly host?: string;
  readonly timezone?: string;
}

/**
 * Log-like names kept when a directory is walked: `*.log` and the classic extension-less
 * names, each with rotation suffixes (`.1`, `.2.gz`, `-20261122`, `-20261122.gz`), and any `*.gz`.
 */
const LOG_NAME =
  /^(?:.+\.log|syslog|messages|secure|auth|kern|daemon|mail|maillog|access_log|error_log)(?:\.\d+|-\d{8})?(?:\.gz)?$|\.gz$/;

/** Expands specs into the files to read, each rotated set oldest first, without duplicates. */
export async function resolveInputs(specs: readonly InputSpec[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    for (const file of await resolveSpec(spec)) {
      const identity = file.stdin ? '-' : `${file.dev}:${file.ino}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push(file);
    }
  }
  return out;
}

async function resolveSpec(spec: InputSpec): Promise<InputFile[]> {
  const extra = {
    ...(spec.format !== undefined && { format: spec.format }),
    ...(spec.host !== undefined && { host: spec.host }),
    ...(spec.timezone !== undefined && { timezone: spec.timezone }),
  };
  if (spec.path === '-') {
    return [
      { path: '-', display: 'stdin', stdin: true, size: 0, mtimeMs: Date.now(), dev: 0, ino: 0, ...extra },
    ];
  }
  let paths: string[];
  if (isDynamicPattern(spec.path)) {
    paths = orderRotatedSets(
      await glob(spec.path, { absolute: true, onlyFiles: true, expandDirectories: false }),
    );
    if (paths.length === 0) {
      throw new LogwardenError(ErrorCodes.inputNotFound, `${spec.path}: no file matches this pattern`);
    }
  } else {
    const path = resolve(spec.path);
    const stats = await statOrThrow(path, spec.path);
    paths = stats.isDirectory() ? orderRotatedSets(await walk(path)) : [path];
  }
  const files: InputFile[] = [];
  for (const path of paths) {
    const stats = await statOrThrow(path, path);
    const hostHint = hostFromPath(path);
    files.push({
      path,
      display: path,
      stdin: false,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      dev: stats.dev,
      ino: stats.ino,
      ...(hostHint !== undefined && { hostHint }),
      ...extra,
    });
  }
  return files;
}

async function statOrThrow(path: string, named: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new LogwardenError(ErrorCodes.inputUnreadable, `${named}: permission denied`, { cause: error });
    }
    throw new LogwardenError(ErrorCodes.inputNotFound, `${named}: no such file or directory`, {
      cause: error,
    });
  }
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new LogwardenError(
      ErrorCodes.inputUnreadable,
      `${dir}: cannot list directory: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return entries
    .filter((entry) => entry.isFile() && LOG_NAME.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (path) =>
        !path
          .slice(dir.length)
          .split(sep)
          .some((part) => part.startsWith('.')),
    );
}

/** `access_logs/<host>/…` → host (DESIGN.md, "Host of a line"). */
export function hostFromPath(path: string): string | undefined {
  const parts = path.split(sep);
  const at = parts.lastIndexOf('access_logs');
  return at >= 0 && at + 2 < parts.length ? parts[at + 1] : undefined;
}

interface RotationKey {
  readonly set: string;
  /** Lower is older: numbered generations by -N, dated ones by date, the live file last. */
  readonly age: number;
}

/** `access.log.3.gz` → set `…/access.log`, age -3; `messages-20261122` → age by date; `access.log` → live. */
export function rotationKey(path: string): RotationKey {
  const name = basename(path).replace(/\.gz$/, '');
  const numbered = /^(.+)\.(\d{1,4})$/.exec(name);
  if (numbered?.[1] !== undefined)
    return { set: join(dirname(path), numbered[1]), age: -2e9 - Number(numbered[2]) };
  const dated = /^(.+)-(\d{8})$/.exec(name);
  if (dated?.[1] !== undefined) return { set: join(dirname(path), dated[1]), age: Number(dated[2]) - 1e9 };
  return { set: join(dirname(path), name), age: 0 };
}

/** Sorts paths by rotated set, and within a set oldest first. */
export function orderRotatedSets(paths: readonly string[]): string[] {
  const keyed = paths.map((path) => ({ path, key: rotationKey(path) }));
  keyed.sort((a, b) =>
    a.key.set !== b.key.set
      ? a.key.set < b.key.set
        ? -1
        : 1
      : a.key.age - b.key.age || (a.path < b.path ? -1 : 1),
  );
  return keyed.map((k) => k.path);
}
