import { open, stat, type FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 256 * 1024;
const MAX_LINE_BYTES = 1024 * 1024;

export interface TailBatch {
  readonly lines: string[];
  /** 1-based number of `lines[0]` in the file (as `readLines` counts, blank lines included). */
  readonly firstLine: number;
}

/**
 * Follows one log file: complete lines only (a line still being written waits for its newline),
 * from a byte offset, through both kinds of rotation: rename-and-create (the path now names
 * another inode: the old file is read to its end, then the new one from its start) and
 * copytruncate (the file got shorter than what was read: it starts over).
 */
export class FileTail {
  private handle: FileHandle | undefined;
  private ino = -1;
  private offset = 0;
  private line = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;

  constructor(readonly path: string) {}

  /** Lines read so far in the current file (its checkpoint). */
  get linesRead(): number {
    return this.line;
  }

  /** The next batch of complete lines, or undefined when there is nothing new. */
  async read(): Promise<TailBatch | undefined> {
    for (;;) {
      if (this.handle === undefined && !(await this.reopen())) return undefined;
      const handle = this.handle;
      if (handle === undefined) return undefined;
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, this.offset);
      if (bytesRead > 0) {
        this.offset += bytesRead;
        const batch = this.split(buffer.subarray(0, bytesRead));
        if (batch.lines.length > 0) return batch;
        continue;
      }
      // At the end: has the file been rotated or truncated under us?
      const now = await stat(this.path).catch(() => undefined);
      if (now !== undefined && now.ino !== this.ino) {
        // Renamed away: what was written to the old file before the switch is already read.
        await handle.close();
        this.handle = undefined;
        this.reset();
        continue;
      }
      if (now !== undefined && now.size < this.offset) {
        this.reset();
        continue;
      }
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private reset(): void {
    this.offset = 0;
    this.line = 0;
    this.partial = [];
    this.partialBytes = 0;
  }

  private async reopen(): Promise<boolean> {
    try {
      const handle = await open(this.path, 'r');
      this.ino = (await handle.stat()).ino;
      this.handle = handle;
      return true;
    } catch {
      // Not there (yet, or between rename and create): tried again on the next poll.
      return false;
    }
  }

  private split(chunk: Buffer): TailBatch {
    const firstLine = this.line + 1;
    const last = chunk.lastIndexOf(0x0a);
    if (last < 0) {
      this.keepPartial(chunk);
      return { lines: [], firstLine };
    }
    // The start of the first line may be waiting from the previous read.
    const head =
      this.partialBytes === 0
        ? chunk.subarray(0, last)
        : Buffer.concat([...this.partial, chunk.subarray(0, last)]);
    this.partial = [];
    this.partialBytes = 0;
    // One decode for the whole region of complete lines, then a split: no per-line Buffer work.
    const lines = head.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
      if (line.length > MAX_LINE_BYTES) lines[i] = line.slice(0, MAX_LINE_BYTES);
    }
    this.line += lines.length;
    this.keepPartial(chunk.subarray(last + 1));
    return { lines, firstLine };
  }

  private keepPartial(rest: Buffer): void {
    if (rest.length === 0 || this.partialBytes >= MAX_LINE_BYTES) return;
    // Copied: a view would keep the whole 256 KiB read buffer alive.
    this.partial.push(Buffer.from(rest));
    this.partialBytes += rest.length;
  }
}
