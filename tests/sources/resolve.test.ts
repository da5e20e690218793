import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/errors.js';
import { hostFromPath, orderRotatedSets, resolveInputs } from '../../src/sources/resolve.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-resolve-'));
  const nginx = join(dir, 'access_logs', 'web1', 'nginx');
  mkdirSync(nginx, { recursive: true });
  for (const name of [
    'access.log',
    'access.log.1',
    'access.log.2.gz',
    'access.log.10.gz',
    'error.log',
    'README.md',
    '.hidden.log',
  ]) {
    writeFileSync(join(nginx, name), `${name}\n`);
  }
  const etc = join(dir, 'rhel');
  mkdirSync(join(etc, '.git'), { recursive: true });
  for (const name of ['secure', 'secure-20261117', 'secure-20261110.gz', 'messages', 'wtmp', 'lastlog']) {
    writeFileSync(join(etc, name), `${name}\n`);
  }
  writeFileSync(join(etc, '.git', 'x.log'), 'x\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const names = (files: { path: string }[]): string[] => files.map((f) => f.path.slice(dir.length + 1));

describe('resolveInputs', () => {
  it('walks a directory recursively, keeps log-like names and orders each rotated set oldest first', async () => {
    const files = await resolveInputs([{ path: dir }]);
    expect(names(files)).toEqual([
      'access_logs/web1/nginx/access.log.10.gz',
      'access_logs/web1/nginx/access.log.2.gz',
      'access_logs/web1/nginx/access.log.1',
      'access_logs/web1/nginx/access.log',
      'access_logs/web1/nginx/error.log',
      'rhel/messages',
      'rhel/secure-20261110.gz',
      'rhel/secure-20261117',
      'rhel/secure',
    ]);
    expect(files[0]?.hostHint).toBe('web1');
    expect(files.at(-1)?.hostHint).toBeUndefined();
    expect(files[0]?.size).toBeGreaterThan(0);
  });

  it('expands globs and copies the spec options onto each file', async () => {
    const files = await resolveInputs([
      { path: join(dir, '**/access.log*'), format: 'combined', host: 'h', timezone: 'UTC' },
    ]);
    expect(files).toHaveLength(4);
    expect(files[0]).toMatchObject({ format: 'combined', host: 'h', timezone: 'UTC' });
    expect(names(files)[0]).toBe('access_logs/web1/nginx/access.log.10.gz');
  });

  it('keeps explicit files in the given order and drops duplicates (same inode)', async () => {
    const live = join(dir, 'access_logs/web1/nginx/access.log');
    const link = join(dir, 'link.log');
    symlinkSync(live, link);
    const files = await resolveInputs([
      { path: live },
      { path: join(dir, 'rhel/secure') },
      { path: link },
      { path: '-' },
    ]);
    expect(files.map((f) => f.display)).toEqual([live, join(dir, 'rhel/secure'), 'stdin']);
    expect(files[2]?.stdin).toBe(true);
    rmSync(link);
  });

  it('names a missing path or a glob with no match', async () => {
    await expect(resolveInputs([{ path: join(dir, 'missing.log') }])).rejects.toMatchObject({
      code: ErrorCodes.inputNotFound,
      message: expect.stringContaining('missing.log: no such file or directory') as unknown,
    });
    await expect(resolveInputs([{ path: join(dir, '*.nothing') }])).rejects.toMatchObject({
      code: ErrorCodes.inputNotFound,
      message: expect.stringContaining('no file matches') as unknown,
    });
  });
});

describe('rotation helpers', () => {
  it('orders numbered and dated generations', () => {
    expect(
      orderRotatedSets(['/l/a.log', '/l/a.log.1', '/l/a.log.3.gz', '/l/a.log.2.gz', '/l/b.log']),
    ).toEqual(['/l/a.log.3.gz', '/l/a.log.2.gz', '/l/a.log.1', '/l/a.log', '/l/b.log']);
  });

  it('takes the host from access_logs/<host>/ only when it is a folder', () => {
    expect(hostFromPath('/logs/access_logs/web2/auth.log')).toBe('web2');
    expect(hostFromPath('/logs/access_logs/web2')).toBeUndefined();
  });
});
