import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { TimestampFormatter, type DemoCalendar, type TimestampLayout } from './clock.js';

/**
 * Log files of one kind on one host (`web1/access.log*`), rotated weekly like Debian logrotate with
 * `delaycompress`: the newest week in `access.log`, the week before in `access.log.1`, older weeks
 * in `access.log.N.gz`. Generators add lines in any order; `flushBefore` sorts what is pending and
 * streams out every line older than a limit, in ~64 KiB chunks, so no file is ever held in memory.
 */

const CHUNK_CHARS = 64 * 1024;
/** Chunks queued in a stream before waiting for it: lets gzip run while the next chunk is built. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const ROTATED = /^(access|auth)\.log(\.\d+(\.gz)?)?(\.tmp)?$/;

/** File name of rotation generation `n` (0 = the live file). */
function rotatedName(base: string, generation: number): string {
  if (generation === 0) return base;
  if (generation === 1) return `${base}.1`;
  return `${base}.${generation}.gz`;
}

/** Removes the rotated access and auth logs a previous run left in `dir`, and creates it. */
export async function prepareLogDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (ROTATED.test(name)) await rm(join(dir, name), { force: true });
  }
}

/** One output file, written under a temporary name and renamed when complete. */
class OutputFile {
  private readonly sink: Writable;
  private readonly done: Promise<void>;
  private readonly temp: string;

  constructor(readonly path: string) {
    this.temp = `${path}.tmp`;
    const file = createWriteStream(this.temp);
    if (path.endsWith('.gz')) {
      const gzip = createGzip({ level: 6 });
      this.sink = gzip;
      this.done = pipeline(gzip, file);
    } else {
      this.sink = file;
      this.done = new Promise((resolve, reject) => {
        file.once('finish', resolve);
        file.once('error', reject);
      });
    }
    // Failures surface from write() or close(); this only keeps an early one from being "unhandled".
    this.done.catch(() => undefined);
  }

  async write(chunk: string): Promise<void> {
    if (!this.sink.write(chunk) && this.sink.writableLength > MAX_QUEUED_BYTES) {
      await Promise.race([once(this.sink, 'drain'), this.done]);
    }
  }

  /** Ends the file, gives it the modification time of its last line and moves it into place. */
  async close(mtimeMs: number): Promise<void> {
    this.sink.end();
    await this.done;
    const mtime = new Date(mtimeMs);
    await utimes(this.temp, mtime, mtime);
    await rename(this.temp, this.path);
  }
}

export class LogStream {
  /** Files written, oldest first. */
  readonly files: string[] = [];
  lines = 0;
  /** Queued lines, as three parallel arrays (no object per line). */
  private pendingTs: number[] = [];
  private pendingPre: string[] = [];
  private pendingPost: string[] = [];
  private readonly formatter: TimestampFormatter;
  private file: OutputFile | undefined;
  private week = -1;
  private weekEnd = Number.NEGATIVE_INFINITY;
  private lastTs = 0;
  private lastMicros = 0;
  /** Pieces of the next chunk; joined once (a long `+=` rope is slow to flatten). */
  private parts: string[] = [];
  private partsLength = 0;

  constructor(
    private readonly dir: string,
    private readonly base: string,
    layout: TimestampLayout,
    private readonly calendar: DemoCalendar,
  ) {
    this.formatter = new TimestampFormatter(layout, calendar.zone);
  }

  /** Queues a line `pre + timestamp + post`; returns the time the line will show (whole seconds where the layout has no fraction). */
  add(ts: number, pre: string, post: string): number {
    const shown = this.formatter.normalize(ts);
    this.pendingTs.push(shown);
    this.pendingPre.push(pre);
    this.pendingPost.push(post);
    return shown;
  }

  /** Writes, in time order, every queued line older than `limit`. */
  async flushBefore(limit: number): Promise<void> {
    const ts = this.pendingTs;
    const pre = this.pendingPre;
    const post = this.pendingPost;
    const order = timeOrder(ts);
    const keep: number[] = [];
    for (const i of order) {
      const t = ts[i] ?? 0;
      if (t >= limit) {
        keep.push(i);
        continue;
      }
      if (t < this.calendar.start) continue;
      while (t >= this.weekEnd) await this.nextWeek();
      // Sub-millisecond digits of ISO timestamps: no meaning, but never going backwards.
      const micros = t === this.lastTs ? Math.min(999, this.lastMicros + 1) : (this.lines * 389 + 71) % 500;
      const line = (pre[i] ?? '') + this.formatter.format(t, micros) + (post[i] ?? '') + '\n';
      this.parts.push(line);
      this.partsLength += line.length;
      this.lines++;
      this.lastTs = t;
      this.lastMicros = micros;
      if (this.partsLength >= CHUNK_CHARS) await this.writeBuffer();
    }
    this.pendingTs = keep.map((i) => ts[i] ?? 0);
    this.pendingPre = keep.map((i) => pre[i] ?? '');
    this.pendingPost = keep.map((i) => post[i] ?? '');
  }

  /** Writes what is left inside the month (lines after its end are dropped) and closes the last file. */
  async close(): Promise<void> {
    await this.flushBefore(this.calendar.end);
    this.pendingTs = [];
    this.pendingPre = [];
    this.pendingPost = [];
    while (this.week < this.calendar.weeks - 1) await this.nextWeek();
    await this.closeFile();
  }

  private async writeBuffer(): Promise<void> {
    if (this.parts.length === 0 || this.file === undefined) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    await this.file.write(chunk);
  }

  private async closeFile(): Promise<void> {
    if (this.file === undefined) return;
    await this.writeBuffer();
    const weekStart = this.calendar.weekStart(this.week);
    await this.file.close(Math.max(this.lastTs, weekStart));
    this.file = undefined;
  }

  private async nextWeek(): Promise<void> {
    await this.closeFile();
    this.week++;
    this.weekEnd =
      this.week >= this.calendar.weeks - 1
        ? Number.POSITIVE_INFINITY
        : this.calendar.weekStart(this.week + 1);
    const path = join(this.dir, rotatedName(this.base, this.calendar.weeks - 1 - this.week));
    this.file = new OutputFile(path);
    this.files.push(path);
  }
}

const INDEX_BITS = 2 ** 20;

/**
 * Indexes of `ts` in time order, stable. Sorting a Float64Array of `(ts - min) * 2^20 + index`
 * natively is many times faster than `Array.sort` with a comparator over ~50,000 lines a day.
 */
function timeOrder(ts: readonly number[]): Uint32Array | number[] {
  const n = ts.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const t of ts) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  // Times are whole milliseconds (TimestampFormatter.normalize), so keys are exact below 2^53.
  const exact = (max - min + 1) * INDEX_BITS < Number.MAX_SAFE_INTEGER;
  if (n >= INDEX_BITS || !exact) {
    return Array.from(ts.keys()).sort((a, b) => (ts[a] ?? 0) - (ts[b] ?? 0));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ((ts[i] ?? 0) - min) * INDEX_BITS + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = (keys[i] ?? 0) % INDEX_BITS;
  return order;
}
