import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarningCodes, type Warning } from '../../src/errors.js';
import { newReadStats, readLines, type ReadOptions } from '../../src/sources/lines.js';
import type { InputFile } from '../../src/sources/resolve.js';

const MiB = 1024 * 1024;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-lines-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fileOf(name: string, content: string | Buffer): InputFile {
  const path = join(dir, name);
  writeFileSync(path, content);
  const s = statSync(path);
  return {
    path,
    display: name,
    set: path,
    stdin: false,
    size: s.size,
    mtimeMs: s.mtimeMs,
    dev: s.dev,
    ino: s.ino,
  };
}

const stdinFile: InputFile = {
  path: '-',
  display: 'stdin',
  set: '-',
  stdin: true,
  size: 0,
  mtimeMs: 0,
  dev: 0,
  ino: 0,
};

interface ReadOptionsForTest extends Partial<ReadOptions> {
  /** Pause between batches, as a slow consumer would. */
  readonly slow?: boolean;
}

async function read(file: InputFile, options: ReadOptionsForTest = {}) {
  const warnings: Warning[] = [];
  const stats = newReadStats();
  const lines: string[] = [];
  const numbers: number[] = [];
  let batches = 0;
  for await (const batch of readLines(file, { onWarning: (w) => warnings.push(w), ...options }, stats)) {
    batches++;
    batch.lines.forEach((line, i) => {
      lines.push(line);
      numbers.push(batch.firstLine + i);
    });
    if (options.slow === true) await sleep(1);
  }
  return { lines, numbers, warnings, stats, batches };
}

const numbered = (count: number, from = 0): string[] =>
  Array.from(
    { length: count },
    (_, i) => `line number ${from + i} with some padding text ${(from + i) * 7919}`,
  );

/** What zlib itself can recover from a damaged gzip, as lines. */
const recoverable = (gz: Buffer): string[] =>
  gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH }).toString().split('\n');

describe('readLines: text', () => {
  it('reads lines, strips CRLF, keeps a last line without newline and numbers every line', async () => {
    const { lines, numbers, stats, warnings } = await read(fileOf('a.log', 'one\r\ntwo\n\nfour\r'));
    expect(lines).toEqual(['one', 'two', '', 'four']);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect(stats).toMatchObject({
      lines: 4,
      bytes: 15,
      gzip: false,
      empty: false,
      binary: false,
      cutLines: 0,
    });
    expect(warnings).toEqual([]);
  });

  it('yields one batch per chunk, not one per line', async () => {
    const text = numbered(50_000).join('\n') + '\n';
    const { lines, batches } = await read(fileOf('many.log', text), { chunkBytes: 64 * 1024 });
    expect(lines).toHaveLength(50_000);
    expect(batches).toBeLessThanOrEqual(Math.ceil(text.length / (64 * 1024)) + 1);
  });

  it('joins lines split across chunk boundaries: multi-byte characters, CRLF, blank lines', async () => {
    const source = Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? '' : `line ${i} — café ✓ 🚀`));
    const { lines, numbers } = await read(fileOf('split.log', source.join('\r\n') + '\r\n'), {
      chunkBytes: 7,
    });
    expect(lines).toEqual(source);
    expect(numbers).toEqual(source.map((_, i) => i + 1));
  });

  it('replaces invalid UTF-8 instead of throwing, also when split across chunks', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ok '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' lone '),
      Buffer.from([0x80, 0xbf]),
      Buffer.from(' cut '),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\nnext é\n'),
    ]);
    for (const chunkBytes of [undefined, 1, 2, 5]) {
      const { lines } = await read(fileOf('bad-utf8.log', bytes), { chunkBytes });
      expect(lines).toEqual(['ok \uFFFD\uFFFD lone \uFFFD\uFFFD cut \uFFFD', 'next é']);
    }
  });

  it('warns about an empty file', async () => {
    const file = fileOf('empty.log', '');
    const { lines, warnings, stats } = await read(file);
    expect(lines).toEqual([]);
    expect(stats.empty).toBe(true);
    expect(warnings).toEqual([{ code: WarningCodes.emptyInput, file: 'empty.log', message: 'empty file' }]);
  });

  it('turns read errors into warnings', async () => {
    const directory = { ...fileOf('placeholder.log', 'a\n'), path: dir, display: 'a folder' };
    const eisdir = await read(directory);
    expect(eisdir.warnings).toEqual([
      expect.objectContaining({
        code: WarningCodes.readFailed,
        file: 'a folder',
        message: expect.stringContaining('EISDIR') as unknown,
      }),
    ]);
    const gone = fileOf('gone.log', 'a\n');
    rmSync(gone.path);
    const enoent = await read(gone);
    expect(enoent.warnings[0]?.message).toContain('ENOENT');
    expect(enoent.stats.empty).toBe(false);
  });

  it('closes the file when the reader stops early', async () => {
    const fds = (): number => readdirSync('/proc/self/fd').length;
    const plain = fileOf('early.log', numbered(100_000).join('\n'));
    const gz = fileOf('early.log.gz', gzipSync(numbered(100_000).join('\n')));
    const before = fds();
    for (const file of [plain, gz]) {
      for await (const batch of readLines(
        file,
        { onWarning: () => undefined, chunkBytes: 16 * 1024 },
        newReadStats(),
      )) {
        expect(batch.lines.length).toBeGreaterThan(0);
        break;
      }
    }
    for (let i = 0; i < 100 && fds() > before; i++) await sleep(5);
    expect(fds()).toBe(before);
  });
});

describe('readLines: long lines', () => {
  it('cuts a 10 MB line, counts it, warns with its number and keeps the lines around it', async () => {
    const long = 'x'.repeat(10 * MiB);
    const file = fileOf('long.log', `first\n${long}\nlast\n`);
    const { lines, numbers, warnings, stats } = await read(file);
    expect(lines.map((l) => l.length)).toEqual([5, MiB, 4]);
    expect(lines[2]).toBe('last');
    expect(numbers).toEqual([1, 2, 3]);
    expect(stats.cutLines).toBe(1);
    expect(stats.lines).toBe(3);
    expect(warnings).toEqual([
      {
        code: WarningCodes.lineTooLong,
        file: 'long.log',
        line: 2,
        message: `line longer than ${MiB} bytes cut to that length`,
      },
    ]);
  });

  it('never holds more than the cut size of an endless line', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'y');
    const memory = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const baseline = memory();
    let peak = 0;
    const endless = Readable.from(
      (function* () {
        for (let i = 0; i < 4096; i++) {
          if (i % 64 === 0) peak = Math.max(peak, memory() - baseline);
          yield chunk;
        }
        yield Buffer.from('\nafter\n');
      })(),
    );
    const { lines, stats } = await read(stdinFile, { stdin: endless });
    expect(lines.map((l) => l.length)).toEqual([MiB, 5]);
    expect(stats.bytes).toBe(4096 * chunk.length + 7);
    // 256 MiB went through; a reader that gathered the line first would need all of it.
    expect(peak).toBeLessThan(48 * MiB);
  });

  it('cuts at a character boundary and summarises after a few warnings', async () => {
    const text = [...Array.from({ length: 5 }, () => 'é'.repeat(20)), 'short', 'y'.repeat(11)].join('\n');
    for (const chunkBytes of [undefined, 3]) {
      const { lines, warnings, stats } = await read(fileOf('many-long.log', text), {
        maxLineBytes: 11,
        chunkBytes,
      });
      expect(lines).toEqual([...Array.from({ length: 5 }, () => 'é'.repeat(5)), 'short', 'y'.repeat(11)]);
      expect(stats.cutLines).toBe(5);
      expect(warnings.map((w) => w.line)).toEqual([1, 2, 3, undefined]);
      expect(warnings.at(-1)?.message).toBe('5 lines longer than 11 bytes were cut in all');
    }
  });
});

describe('readLines: gzip', () => {
  it('gunzips by content, not by name, including multi-member files', async () => {
    const gz = Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\n'), gzipSync(''), gzipSync('d')]);
    const { lines, stats } = await read(fileOf('rotated.1', gz));
    expect(lines).toEqual(['a', 'b', 'c', 'd']);
    expect(stats).toMatchObject({ gzip: true, bytes: gz.length, lines: 4 });
    const plain = await read(fileOf('not-really.gz', 'text\n'));
    expect(plain.lines).toEqual(['text']);
    expect(plain.stats.gzip).toBe(false);
  });

  it('reads a large multi-member file through many steps, in order', async () => {
    const first = numbered(60_000);
    const second = numbered(60_000, 60_000);
    const gz = Buffer.concat([gzipSync(first.join('\n') + '\n'), gzipSync(second.join('\n') + '\n')]);
    const { lines, numbers, batches } = await read(fileOf('big.log.1.gz', gz), { chunkBytes: 4096 });
    expect(lines).toEqual([...first, ...second]);
    expect(numbers.at(-1)).toBe(120_000);
    expect(batches).toBeGreaterThan(2);
  });

  it('keeps every line a truncated gzip still holds, the partial last one too, and warns', async () => {
    const gz = Buffer.concat([
      gzipSync(numbered(20_000).join('\n') + '\n'),
      gzipSync(numbered(20_000, 20_000).join('\n')),
    ]);
    for (const cut of [1, 20, 5000, gz.length / 2]) {
      const damaged = gz.subarray(0, gz.length - cut);
      const file = fileOf('cut.log.gz', damaged);
      const { lines, warnings, stats } = await read(file, { chunkBytes: 4096, slow: true });
      const expected = recoverable(damaged);
      if (expected.at(-1) === '') expected.pop();
      expect(lines).toEqual(expected);
      expect(stats).toMatchObject({ gzip: true, truncatedGzip: true });
      expect(warnings).toEqual([
        {
          code: WarningCodes.gzipTruncated,
          file: 'cut.log.gz',
          message: 'gzip file ends early (truncated); the lines read before the cut are kept',
        },
      ]);
    }
  });

  it('warns about corrupt gzip data, naming what zlib said, and keeps what came before', async () => {
    const intact = numbered(20_000);
    const damaged = gzipSync('c\nd\n');
    damaged.fill(0x41, 12, 20);
    const gz = Buffer.concat([gzipSync(intact.join('\n') + '\n'), damaged]);
    const { lines, warnings, stats } = await read(fileOf('bad.gz', gz));
    // zlib drops the output of the call that fails: at most one 256 KiB buffer before the damage.
    expect(lines.length).toBeGreaterThan(intact.length - (256 * 1024) / 40);
    expect(lines.slice(0, -1)).toEqual(intact.slice(0, lines.length - 1));
    expect(intact[lines.length - 1]?.startsWith(lines.at(-1) ?? '-')).toBe(true);
    expect(stats.truncatedGzip).toBe(false);
    expect(warnings).toEqual([
      {
        code: WarningCodes.readFailed,
        file: 'bad.gz',
        message: 'corrupt gzip data: invalid distance too far back; the lines read before it are kept',
      },
    ]);
  });

  it('keeps what was inflated when reading the compressed input fails', async () => {
    const gz = gzipSync(numbered(20_000).join('\n'));
    const before = gz.subarray(0, gz.length / 2);
    const failing = Readable.from(
      (async function* () {
        for (let offset = 0; offset < before.length; offset += 4096)
          yield before.subarray(offset, offset + 4096);
        await Promise.resolve();
        throw new Error('EIO: i/o error, read');
      })(),
    );
    const { lines, warnings, stats } = await read(stdinFile, { stdin: failing, slow: true });
    expect(lines).toEqual(recoverable(before));
    expect(stats).toMatchObject({ gzip: true, truncatedGzip: false });
    expect(warnings).toEqual([
      expect.objectContaining({
        code: WarningCodes.readFailed,
        message: 'read failed: EIO: i/o error, read; the lines read before it are kept',
      }),
    ]);
  });

  it('treats a gzip of nothing as empty', async () => {
    const { lines, stats } = await read(fileOf('empty.gz', gzipSync('')));
    expect(lines).toEqual([]);
    expect(stats).toMatchObject({ gzip: true, empty: true });
  });
});

describe('readLines: binary files', () => {
  it('skips a file with NUL bytes in its first 8 KiB, with a warning', async () => {
    const { lines, warnings, stats } = await read(
      fileOf('wtmp.log', Buffer.from([0x07, 0x00, 0x00, 0x41, 0x0a])),
    );
    expect(lines).toEqual([]);
    expect(stats.binary).toBe(true);
    expect(warnings).toEqual([
      {
        code: WarningCodes.binaryFile,
        file: 'wtmp.log',
        message: 'binary file (NUL bytes in its first 8 KiB), skipped',
      },
    ]);
  });

  it('looks at the whole first 8 KiB however small the chunks, and inside gzip', async () => {
    const content = Buffer.concat([
      Buffer.from('text\n'.repeat(1000)),
      Buffer.from([0]),
      Buffer.from('tail\n'),
    ]);
    const small = await read(fileOf('late-nul.log', content), { chunkBytes: 100 });
    expect(small.stats.binary).toBe(true);
    expect(small.lines).toEqual([]);
    const gz = await read(fileOf('core.gz', gzipSync(content)));
    expect(gz.stats).toMatchObject({ gzip: true, binary: true });
    expect(gz.lines).toEqual([]);
  });

  it('reads a file whose first NUL comes after 8 KiB', async () => {
    const content = Buffer.concat([Buffer.from('text\n'.repeat(2000)), Buffer.from([0x00, 0x0a])]);
    const { lines, stats } = await read(fileOf('late.log', content), { chunkBytes: 1000 });
    expect(stats.binary).toBe(false);
    expect(lines).toHaveLength(2001);
    expect(lines.at(-1)).toBe('\0');
  });
});

describe('readLines: stdin', () => {
  it('reads the injected stream, plain or gzip, whatever its chunking', async () => {
    const plain = await read(stdinFile, { stdin: Readable.from([Buffer.from('a\nb')]) });
    expect(plain.lines).toEqual(['a', 'b']);
    expect(plain.stats.bytes).toBe(3);
    const gz = gzipSync('z\ny\n');
    const oneByteAtATime = Readable.from([...gz].map((byte) => Buffer.from([byte])));
    const gzipped = await read(stdinFile, { stdin: oneByteAtATime });
    expect(gzipped.lines).toEqual(['z', 'y']);
    expect(gzipped.stats.gzip).toBe(true);
    const strings = await read(stdinFile, { stdin: Readable.from(['caf', 'é\r', '\nok']) });
    expect(strings.lines).toEqual(['café', 'ok']);
  });

  it('warns when stdin brings nothing', async () => {
    const { warnings, stats } = await read(stdinFile, { stdin: Readable.from([]) });
    expect(stats.empty).toBe(true);
    expect(warnings).toEqual([
      { code: WarningCodes.emptyInput, file: 'stdin', message: 'no input on stdin' },
    ]);
  });

  it('keeps what stdin gave before it failed', async () => {
    const failing = new Readable({ read: () => undefined });
    failing.push('a\nb\npartial');
    setImmediate(() => failing.destroy(new Error('EIO: i/o error, read')));
    const { lines, warnings } = await read(stdinFile, { stdin: failing });
    expect(lines).toEqual(['a', 'b', 'partial']);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: WarningCodes.readFailed,
        message: 'read failed: EIO: i/o error, read; the lines read before it are kept',
      }),
    ]);
  });
});
