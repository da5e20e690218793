import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { WarningCodes, type Warning } from '../errors.js';
import type { InputFile } from './resolve.js';

export interface LineBatch {
  readonly lines: string[];
  /** 1-based number of `lines[0]` in the file (blank lines count). */
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
  /** Longest line kept, in characters; longer ones are cut. Default 1 MiB. */
  readonly maxLineLength?: number;
  /** Bytes per read. Default 256 KiB. */
  readonly chunkBytes?: number;
  /** Stream read for `-`; default process.stdin. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
}

export const MAX_LINE_LENGTH = 1024 * 1024;
const BINARY_PROBE_BYTES = 8192;
const CUT_WARNINGS_PER_FILE = 3;

export function newReadStats(): ReadStats {
  return { bytes: 0, lines: 0, cutLines: 0, gzip: false, truncatedGzip: false, binary: false, empty: false };
}

/**
 * Streams the lines of a file, gzip file or stdin in batches (one per chunk read), with memory
 * bounded by the chunk size plus the longest line kept. Never throws for bad content: a truncated
 * or corrupt gzip, a binary file, invalid UTF-8 and over-long lines become warnings, and every
 * line read before a problem is still yielded.
 */
export async function* readLines(
  file: InputFile,
  options: ReadOptions,
  stats: ReadStats,
): AsyncGenerator<LineBatch> {
  const maxLength = options.maxLineLength ?? MAX_LINE_LENGTH;
  const warn = (code: Warning['code'], message: string, line?: number): void => {
    options.onWarning({ code, file: file.display, message, ...(line !== undefined && { line }) });
  };
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skippingRestOfLine = false;
  let lineNo = 0;
  let firstChunk = true;

  const split = (text: string, final: boolean): LineBatch | undefined => {
    const lines: string[] = [];
    const firstLine = lineNo + 1;
    let start = 0;
    const data = carry + text;
    carry = '';
    for (;;) {
      const newline = data.indexOf('\n', start);
      if (newline < 0) break;
      if (skippingRestOfLine) {
        // The rest of a line already cut and counted.
        skippingRestOfLine = false;
      } else {
        lineNo++;
        lines.push(stripCarriageReturn(data, start, Math.min(newline, start + maxLength)));
        if (newline - start > maxLength) cut(lineNo);
      }
      start = newline + 1;
    }
    if (start < data.length && !skippingRestOfLine) {
      if (data.length - start > maxLength) {
        lineNo++;
        lines.push(data.slice(start, start + maxLength));
        cut(lineNo);
        skippingRestOfLine = true;
      } else if (final) {
        lineNo++;
        lines.push(stripCarriageReturn(data, start, data.length));
      } else {
        carry = data.slice(start);
      }
    }
    stats.lines += lines.length;
    return lines.length > 0 ? { lines, firstLine } : undefined;
  };
  const cut = (line: number): void => {
    stats.cutLines++;
    if (stats.cutLines <= CUT_WARNINGS_PER_FILE) {
      warn(WarningCodes.lineTooLong, `line longer than ${maxLength} characters cut to that length`, line);
    }
  };

  try {
    for await (const chunk of content(file, options, stats)) {
      if (firstChunk) {
        firstChunk = false;
        if (chunk.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
          stats.binary = true;
          warn(WarningCodes.binaryFile, 'binary file (NUL bytes in its first 8 KiB), skipped');
          return;
        }
      }
      const batch = split(decoder.write(chunk), false);
      if (batch) yield batch;
    }
  } catch (error) {
    const { code, message } = describeReadError(error, stats);
    warn(code, message);
  }
  const last = split(decoder.end(), true);
  if (last) yield last;
  if (stats.cutLines > CUT_WARNINGS_PER_FILE) {
    warn(
      WarningCodes.lineTooLong,
      `${stats.cutLines} lines longer than ${maxLength} characters were cut in all`,
    );
  }
  if (firstChunk && !file.stdin) {
    stats.empty = true;
    warn(WarningCodes.emptyInput, 'empty file');
  }
}

function stripCarriageReturn(data: string, start: number, end: number): string {
  return end > start && data.charCodeAt(end - 1) === 13 ? data.slice(start, end - 1) : data.slice(start, end);
}

function describeReadError(error: unknown, stats: ReadStats): Pick<Warning, 'code' | 'message'> {
  const message = error instanceof Error ? error.message : String(error);
  if (stats.gzip && (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
    stats.truncatedGzip = true;
    return {
      code: WarningCodes.gzipTruncated,
      message: 'gzip file ends early (truncated); the lines read before the cut are kept',
    };
  }
  const what = stats.gzip ? 'corrupt gzip data' : 'read failed';
  return { code: WarningCodes.readFailed, message: `${what}: ${message}; the lines read before it are kept` };
}

/** The file's bytes, gunzipped when they start with the gzip magic number (whatever the name). */
async function* content(file: InputFile, options: ReadOptions, stats: ReadStats): AsyncGenerator<Buffer> {
  const raw: AsyncIterable<Buffer | string> = file.stdin
    ? ((options.stdin ?? process.stdin) as AsyncIterable<Buffer | string>)
    : createReadStream(file.path, { highWaterMark: options.chunkBytes ?? 256 * 1024 });
  const iterator = raw[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const firstChunk = toBuffer(first.value);
  stats.bytes += firstChunk.length;
  if (firstChunk[0] !== 0x1f || firstChunk[1] !== 0x8b) {
    yield firstChunk;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      const chunk = toBuffer(next.value);
      stats.bytes += chunk.length;
      yield chunk;
    }
    return;
  }
  stats.gzip = true;
  const compressed = Readable.from(
    (async function* () {
      yield firstChunk;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        const chunk = toBuffer(next.value);
        stats.bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  const gunzip = createGunzip();
  compressed.on('error', (error) => gunzip.destroy(error));
  compressed.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    compressed.destroy();
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
