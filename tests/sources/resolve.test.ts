import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, WarningCodes, type Warning } from '../../src/errors.js';
import { resolveInputs, type InputFile } from '../../src/sources/resolve.js';

const asRoot = process.getuid?.() === 0;
let dir: string;

function touch(path: string, content = `${path}\n`): string {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-resolve-'));
  for (const name of [
    'access.log',
    'access.log.1',
    'access.log.2.gz',
    'access.log.10.gz',
    'error.log',
    'README.md',
    'notes.txt',
    'access.log.old',
    '.hidden.log',
  ]) {
    touch(`tree/access_logs/web1/nginx/${name}`);
  }
  for (const name of [
    'access.log',
    'access.log-20261117',
    'access.log-20261110.gz',
    'access.log-20261103.gz',
  ]) {
    touch(`tree/access_logs/web2/${name}`);
  }
  for (const name of [
    'secure',
    'secure-20261117',
    'secure-20261110.gz',
    'messages',
    'messages-20261122.gz',
    'syslog',
    'syslog.1',
    'syslog.2.gz',
    'auth',
    'wtmp',
    'lastlog',
    'dpkg.status',
  ]) {
    touch(`tree/rhel/${name}`);
  }
  touch('tree/rhel/.git/objects/x.log');
  touch('outside/app.log');
  symlinkSync(join(dir, 'outside/app.log'), join(dir, 'tree/rhel/app.log'));
  symlinkSync(join(dir, 'outside'), join(dir, 'tree/linked-folder'));
  symlinkSync(join(dir, 'outside'), join(dir, 'tree/folder.log'));
  symlinkSync(join(dir, 'nowhere.log'), join(dir, 'tree/rhel/dangling.log'));
  touch('plain/b.log');
  touch('plain/a.log');
  touch('plain/web[1].log');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const names = (files: readonly InputFile[]): string[] => files.map((f) => relative(dir, f.path));

describe('resolveInputs: directories', () => {
  it('walks recursively, keeps log-like names and orders each rotated set oldest first', async () => {
    const files = await resolveInputs([{ path: join(dir, 'tree') }]);
    expect(names(files)).toEqual([
      'tree/access_logs/web1/nginx/access.log.10.gz',
      'tree/access_logs/web1/nginx/access.log.2.gz',
      'tree/access_logs/web1/nginx/access.log.1',
      'tree/access_logs/web1/nginx/access.log',
      'tree/access_logs/web1/nginx/error.log',
      'tree/access_logs/web2/access.log-20261103.gz',
      'tree/access_logs/web2/access.log-20261110.gz',
      'tree/access_logs/web2/access.log-20261117',
      'tree/access_logs/web2/access.log',
      'tree/rhel/app.log',
      'tree/rhel/auth',
      'tree/rhel/messages-20261122.gz',
      'tree/rhel/messages',
      'tree/rhel/secure-20261110.gz',
      'tree/rhel/secure-20261117',
      'tree/rhel/secure',
      'tree/rhel/syslog.2.gz',
      'tree/rhel/syslog.1',
      'tree/rhel/syslog',
    ]);
  });

  it('fills size, times and identity, and takes the host from access_logs/<host>/', async () => {
    const files = await resolveInputs([{ path: join(dir, 'tree') }]);
    const [first] = files;
    expect(first?.stdin).toBe(false);
    expect(first?.size).toBe(`tree/access_logs/web1/nginx/access.log.10.gz\n`.length);
    expect(first?.mtimeMs).toBeGreaterThan(0);
    expect(first?.ino).toBeGreaterThan(0);
    expect(first?.hostHint).toBe('web1');
    expect(files.find((f) => f.path.includes('web2'))?.hostHint).toBe('web2');
    expect(files.at(-1)?.hostHint).toBeUndefined();
    expect(files.at(-1)).not.toHaveProperty('hostHint');
  });

  it('names walked files relative to the directory as the user typed it', async () => {
    const typed = relative(process.cwd(), join(dir, 'plain'));
    const files = await resolveInputs([{ path: typed }]);
    expect(files.map((f) => f.display)).toEqual([
      join(typed, 'a.log'),
      join(typed, 'b.log'),
      join(typed, 'web[1].log'),
    ]);
    expect(files[0]?.path).toBe(join(dir, 'plain/a.log'));
  });

  it('skips a folder too deep to list, with a warning, and keeps the rest', async () => {
    // Root lists any folder; a path beyond PATH_MAX cannot be, whoever asks. Such a tree can only
    // be made by renaming short names to long ones from the inside out.
    const base = join(dir, 'deep');
    const short = Array.from({ length: 18 }, (_, level) => join(base, ...Array<string>(level + 1).fill('d')));
    mkdirSync(short.at(-1) ?? base, { recursive: true });
    touch('deep/top.log');
    for (const path of short.reverse()) renameSync(path, join(dirname(path), 'L'.repeat(250)));
    const warnings: Warning[] = [];
    try {
      const files = await resolveInputs([{ path: base }], { onWarning: (w) => warnings.push(w) });
      expect(names(files)).toEqual(['deep/top.log']);
      expect(warnings).toEqual([
        expect.objectContaining({
          code: WarningCodes.readFailed,
          file: expect.stringMatching(/^.*\/deep\/L{250}\/.*L{250}$/) as unknown,
          message: expect.stringMatching(/^folder skipped: ENAMETOOLONG/) as unknown,
        }),
      ]);
    } finally {
      execFileSync('rm', ['-rf', base]);
    }
  });

  it.skipIf(asRoot)('skips a folder it cannot list, with a warning', async () => {
    const locked = touch('locked/private/secret.log');
    touch('locked/open.log');
    chmodSync(dirname(locked), 0o000);
    const warnings: Warning[] = [];
    try {
      const files = await resolveInputs([{ path: join(dir, 'locked') }], {
        onWarning: (w) => warnings.push(w),
      });
      expect(names(files)).toEqual(['locked/open.log']);
      expect(warnings).toEqual([
        expect.objectContaining({ code: WarningCodes.readFailed, file: join(dir, 'locked/private') }),
      ]);
    } finally {
      chmodSync(dirname(locked), 0o755);
    }
  });
});

describe('resolveInputs: globs', () => {
  it('expands an absolute glob, orders rotated sets and copies the spec options onto each file', async () => {
    const files = await resolveInputs([
      { path: join(dir, 'tree/**/access.log*'), format: 'combined', host: 'h', timezone: 'UTC' },
    ]);
    expect(names(files)).toEqual([
      'tree/access_logs/web1/nginx/access.log.10.gz',
      'tree/access_logs/web1/nginx/access.log.2.gz',
      'tree/access_logs/web1/nginx/access.log.1',
      'tree/access_logs/web1/nginx/access.log',
      'tree/access_logs/web1/nginx/access.log.old',
      'tree/access_logs/web2/access.log-20261103.gz',
      'tree/access_logs/web2/access.log-20261110.gz',
      'tree/access_logs/web2/access.log-20261117',
      'tree/access_logs/web2/access.log',
    ]);
    for (const file of files) expect(file).toMatchObject({ format: 'combined', host: 'h', timezone: 'UTC' });
    expect(files[0]?.display).toBe(files[0]?.path);
  });

  it('shows the results of a relative glob relative to the working directory', async () => {
    const pattern = `${relative(process.cwd(), join(dir, 'plain'))}/*.log`;
    const files = await resolveInputs([{ path: pattern }]);
    expect(files.map((f) => f.display)).toEqual([
      relative(process.cwd(), join(dir, 'plain/a.log')),
      relative(process.cwd(), join(dir, 'plain/b.log')),
      relative(process.cwd(), join(dir, 'plain/web[1].log')),
    ]);
    expect(files.every((f) => f.path.startsWith('/'))).toBe(true);
  });

  it('reads a path that exists literally even when it looks like a glob', async () => {
    const files = await resolveInputs([{ path: join(dir, 'plain/web[1].log') }]);
    expect(names(files)).toEqual(['plain/web[1].log']);
  });
});

describe('resolveInputs: explicit files', () => {
  it('keeps the order given, drops a file named twice (same inode) and reads stdin once', async () => {
    const live = join(dir, 'tree/access_logs/web1/nginx/access.log');
    const secure = join(dir, 'tree/rhel/secure');
    const link = join(dir, 'link.log');
    const hardLink = join(dir, 'hard.log');
    symlinkSync(live, link);
    linkSync(secure, hardLink);
    const files = await resolveInputs([
      { path: live },
      { path: secure, format: 'syslog' },
      { path: '-', host: 'piped' },
      { path: link },
      { path: hardLink },
      { path: live },
      { path: '-' },
    ]);
    expect(files.map((f) => f.display)).toEqual([live, secure, 'stdin']);
    expect(files[1]?.format).toBe('syslog');
    expect(files[2]).toMatchObject({ path: '-', stdin: true, size: 0, host: 'piped' });
    rmSync(link);
    rmSync(hardLink);
  });

  it('shows an explicit file as typed', async () => {
    const typed = relative(process.cwd(), join(dir, 'plain/b.log'));
    const [file] = await resolveInputs([{ path: typed }]);
    expect(file?.display).toBe(typed);
    expect(file?.path).toBe(join(dir, 'plain/b.log'));
  });

  it('accepts a named pipe, as bash process substitution gives', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const [file] = await resolveInputs([{ path: fifo }]);
    expect(file).toMatchObject({ path: fifo, stdin: false, size: 0 });
    rmSync(fifo);
  });

  it.skipIf(asRoot)('refuses a file it may not read, naming it', async () => {
    const locked = touch('locked.log');
    chmodSync(locked, 0o000);
    await expect(resolveInputs([{ path: locked }])).rejects.toMatchObject({
      code: ErrorCodes.inputUnreadable,
      message: `${locked}: permission denied`,
    });
  });
});

describe('resolveInputs: errors', () => {
  it('names a missing path', async () => {
    await expect(resolveInputs([{ path: join(dir, 'missing.log') }])).rejects.toMatchObject({
      code: ErrorCodes.inputNotFound,
      message: `${join(dir, 'missing.log')}: no such file or directory`,
    });
    await expect(resolveInputs([{ path: join(dir, 'plain/a.log/inside') }])).rejects.toMatchObject({
      code: ErrorCodes.inputNotFound,
    });
  });

  it('names a glob that matches nothing', async () => {
    await expect(resolveInputs([{ path: join(dir, '*.nothing') }])).rejects.toMatchObject({
      code: ErrorCodes.inputNotFound,
      message: `${join(dir, '*.nothing')}: no file matches this pattern`,
    });
  });

  it('reports a path that cannot be examined as unreadable', async () => {
    const tooLong = join(dir, 'x'.repeat(300));
    await expect(resolveInputs([{ path: tooLong }])).rejects.toMatchObject({
      code: ErrorCodes.inputUnreadable,
      message: expect.stringContaining('ENAMETOOLONG') as unknown,
    });
  });
});
