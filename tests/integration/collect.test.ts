import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAll, collectServer, consecutiveFailures } from '../../src/collect/collect.js';
import { resolveConfig } from '../../src/config/load.js';
import type { ResolvedServer } from '../../src/config/servers.js';
import { ErrorCodes } from '../../src/errors.js';
import { analyzeAndStore } from '../../src/pipeline/store.js';
import { queryHistory } from '../../src/store/query.js';
import { runCli } from '../helpers/cli.js';
import { freePort, SSHD, startSshd, type TestSshd } from '../helpers/sshd.js';

const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());
const two = (value: number): string => String(value).padStart(2, '0');

/** Requests to missing paths from one address: enough of them make a web-404-scan alert. */
function accessLines(from: number, to: number): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const ip = i % 3 === 0 ? '203.0.113.9' : `192.0.2.${String(i % 40)}`;
    const status = i % 3 === 0 ? 404 : 200;
    lines.push(
      `${ip} - - [17/Nov/2026:10:${two(Math.floor(i / 60) % 60)}:${two(i % 60)} +0000] "GET /page-${String(i)} HTTP/1.1" ${String(status)} 153 "-" "Mozilla/5.0"`,
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** Failed SSH logins from one address: an ssh-brute-force alert. */
function authLines(from: number, to: number): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    lines.push(
      `Nov 17 11:${two(Math.floor(i / 20) % 60)}:${two((i * 3) % 60)} web1 sshd[${String(900 + i)}]: Failed password for invalid user admin${String(i)} from 198.51.100.7 port ${String(40_000 + i)} ssh2`,
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}

let root: string;
let sshd: TestSshd | undefined;

function testServer(name: string, remote: string, port = sshd?.port ?? 0): ResolvedServer {
  if (sshd === undefined) throw new Error('sshd did not start');
  return {
    name,
    host: '127.0.0.1',
    port,
    user: userInfo().username,
    identityFile: sshd.clientKey,
    knownHosts: sshd.knownHosts,
    paths: [join(remote, 'access.log*'), join(remote, 'auth.log*')],
    journal: false,
    timeoutMs: 20_000,
  };
}

function remoteDir(name: string): string {
  const dir = join(root, 'remote', name, 'var log');
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function analyzeInto(dataDir: string, paths: string[]) {
  const { report } = await analyzeAndStore(
    { config, paths, onWarning: () => undefined },
    dataDir,
    async () => {
      await Promise.resolve();
    },
  );
  return report;
}

async function storedEvents(dataDir: string): Promise<number> {
  return Number((await queryHistory(dataDir, 'SELECT count(*) FROM events')).rows[0]?.[0]);
}

/** The same files analyzed once, locally: what collecting must add up to. */
async function reference(label: string, host: string, files: Record<string, string>) {
  const dataDir = join(root, `reference-${label}`);
  const dir = join(dataDir, 'access_logs', host);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const report = await analyzeInto(dataDir, [dir]);
  return {
    events: await storedEvents(dataDir),
    alerts: report.alerts.map((a) => `${a.rule} ${String(a.count)}`),
  };
}

describe.skipIf(!existsSync(SSHD))('logwarden collect against a real sshd', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lw-collect-'));
    sshd = await startSshd(join(root, 'sshd'));
  });

  afterAll(async () => {
    await sshd?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('fetches growing and rotated files so that every line is stored exactly once', async () => {
    const remote = remoteDir('web1');
    const dataDir = join(root, 'data-rotation');
    writeFileSync(join(remote, 'access.log'), accessLines(0, 100));
    writeFileSync(join(remote, 'auth.log'), authLines(0, 20));
    const server = testServer('web1', remote);

    const first = await collectServer(server, dataDir);
    expect(first.error, sshd?.log()).toBeNull();
    expect(first.files).toBe(2);
    const local = join(first.dir, remote.slice(1));
    expect(existsSync(join(local, 'access.log'))).toBe(true);
    await analyzeInto(dataDir, [first.dir]);

    appendFileSync(join(remote, 'access.log'), accessLines(100, 150));
    renameSync(join(remote, 'access.log'), join(remote, 'access.log.1'));
    writeFileSync(join(remote, 'access.log'), accessLines(150, 200));
    appendFileSync(join(remote, 'auth.log'), authLines(20, 60));
    const second = await collectServer(server, dataDir);
    expect(second.error).toBeNull();
    expect(second.files).toBe(3);
    const report = await analyzeInto(dataDir, [second.dir]);

    const unchanged = await collectServer(server, dataDir);
    expect(unchanged).toMatchObject({ files: 0, bytes: 0, error: null });

    const expected = await reference('rotation', 'web1', {
      'access.log.1': accessLines(0, 150),
      'access.log': accessLines(150, 200),
      'auth.log': authLines(0, 60),
    });
    expect(await storedEvents(dataDir)).toBe(expected.events);
    expect(report.alerts.map((a) => `${a.rule} ${String(a.count)}`)).toEqual(expected.alerts);
    expect(expected.alerts.length).toBeGreaterThan(0);
  });

  it('collects the servers that are up when another is down, and says why', async () => {
    const remote = remoteDir('up');
    writeFileSync(join(remote, 'access.log'), accessLines(0, 10));
    const dataDir = join(root, 'data-down');
    const down = testServer('down', remote, await freePort());
    const [downResult, upResult] = await collectAll([down, testServer('up', remote)], dataDir);
    expect(downResult?.error?.code).toBe(ErrorCodes.sshUnreachable);
    expect(downResult?.error?.message).toMatch(/connection refused/);
    expect(downResult?.failures).toBe(1);
    expect(upResult).toMatchObject({ error: null, files: 1 });
    await collectAll([down], dataDir);
    expect(await consecutiveFailures(dataDir, 'down')).toBe(2);
  });

  it('fetches a copytruncated file again and counts nothing twice', async () => {
    const remote = remoteDir('web3');
    const dataDir = join(root, 'data-truncate');
    writeFileSync(join(remote, 'access.log'), accessLines(0, 60));
    const server = testServer('web3', remote);
    expect((await collectServer(server, dataDir)).error).toBeNull();
    await analyzeInto(dataDir, [join(dataDir, 'access_logs', 'web3')]);

    truncateSync(join(remote, 'access.log'), 0);
    appendFileSync(join(remote, 'access.log'), accessLines(60, 90));
    const after = await collectServer(server, dataDir);
    expect(after).toMatchObject({ error: null, files: 1 });
    await analyzeInto(dataDir, [after.dir]);
    const expected = await reference('truncate', 'web3', {
      'access.log.1': accessLines(0, 60),
      'access.log': accessLines(60, 90),
    });
    expect(await storedEvents(dataDir)).toBe(expected.events);
  });

  it('runs from the command line, once at a time', async () => {
    const remote = remoteDir('cli');
    writeFileSync(join(remote, 'access.log'), accessLines(0, 50));
    writeFileSync(join(remote, 'auth.log'), authLines(0, 30));
    const dataDir = join(root, 'data-cli');
    const server = testServer('web1', remote);
    const file = join(root, 'logwarden.yaml');
    const yaml = (servers: ResolvedServer[]): string =>
      JSON.stringify({
        dataDir,
        timezone: 'UTC',
        servers: servers.map((s) => ({
          name: s.name,
          host: s.host,
          port: s.port,
          user: s.user,
          identityFile: s.identityFile,
          knownHosts: s.knownHosts,
          paths: s.paths,
        })),
      });
    writeFileSync(file, yaml([server]));

    mkdirSync(join(dataDir, 'state'), { recursive: true });
    writeFileSync(join(dataDir, 'state', 'collect.lock'), String(process.pid));
    const busy = await runCli(['collect', '--config', file]);
    expect(busy.stdout).toMatch(/another collect is running/);
    expect(busy.code).toBe(0);
    rmSync(join(dataDir, 'state', 'collect.lock'));

    const run = await runCli(['collect', '--config', file]);
    expect(run.stdout).toMatch(/web1\s+ok: 2 files, [\d,]+ bytes new/);
    expect(run.code, run.stderr).toBe(0);
    const expected = await reference('cli', 'web1', {
      'access.log': accessLines(0, 50),
      'auth.log': authLines(0, 30),
    });
    expect(await storedEvents(dataDir)).toBe(expected.events);

    writeFileSync(file, yaml([server, { ...server, name: 'web9', port: await freePort() }]));
    const partly = await runCli(['collect', '--config', file, '--no-analyze']);
    expect(partly.stdout).toMatch(/web1\s+ok: 0 files, 0 bytes new/);
    expect(partly.stdout).toMatch(/web9\s+failed: .*connection refused.*\(LW_SSH_UNREACHABLE\)/);
    expect(partly.code).toBe(1);
  });

  it('works through the forced command of docs/deploy.md (read-only rrsync)', async () => {
    const remote = remoteDir('forced');
    writeFileSync(join(remote, 'access.log'), accessLines(0, 30));
    writeFileSync(join(remote, 'auth.log'), authLines(0, 10));
    const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const script = /<!-- remote-command:[^\n]*-->\s*```sh\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(script).toContain('LOGS=/var/log\n');
    const command = join(root, 'remote-command');
    writeFileSync(command, (script ?? '').replace('LOGS=/var/log\n', `LOGS='${remote}'\n`), { mode: 0o755 });
    sshd?.authorize(`restrict,command="${command}"`);
    try {
      const dataDir = join(root, 'data-forced');
      const server = { ...testServer('forced', remote), journal: true };
      const first = await collectServer(server, dataDir);
      expect(first.error, sshd?.log()).toBeNull();
      expect(first.files).toBe(2);
      appendFileSync(join(remote, 'access.log'), accessLines(30, 40));
      const second = await collectServer(server, dataDir);
      expect(second).toMatchObject({ error: null, files: 1 });
      expect(readFileSync(join(second.dir, remote.slice(1), 'access.log'), 'utf8')).toBe(accessLines(0, 40));

      const outside = await collectServer({ ...server, paths: ['/etc/pass*'] }, dataDir);
      expect(outside.error?.code).toBe(ErrorCodes.collectFailed);
      expect(outside.error?.message).toMatch(/refused/);
    } finally {
      sshd?.authorize('');
    }
  });

  // Last: afterwards the client no longer trusts the server.
  it('refuses a server whose host key changed, and fetches nothing', async () => {
    const remote = remoteDir('changed');
    writeFileSync(join(remote, 'access.log'), accessLines(0, 10));
    await sshd?.restartWithNewHostKey();
    const dataDir = join(root, 'data-changed');
    const result = await collectServer(testServer('changed', remote), dataDir);
    expect(result.error?.code).toBe(ErrorCodes.sshHostKeyChanged);
    expect(result.error?.message).toContain(sshd?.knownHosts);
    expect(result.error?.message).toMatch(/CHANGED.*refusing.*fingerprint/s);
    expect(result.files).toBe(0);
    expect(existsSync(join(dataDir, 'access_logs'))).toBe(false);
  });
});
