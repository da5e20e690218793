import { open, type FileReadResult } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { WarningCodes, type Warning, type WarningCode } from '../errors.js';
import type { InputFile } from './resolve.js';

export interface LineBatch {
  readonly lines: string[];
  /** 1-based number of `lines[0]` in the file (blank and cut lines count). */
  readonly firstLine: number;
}

export interface ReadStats {
  /** Bytes consumed from disk or stdin (compressed bytes for gzip): progress. */
  bytes: number;
  lines: number;
  /** Lines longer than the limit, cut to it. */
  cutLines: number;
  gzip: boolean;
  truncatedGzip: boolean;
  binary: boolean;
  empty: boolean;
}

export interface ReadOptions {
  readonly onWarning: (warning: Warning) => void;
  /** Longest line kept, in bytes before the newline; longer ones keep their start. Default 1 MiB. */
  readonly maxLineBytes?: number | undefined;
  /** Bytes per read from a file. Default 256 KiB. */
  readonly chunkBytes?: number | undefined;
  /** Stream read for `-`; default process.stdin. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
}

const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** Bytes decoded into one string at a time. */
const DECODE_BYTES = 64 * 1024;
const BINARY_PROBE_BYTES = 8192;
const CUT_WARNINGS_PER_FILE = 3;
/** Compressed bytes handed to zlib at a time: bounds one batch even at deflate's 1000:1 worst case. */
const GUNZIP_STEP_BYTES = 16 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 13;

export function newReadStats(): ReadStats {
  return { bytes: 0, lines: 0, cutLines: 0, gzip: false, truncatedGzip: false, binary: false, empty: false };
}

/**
 * Streams the lines of a file, gzip file or stdin in batches (one per chunk read), with memory
 * bounded by the chunk size plus the longest line kept. Never throws for bad content: a truncated
 * or corrupt gzip, a binary file, a read error, invalid UTF-8 and over-long lines become warnings,
 * and every line read before a problem is still yielded.
 */
export async function* readLines(
  file: InputFile,
  options: ReadOptions,
  stats: ReadStats,
): AsyncGenerator<LineBatch> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const warn = (code: WarningCode, message: string, line?: number): void => {
    options.onWarning({ code, file: file.display, message, ...(line !== undefined && { line }) });
  };
  const splitter = new LineSplitter(maxLineBytes, (line) => {
    stats.cutLines++;
    if (stats.cutLines <= CUT_WARNINGS_PER_FILE) {
      warn(WarningCodes.lineTooLong, `line longer than ${maxLineBytes} bytes cut to that length`, line);
    }
  });
  const split = (chunk: Buffer): LineBatch | undefined => {
    const firstLine = splitter.lineCount + 1;
    const lines = splitter.push(chunk);
    stats.lines += lines.length;
    return lines.length > 0 ? { lines, firstLine } : undefined;
  };
  /** The start of the content is held back until 8 KiB of it show whether the file is text. */
  let head: Buffer[] | undefined = [];
  let headBytes = 0;
  let failed = false;
  const isBinary = (start: Buffer): boolean => {
    if (!start.subarray(0, BINARY_PROBE_BYTES).includes(0)) return false;
    stats.binary = true;
    warn(WarningCodes.binaryFile, 'binary file (NUL bytes in its first 8 KiB), skipped');
    return true;
  };

  try {
    for await (let chunk of content(file, options, stats)) {
      if (head !== undefined) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < BINARY_PROBE_BYTES) continue;
        chunk = Buffer.concat(head, headBytes);
        head = undefined;
        if (isBinary(chunk)) return;
      }
      const batch = split(chunk);
      if (batch) yield batch;
    }
  } catch (error) {
    failed = true;
    const { code, message } = describeReadError(error, stats);
    warn(code, message);
  }
  if (head !== undefined) {
    if (headBytes === 0) {
      if (failed) return;
      stats.empty = true;
      warn(WarningCodes.emptyInput, file.stdin ? 'no input on stdin' : 'empty file');
      return;
    }
    const start = Buffer.concat(head, headBytes);
    if (isBinary(start)) return;
    const batch = split(start);
    if (batch) yield batch;
  }
  const firstLine = splitter.lineCount + 1;
  const last = splitter.finish();
  stats.lines += last.length;
  if (last.length > 0) yield { lines: last, firstLine };
  if (stats.cutLines > CUT_WARNINGS_PER_FILE) {
    warn(
      WarningCodes.lineTooLong,
      `${stats.cutLines} lines longer than ${maxLineBytes} bytes were cut in all`,
    );
  }
}

/**
 * Splits bytes into lines. Complete lines are decoded a whole region at a time (one `toString`
 * and one `split` per chunk, which is what makes it fast); only a line crossing a chunk boundary is
 * held as bytes, and never more than `maxBytes` of it: the rest of an over-long line is dropped
 * as it arrives. Regions end at a newline, so no UTF-8 sequence is ever decoded in two halves.
 */
class LineSplitter {
  /** Lines produced so far, cut ones included. */
  lineCount = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Inside the dropped rest of a cut line. */
  private skipping = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onCut: (line: number) => void,
  ) {}

  push(chunk: Buffer): string[] {
    let lines: string[] = [];
    // Pieces of at most maxBytes, so a line wholly inside one cannot be too long, and at most
    // 64 KiB: V8 allocates a longer decoded string in its large-object space, which made
    // decoding four times slower.
    const pieceBytes = Math.min(this.maxBytes, DECODE_BYTES);
    for (let offset = 0; offset < chunk.length; offset += pieceBytes) {
      lines = this.pushPiece(chunk.subarray(offset, offset + pieceBytes), lines);
    }
    return lines;
  }

  /** The last line, when the input does not end with a newline. */
  finish(): string[] {
    const lines: string[] = [];
    if (this.partialBytes > 0) this.endLine(lines);
    this.skipping = false;
    return lines;
  }

  private pushPiece(piece: Buffer, lines: string[]): string[] {
    let start = 0;
    if (this.skipping || this.partialBytes > 0) {
      const newline = piece.indexOf(NEWLINE);
      if (newline < 0) {
        this.extendLine(piece, lines);
        return lines;
      }
      this.extendLine(piece.subarray(0, newline), lines);
      this.endLine(lines);
      start = newline + 1;
    }
    const lastNewline = piece.lastIndexOf(NEWLINE);
    if (lastNewline >= start) {
      const region = piece.toString('utf8', start, lastNewline);
      const regionLines = region.split('\n');
      if (region.includes('\r')) stripCarriageReturns(regionLines);
      this.lineCount += regionLines.length;
      lines = lines.length === 0 ? regionLines : lines.concat(regionLines);
      start = lastNewline + 1;
    }
    if (start < piece.length) this.extendLine(piece.subarray(start), lines);
    return lines;
  }

  private extendLine(bytes: Buffer, lines: string[]): void {
    if (this.skipping || bytes.length === 0) return;
    if (this.partialBytes + bytes.length <= this.maxBytes) {
      this.partial.push(bytes);
      this.partialBytes += bytes.length;
      return;
    }
    // One byte past the limit shows whether the cut falls inside a character.
    this.partial.push(bytes.subarray(0, this.maxBytes - this.partialBytes + 1));
    const line = Buffer.concat(this.partial);
    this.partial = [];
    this.partialBytes = 0;
    this.skipping = true;
    let end = this.maxBytes;
    while (end > this.maxBytes - 3 && end > 0 && isContinuationByte(line[end])) end--;
    this.lineCount++;
    lines.push(line.toString('utf8', 0, end));
    this.onCut(this.lineCount);
  }

  private endLine(lines: string[]): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const [only] = this.partial;
    const bytes = this.partial.length === 1 && only ? only : Buffer.concat(this.partial, this.partialBytes);
    this.partial = [];
    this.partialBytes = 0;
    const line = bytes.toString('utf8');
    this.lineCount++;
    lines.push(line.charCodeAt(line.length - 1) === CARRIAGE_RETURN ? line.slice(0, -1) : line);
  }
}

function isContinuationByte(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

function stripCarriageReturns(lines: string[]): void {
  lines.forEach((line, i) => {
    if (line.charCodeAt(line.length - 1) === CARRIAGE_RETURN) lines[i] = line.slice(0, -1);
  });
}

function describeReadError(error: unknown, stats: ReadStats): { code: WarningCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') {
    stats.truncatedGzip = true;
    return {
      code: WarningCodes.gzipTruncated,
      message: 'gzip file ends early (truncated); the lines read before the cut are kept',
    };
  }
  const what = code?.startsWith('Z_') === true ? 'corrupt gzip data' : 'read failed';
  return { code: WarningCodes.readFailed, message: `${what}: ${message}; the lines read before it are kept` };
}

/** The content's bytes, gunzipped when they start with the gzip magic number (whatever the name). */
async function* content(file: InputFile, options: ReadOptions, stats: ReadStats): AsyncGenerator<Buffer> {
  const source = rawBytes(file, options, stats);
  try {
    // The magic number needs two bytes, and a pipe may deliver one.
    const head: Buffer[] = [];
    let headBytes = 0;
    while (headBytes < 2) {
      const next = await source.next();
      if (next.done === true) break;
      head.push(next.value);
      headBytes += next.value.length;
    }
    const start = Buffer.concat(head, headBytes);
    if (start[0] === 0x1f && start[1] === 0x8b) {
      stats.gzip = true;
      yield* gunzip(start, source);
    } else {
      if (headBytes > 0) yield start;
      yield* source;
    }
  } finally {
    await source.return(undefined);
  }
}

async function* rawBytes(file: InputFile, options: ReadOptions, stats: ReadStats): AsyncGenerator<Buffer> {
  const chunks: AsyncIterable<Buffer | string> = file.stdin
    ? (options.stdin ?? process.stdin)
    : fileBytes(file.path, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    stats.bytes += bytes.length;
    yield bytes;
  }
}

/**
 * A file's bytes, chunk by chunk, the next read already under way while one is used. Not
 * createReadStream: its async iterator throws away the chunk it has read ahead when a later read
 * fails, and whatever was read before an I/O error is to be kept.
 */
async function* fileBytes(path: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const readNext = (): Promise<FileReadResult<Buffer>> => {
    const reading = handle.read(Buffer.allocUnsafe(chunkBytes), 0, chunkBytes, null);
    // Awaited later; until then a failure must not count as unhandled.
    void reading.catch(() => undefined);
    return reading;
  };
  let reading = readNext();
  try {
    for (;;) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) return;
      reading = readNext();
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await reading.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Inflates gzip members (several when concatenated). zlib is fed one step at a time and its output
 * collected from 'data' events, never left in the stream's buffer: an async iterator over the
 * stream would drop what is buffered when a truncated file makes zlib fail.
 */
async function* gunzip(start: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  const inflater = createGunzip({ chunkSize: DEFAULT_CHUNK_BYTES });
  // Mutated by the stream's events.
  const state: {
    output: Buffer[];
    failure: Error | undefined;
    readFailure: Error | undefined;
    finished: boolean;
    wake: () => void;
  } = { output: [], failure: undefined, readFailure: undefined, finished: false, wake: () => undefined };
  /** Runs a stream action and waits for it; false once the stream has ended or failed. */
  const settle = async (act: (done: () => void) => void): Promise<boolean> => {
    await new Promise<void>((resolve) => {
      state.wake = resolve;
      if (state.finished) resolve();
      else act(resolve);
    });
    return !state.finished;
  };
  const take = (): Buffer => {
    const bytes = Buffer.concat(state.output);
    state.output = [];
    return bytes;
  };
  const finish = (): void => {
    state.finished = true;
    state.wake();
  };
  inflater.on('data', (chunk: Buffer) => state.output.push(chunk));
  inflater.on('error', (error) => {
    state.failure ??= error;
  });
  inflater.on('end', finish);
  inflater.on('close', finish);
  try {
    const steps = slices(start, rest, (error) => {
      state.readFailure = error;
    });
    for await (const step of steps) {
      const written = settle((done) => {
        inflater.write(step, () => {
          done();
        });
      });
      // The previous step's output is split while zlib inflates this one on the thread pool.
      if (state.output.length > 0) yield take();
      if (!(await written)) break;
    }
    // After a read error, zlib is not told the input ended: that would only add a false truncation.
    if (state.readFailure === undefined) {
      await settle(() => {
        inflater.end();
      });
    }
    if (state.output.length > 0) yield take();
    if (state.readFailure !== undefined) throw state.readFailure;
    if (state.failure !== undefined) throw state.failure;
  } finally {
    inflater.destroy();
  }
}

/** The compressed input in steps; a read error ends it, told to `failed` so what was inflated is kept. */
async function* slices(
  start: Buffer,
  rest: AsyncIterator<Buffer>,
  failed: (error: Error) => void,
): AsyncGenerator<Buffer> {
  for (let chunk: Buffer | undefined = start; chunk !== undefined;) {
    for (let offset = 0; offset < chunk.length; offset += GUNZIP_STEP_BYTES) {
      yield chunk.subarray(offset, offset + GUNZIP_STEP_BYTES);
    }
    try {
      const next = await rest.next();
      chunk = next.done === true ? undefined : next.value;
    } catch (error) {
      failed(error instanceof Error ? error : new Error(String(error)));
      return;
    }
  }
}
