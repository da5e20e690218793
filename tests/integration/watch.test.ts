import { appendFileSync, copyFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/detect/types.js';
import { queryHistory } from '../../src/store/query.js';
import { alertLogLines, startWatch, waitFor } from '../helpers/watch.js';

function failures(ip: string, from: number, count: number): string {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    const second = String(i % 60).padStart(2, '0');
    const minute = String(10 + Math.floor(i / 60)).padStart(2, '0');
    lines.push(
      `Nov 25 09:${minute}:${second} web1 sshd[${String(100 + i)}]: Failed password for root from ${ip} port ${String(40000 + i)} ssh2`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function setup(extra = ''): { dir: string; config: string; log: string; dataDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-watch-'));
  const config = join(dir, 'logwarden.yaml');
  writeFileSync(
    config,
    `timezone: UTC\ndataDir: data\ninputs:\n  - { path: auth.log, format: syslog, host: web1 }\n${extra}`,
  );
  const log = join(dir, 'auth.log');
  writeFileSync(
    log,
    'Nov 25 09:00:00 web1 sshd[1]: Accepted publickey for alice from 10.0.0.1 port 1 ssh2\n',
  );
  return { dir, config, log, dataDir: join(dir, 'data') };
}

const alertsOf = (dataDir: string): Alert[] => alertLogLines(dataDir).map((l) => JSON.parse(l) as Alert);

async function storedEvents(dataDir: string): Promise<number> {
  return Number((await queryHistory(dataDir, 'SELECT count(*) FROM events')).rows[0]?.[0]);
}

describe('logwarden watch', () => {
  it('alerts within a second of the line, through rename rotation and copytruncate, storing each line once', async () => {
    const { dir, config, log, dataDir } = setup();
    const watch = await startWatch(config, dir);
    try {
      const appended = Date.now();
      appendFileSync(log, failures('203.0.113.1', 0, 12));
      await waitFor(
        () => alertsOf(dataDir).length > 0,
        5000,
        () => watch.log(),
      );
      expect(Date.now() - appended).toBeLessThan(3000);

      // logrotate's default: rename, then a new file.
      renameSync(log, `${log}.1`);
      writeFileSync(log, failures('203.0.113.2', 100, 12));
      await waitFor(
        () => alertsOf(dataDir).some((a) => a.source_ips.includes('203.0.113.2')),
        5000,
        () => watch.log(),
      );

      // copytruncate: copied away, emptied in place, written again.
      copyFileSync(log, `${log}.2`);
      truncateSync(log, 0);
      await sleep(300);
      appendFileSync(log, failures('203.0.113.3', 200, 12));
      await waitFor(
        () => alertsOf(dataDir).some((a) => a.source_ips.includes('203.0.113.3')),
        5000,
        () => watch.log(),
      );
    } finally {
      expect(await watch.stop()).toBe(0);
    }
    expect(watch.log()).toContain('"msg":"stopped"');
    // 1 + 12 + 12 + 12 lines, each stored once.
    expect(await storedEvents(dataDir)).toBe(37);
  }, 60_000);

  it('loses and repeats nothing when killed with -9 in the middle of a burst', async () => {
    const burst = async (killAt: number | undefined): Promise<{ alerts: string[]; events: number }> => {
      const { dir, config, log, dataDir } = setup();
      let watch = await startWatch(config, dir);
      for (let chunk = 0; chunk < 10; chunk++) {
        appendFileSync(log, failures(`198.51.100.${String(chunk % 4)}`, chunk * 30, 30));
        await sleep(120);
        if (chunk === killAt) {
          await watch.kill9();
          watch = await startWatch(config, dir);
        }
      }
      await sleep(800);
      await watch.stop();
      return { alerts: alertLogLines(dataDir), events: await storedEvents(dataDir) };
    };
    const uninterrupted = await burst(undefined);
    const killed = await burst(4);
    expect(uninterrupted.alerts.length).toBeGreaterThan(3);
    expect(killed.alerts).toEqual(uninterrupted.alerts);
    expect(killed.events).toBe(uninterrupted.events);
  }, 120_000);

  it('reloads its config on SIGHUP', async () => {
    const { dir, config, log, dataDir } = setup(
      'detection:\n  rules:\n    ssh-brute-force: { enabled: false }\n    ssh-slow-brute-force: { enabled: false }\n    ssh-brute-force-prefix: { enabled: false }\n',
    );
    const watch = await startWatch(config, dir);
    try {
      appendFileSync(log, failures('192.0.2.7', 0, 15));
      await sleep(800);
      expect(alertsOf(dataDir).filter((a) => a.rule === 'ssh-brute-force')).toEqual([]);
      writeFileSync(
        config,
        'timezone: UTC\ndataDir: data\ninputs:\n  - { path: auth.log, format: syslog, host: web1 }\n',
      );
      watch.child.kill('SIGHUP');
      await waitFor(
        () => alertsOf(dataDir).some((a) => a.rule === 'ssh-brute-force'),
        10_000,
        () => watch.log(),
      );
    } finally {
      await watch.stop();
    }
    expect(watch.log()).toContain('reloading the config');
  }, 60_000);

  it('on start, reads the newest rotated file before the live one, so an attack across the rotation is seen', async () => {
    const { dir, config, log, dataDir } = setup();
    writeFileSync(
      config,
      'timezone: UTC\ndataDir: data\ninputs:\n  - { path: "auth.log*", format: syslog, host: web1 }\n',
    );
    // Six failures before the rotation, six after: ten within five minutes only together.
    writeFileSync(`${log}.1`, failures('203.0.113.44', 0, 6));
    writeFileSync(log, failures('203.0.113.44', 6, 6));
    const watch = await startWatch(config, dir);
    try {
      await waitFor(
        () =>
          alertsOf(dataDir).some(
            (a) => a.rule === 'ssh-brute-force' && a.source_ips.includes('203.0.113.44'),
          ),
        5000,
        () => watch.log(),
      );
    } finally {
      await watch.stop();
    }
    expect(await storedEvents(dataDir)).toBe(12);
  }, 60_000);
});
