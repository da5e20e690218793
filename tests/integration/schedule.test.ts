import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';

let dir: string;
let root: string;
let config: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logwarden-schedule-'));
  root = join(dir, 'root');
  await mkdir(root);
  config = join(dir, 'config.yaml');
  await writeFile(config, 'dataDir: /var/lib/logwarden\ntimezone: Europe/Berlin\n');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function schedule(...args: string[]) {
  return runCli(['--config', config, 'schedule', ...args, '--root', root], { cwd: dir });
}

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** `print`'s sections: target path → text. */
function sections(printed: string): Map<string, string> {
  const parts = printed.split(/^==> (.*) <==\n/m).slice(1);
  const map = new Map<string, string>();
  for (let i = 0; i < parts.length; i += 2)
    map.set(parts[i] ?? '', (parts[i + 1] ?? '').replace(/\n\n$/, '\n'));
  return map;
}

describe('logwarden schedule --systemd', () => {
  const units = join('etc', 'systemd', 'system');

  it('prints the units with their paths and writes nothing', async () => {
    const result = await schedule('print', '--systemd');
    expect(result.stderr).toContain(`logwarden runs as: ${process.execPath} `);
    expect(result.code).toBe(0);
    expect([...sections(result.stdout).keys()]).toContain(join(root, units, 'logwarden-watch.service'));
    expect(await filesUnder(root)).toEqual([]);
  });

  it('installs exactly what print shows, mode 0644, and remove deletes it with the enable links', async () => {
    const printed = sections((await schedule('print', '--systemd')).stdout);
    const installed = await schedule('install', '--systemd');
    expect(installed.code).toBe(0);
    // --root runs no command: the ones to run on the target system are printed instead.
    expect(installed.stdout).toContain(
      '  systemctl enable --now logwarden-watch.service logwarden-collect.timer logwarden-report.timer logwarden-flush.timer',
    );
    expect(await filesUnder(root)).toEqual([...printed.keys()].sort());
    for (const [path, text] of printed) {
      expect(await readFile(path, 'utf8')).toBe(text);
      expect(statSync(path).mode & 0o777).toBe(0o644);
    }
    // As `systemctl enable` leaves them, which remove must not leave dangling.
    const wants = join(root, units, 'timers.target.wants');
    await mkdir(wants);
    await symlink('../logwarden-collect.timer', join(wants, 'logwarden-collect.timer'));

    const removed = await schedule('remove', '--systemd');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`removed ${join(root, units, 'logwarden-watch.service')}`);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('puts user units under $XDG_CONFIG_HOME/systemd/user, without User=', async () => {
    const result = await runCli(
      ['--config', config, 'schedule', 'install', '--systemd', '--user', '--root', root],
      { cwd: dir, env: { XDG_CONFIG_HOME: '/home/ops/.config' } },
    );
    expect(result.code).toBe(0);
    const watch = await readFile(join(root, 'home/ops/.config/systemd/user/logwarden-watch.service'), 'utf8');
    expect(watch).toContain('WantedBy=default.target');
    expect(watch).not.toContain('User=');
    expect(result.stdout).toContain('systemctl --user enable --now');
  });
});

describe('logwarden schedule --cron', () => {
  it('installs /etc/cron.d/logwarden (0644) and removes it', async () => {
    const installed = await schedule('install', '--cron');
    expect(installed.code).toBe(0);
    const file = join(root, 'etc/cron.d/logwarden');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(await readFile(file, 'utf8')).toContain(
      `logwarden ${process.execPath} ${CLI} --config ${config} report weekly --send`,
    );
    expect((await schedule('remove', '--cron')).code).toBe(0);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('merges a marked block into a user crontab, again and again, and takes it out', async () => {
    const spool = join(root, 'var/spool/cron/crontabs', userInfo().username);
    const mine = '0 3 * * * /usr/local/bin/backup\n';
    await mkdir(join(spool, '..'), { recursive: true });
    await writeFile(spool, mine);
    expect((await schedule('install', '--cron', '--user')).code).toBe(0);
    const once = await readFile(spool, 'utf8');
    expect((await schedule('install', '--cron', '--user')).code).toBe(0);
    expect(await readFile(spool, 'utf8')).toBe(once);
    expect(once.startsWith(`${mine}\n# BEGIN logwarden\n`)).toBe(true);
    expect(statSync(spool).mode & 0o777).toBe(0o600);
    expect((await schedule('remove', '--cron', '--user')).code).toBe(0);
    expect(await readFile(spool, 'utf8')).toBe(mine);
  });

  it('goes through crontab -l and crontab - without --root', async () => {
    // No cron is installed here; this stand-in keeps its table in a file and says what
    // Debian's crontab says when there is none, so the command plumbing is what is tested.
    const bin = join(dir, 'bin');
    const table = join(dir, 'table');
    await mkdir(bin);
    await writeFile(
      join(bin, 'crontab'),
      [
        '#!/bin/sh',
        `case "$1" in`,
        `  -l) [ -f '${table}' ] || { echo "no crontab for $(id -un)" >&2; exit 1; }; cat '${table}' ;;`,
        `  -) cat > '${table}' ;;`,
        `  -r) rm '${table}' ;;`,
        'esac',
        '',
      ].join('\n'),
    );
    await chmod(join(bin, 'crontab'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
    const run = (action: string) =>
      runCli(['--config', config, 'schedule', action, '--cron', '--user'], { cwd: dir, env });

    const installed = await run('install');
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('ran crontab -');
    expect(await readFile(table, 'utf8')).toMatch(/^# BEGIN logwarden\n[^]*\n# END logwarden\n$/);
    expect((await run('remove')).stdout).toContain('ran crontab -r');
    expect(existsSync(table)).toBe(false);
  });
});

describe('logwarden schedule refuses', () => {
  it('a system install to a user who is not root, and says what to do', () => {
    // As root, drop to nobody with setpriv (util-linux) to meet the check for real.
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? 'setpriv' : process.execPath;
    const prefix = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [];
    const result = spawnSync(command, [...prefix, CLI, '--config', config, 'schedule', 'install', '--cron'], {
      cwd: '/',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('needs root: run it with sudo, or add --user');
    expect(result.stderr).toContain('(LW_SCHEDULE_NEEDS_ROOT)');
  });

  it('to schedule without a config file', async () => {
    const result = await runCli(['schedule', 'print', '--cron'], {
      cwd: dir,
      env: { XDG_CONFIG_HOME: join(dir, 'nothing') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('write one with `logwarden init` and pass --config FILE');
  });
});
