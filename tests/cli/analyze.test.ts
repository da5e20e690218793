import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const REAL = new URL('../fixtures/real/', import.meta.url);
const real = (name: string): string => new URL(name, REAL).pathname;

interface HostJson {
  lines: number;
  parsed: number;
  unparsed: number;
  requests: number;
  status: Record<string, number>;
  failedLogins: number;
  invalidUsers: number;
  topFailureSources: { ip: string; count: number }[];
  firstSeen: string | null;
}
interface AnalyzeJson {
  lines: number;
  parsed: number;
  unparsed: number;
  events: number;
  formats: Record<string, number>;
  hosts: Record<string, HostJson>;
  files: {
    file: string;
    format: string | null;
    unparsed: number;
    cutLines: number;
    skipped: string | null;
    unparsedSamples: { line: number; text: string }[];
  }[];
  warnings: { code: string; file: string; message: string }[];
  alerts: unknown[];
}

async function analyzeJson(
  args: string[],
  stdin?: string,
): Promise<{ json: AnalyzeJson; stderr: string; code: number | null }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lw-data-'));
  const result = await runCli(
    ['analyze', '--json', '--data-dir', dataDir, ...args],
    stdin === undefined ? {} : { stdin },
  );
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  return { json: JSON.parse(result.stdout) as AnalyzeJson, stderr: result.stderr, code: result.code };
}

const linesOf = (name: string): string[] =>
  readFileSync(real(name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('analyze on the real sample logs', () => {
  it('parses the Apache combined access log completely, with the 404s awk counts', async () => {
    const { json, code } = await analyzeJson(['--host', 'web1', real('elastic_apache_1k.log')]);
    const fields = linesOf('elastic_apache_1k.log').map((l) => l.split(' '));
    expect(code).toBe(0);
    expect(json).toMatchObject({
      lines: 1000,
      parsed: 1000,
      unparsed: 0,
      formats: { combined: 1000 },
      alerts: [],
    });
    const host = json.hosts.web1;
    expect(host?.status['404']).toBe(fields.filter((f) => f[8] === '404').length);
    expect(host?.status['5xx']).toBe(fields.filter((f) => f[8]?.startsWith('5')).length);
    expect(host?.requests).toBe(1000);
  });

  it('parses the OpenSSH auth log completely and counts failed logins and invalid users', async () => {
    const { json } = await analyzeJson([real('loghub_OpenSSH_2k.log')]);
    const lines = linesOf('loghub_OpenSSH_2k.log');
    expect(json.unparsed).toBe(0);
    expect(json.lines).toBe(lines.length);
    const host = json.hosts.LabSZ;
    const repeated = lines
      .map((l) => /message repeated (\d+) times: \[ Failed/.exec(l))
      .reduce((sum, m) => sum + (m ? Number(m[1]) : 0), 0);
    const failed = lines.filter((l) => /sshd\[\d+\]: Failed /.test(l)).length;
    expect(host?.failedLogins).toBe(failed + repeated);
    expect(host?.invalidUsers).toBe(lines.filter((l) => l.includes(': Invalid user ')).length);
    expect(host?.topFailureSources[0]?.count).toBeGreaterThan(10);
  });

  it('parses the Linux syslog and the Apache error log completely', async () => {
    const { json } = await analyzeJson([real('loghub_Linux_2k.log'), real('loghub_Apache_2k.log')]);
    expect(json.unparsed).toBe(0);
    expect(json.lines).toBe(linesOf('loghub_Linux_2k.log').length + linesOf('loghub_Apache_2k.log').length);
    expect(Object.keys(json.formats).sort()).toEqual(['apache_error', 'syslog']);
  });

  it('prints a readable per-host summary', async () => {
    const result = await runCli(['analyze', '--host', 'web1', real('elastic_apache_1k.log')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('web1');
    expect(result.stdout).toMatch(/1,000 requests · 401: \d+ · 403: \d+ · 404: \d+ · 5xx: \d+/);
    expect(result.stdout).toContain('1,000 lines, 1,000 parsed, 0 unparsed');
  });
});

describe('analyze inputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a rotated set oldest first and takes the host from access_logs/<host>/', async () => {
    const web = join(dir, 'access_logs', 'web2');
    mkdirSync(web, { recursive: true });
    const line = (day: number): string =>
      `203.0.113.9 - - [${day}/Nov/2026:10:00:00 +0000] "GET /login HTTP/1.1" 401 12 "-" "curl/8.5.0"\n`;
    writeFileSync(join(web, 'access.log.2.gz'), gzipSync(line(20)));
    writeFileSync(join(web, 'access.log.1'), line(21));
    writeFileSync(join(web, 'access.log'), line(22));
    const { json } = await analyzeJson([dir]);
    expect(json.files.map((f) => f.file.split('/').pop())).toEqual([
      'access.log.2.gz',
      'access.log.1',
      'access.log',
    ]);
    expect(json.hosts.web2).toMatchObject({
      lines: 3,
      firstSeen: '2026-11-20T10:00:00.000Z',
      status: { '401': 3 },
    });
    expect(json.hosts.web2?.topFailureSources).toEqual([{ ip: '203.0.113.9', count: 3 }]);
  });

  it('reads stdin', async () => {
    const { json } = await analyzeJson(
      ['--host', 'h', '-'],
      readFileSync(real('loghub_OpenSSH_2k.log'), 'utf8'),
    );
    expect(json.unparsed).toBe(0);
    expect(json.hosts.LabSZ?.lines).toBe(linesOf('loghub_OpenSSH_2k.log').length);
  });

  it('warns about a truncated .gz and keeps what was read', async () => {
    const full = gzipSync(readFileSync(real('elastic_apache_1k.log')));
    const path = join(dir, 'cut.log.gz');
    writeFileSync(path, full.subarray(0, Math.floor(full.length * 0.6)));
    const { json, stderr, code } = await analyzeJson(['--host', 'w', path]);
    expect(code).toBe(0);
    expect(stderr).toContain(path);
    expect(stderr).toContain('LW_GZIP_TRUNCATED');
    expect(json.parsed).toBeGreaterThan(100);
    expect(json.warnings.map((w) => w.code)).toContain('LW_GZIP_TRUNCATED');
  });

  it('skips a binary file with a warning and reads the others', async () => {
    const sub = join(dir, 'mixed');
    mkdirSync(sub);
    writeFileSync(join(sub, 'wtmp.log'), Buffer.from([0x00, 0x01, 0x02, 0x00, 0xff]));
    copyFileSync(real('elastic_apache_1k.log'), join(sub, 'access.log'));
    const { json, stderr } = await analyzeJson(['--host', 'w', sub]);
    expect(stderr).toMatch(/wtmp\.log.*LW_BINARY_FILE/);
    expect(json.parsed).toBe(1000);
    expect(json.files.find((f) => f.file.endsWith('wtmp.log'))?.skipped).toBe('binary');
  });

  it('counts unparsed lines of an unknown format, with samples, and says so', async () => {
    const path = join(dir, 'notes.log');
    writeFileSync(path, 'hello world\nthis is not a log\n');
    const result = await runCli(['analyze', path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('LW_FORMAT_UNDETECTED');
    expect(result.stdout).toContain('2 of 2 lines not understood');
    expect(result.stdout).toContain('1: hello world');
  });

  it('cuts a 10 MB line, counts it and keeps the lines around it', async () => {
    const path = join(dir, 'long.log');
    const ok = readFileSync(real('elastic_apache_1k.log'), 'utf8').split('\n').slice(0, 3).join('\n');
    writeFileSync(path, `${ok}\n${'A'.repeat(10 * 1024 * 1024)}\n${ok}\n`);
    const { json, stderr } = await analyzeJson(['--host', 'w', '--format', 'combined', path]);
    expect(stderr).toContain('LW_LINE_TOO_LONG');
    expect(json.files[0]?.cutLines).toBe(1);
    expect(json.parsed).toBe(6);
    expect(json.unparsed).toBe(1);
  });

  it('exits 2 with a clear message for a missing path, an unknown format and no input', async () => {
    const missing = await runCli(['analyze', join(dir, 'nope.log')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('LW_INPUT_NOT_FOUND');
    expect(missing.stderr).toContain('nope.log');
    const format = await runCli(['analyze', '--format', 'klingon', real('elastic_apache_1k.log')]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown format "klingon".*combined/);
    const none = await runCli(['analyze'], { cwd: dir, env: { XDG_CONFIG_HOME: dir } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing to analyze');
    const flag = await runCli(['analyze', '--no-such-flag']);
    expect(flag.code).toBe(2);
    for (const r of [missing, format, none]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming file, line and key for a broken config', async () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'timezone: UTC\ninputs:\n  - path: x.log\n    timezone: Nowhere/City\n');
    const result = await runCli(['--config', config, 'analyze', real('elastic_apache_1k.log')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}:4: inputs.0.timezone: expected an IANA time zone name`);
  });

  it('reads the inputs of the config when given no path', async () => {
    const config = join(dir, 'inputs.yaml');
    writeFileSync(config, `inputs:\n  - path: ${real('elastic_apache_1k.log')}\n    host: web9\n`);
    const { json } = await analyzeJson(['--config', config]);
    expect(json.hosts.web9?.lines).toBe(1000);
  });
});
