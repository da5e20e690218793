import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarningCodes, type Warning } from '../../src/errors.js';
import { newReadStats, readLines, type ReadOptions } from '../../src/sources/lines.js';
import type { InputFile } from '../../src/sources/resolve.js';

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
  return { path, display: path, stdin: false, size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino };
}

async function read(file: InputFile, options: Partial<ReadOptions> = {}) {
  const warnings: Warning[] = [];
  const stats = newReadStats();
  const lines: string[] = [];
  const numbers: number[] = [];
  for await (const batch of readLines(file, { onWarning: (w) => warnings.push(w), ...options }, stats)) {
    batch.lines.forEach((line, i) => {
      lines.push(line);
      numbers.push(batch.firstLine + i);
    });
  }
  return { lines, numbers, warnings, stats };
}

describe('readLines', () => {
  it('reads lines, strips CRLF, keeps a last line without newline and numbers every line', async () => {
    const { lines, numbers, stats } = await read(fileOf('a.log', 'one\r\ntwo\n\nfour'));
    expect(lines).toEqual(['one', 'two', '', 'four']);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect(stats).toMatchObject({ lines: 4, gzip: false, empty: false });
  });

  it('joins lines split across chunk boundaries, including multi-byte characters', async () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} — café ✓`).join('\n') + '\n';
    const { lines } = await read(fileOf('split.log', text), { chunkBytes: 7 });
    expect(lines).toHaveLength(200);
    expect(lines[123]).toBe('line 123 — café ✓');
  });

  it('gunzips by content, including multi-member files', async () => {
    const gz = Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\n')]);
    const { lines, stats } = await read(fileOf('rotated.1', gz));
    expect(lines).toEqual(['a', 'b', 'c']);
    expect(stats.gzip).toBe(true);
    expect(stats.bytes).toBe(gz.length);
  });

  it('keeps what a truncated gzip held and warns naming the file', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line number ${i} with some padding text`).join('\n');
    const gz = gzipSync(text);
    const file = fileOf('cut.log.gz', gz.subarray(0, gz.length - 20));
    const { lines, warnings, stats } = await read(file);
    expect(stats.truncatedGzip).toBe(true);
    expect(warnings).toEqual([
      expect.objectContaining({ code: WarningCodes.gzipTruncated, file: file.display }),
    ]);
    expect(lines.length).toBeGreaterThan(4000);
    expect(lines[4000]).toBe('line number 4000 with some padding text');
  });

  it('warns about corrupt gzip data and keeps going', async () => {
    const gz = gzipSync('a\nb\n');
    gz.fill(0x41, 12, 20);
    const { warnings } = await read(fileOf('bad.gz', gz));
    expect(warnings[0]?.code).toBe(WarningCodes.readFailed);
    expect(warnings[0]?.message).toContain('corrupt gzip data');
  });

  it('skips a binary file with a warning', async () => {
    const { lines, warnings, stats } = await read(
      fileOf('wtmp.log', Buffer.from([0x07, 0x00, 0x00, 0x41, 0x0a])),
    );
    expect(lines).toEqual([]);
    expect(stats.binary).toBe(true);
    expect(warnings[0]?.code).toBe(WarningCodes.binaryFile);
  });

  it('replaces invalid UTF-8 instead of throwing', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ok '),
      Buffer.from([0xff, 0xfe, 0x80, 0xc3]),
      Buffer.from('\nnext\n'),
    ]);
    const { lines } = await read(fileOf('bad-utf8.log', bytes));
    expect(lines[0]).toMatch(/^ok \uFFFD+$/);
    expect(lines[1]).toBe('next');
  });

  it('cuts a 10 MB line, counts it, warns with its number and keeps the lines around it', async () => {
    const long = 'x'.repeat(10 * 1024 * 1024);
    const { lines, numbers, warnings, stats } = await read(fileOf('long.log', `first\n${long}\nlast\n`), {
      chunkBytes: 64 * 1024,
    });
    expect(lines.map((l) => l.length)).toEqual([5, 1024 * 1024, 4]);
    expect(numbers).toEqual([1, 2, 3]);
    expect(stats.cutLines).toBe(1);
    expect(warnings).toEqual([expect.objectContaining({ code: WarningCodes.lineTooLong, line: 2 })]);
  });

  it('cuts an over-long line that arrives whole in one chunk, and summarises many cuts', async () => {
    const text = Array.from({ length: 6 }, () => 'y'.repeat(50)).join('\n') + '\nshort\n';
    const { lines, warnings } = await read(fileOf('many.log', text), { maxLineLength: 10 });
    expect(lines).toEqual([...Array.from({ length: 6 }, () => 'y'.repeat(10)), 'short']);
    expect(warnings.map((w) => w.line)).toEqual([1, 2, 3, undefined]);
    expect(warnings.at(-1)?.message).toContain('6 lines');
  });

  it('warns about an empty file', async () => {
    const { lines, warnings, stats } = await read(fileOf('empty.log', ''));
    expect(lines).toEqual([]);
    expect(stats.empty).toBe(true);
    expect(warnings[0]?.code).toBe(WarningCodes.emptyInput);
  });

  it('reads stdin, gzip or not', async () => {
    const stdin: InputFile = {
      path: '-',
      display: 'stdin',
      stdin: true,
      size: 0,
      mtimeMs: 0,
      dev: 0,
      ino: 0,
    };
    expect((await read(stdin, { stdin: Readable.from([Buffer.from('a\nb')]) })).lines).toEqual(['a', 'b']);
    expect((await read(stdin, { stdin: Readable.from([gzipSync('z\n')]) })).lines).toEqual(['z']);
    const empty = await read(stdin, { stdin: Readable.from([]) });
    expect(empty.warnings).toEqual([]);
  });

  it('turns a read error into a warning', async () => {
    const directory = { ...fileOf('placeholder.log', 'a\n'), path: dir };
    const { warnings } = await read(directory);
    expect(warnings[0]?.code).toBe(WarningCodes.readFailed);
    expect(warnings[0]?.message).toContain('EISDIR');
  });
});
