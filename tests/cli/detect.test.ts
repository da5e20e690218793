import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/detect/types.js';
import { runCli } from '../helpers/cli.js';

const SSH = fileURLToPath(new URL('../fixtures/real/loghub_OpenSSH_2k.log', import.meta.url));
const APACHE = fileURLToPath(new URL('../fixtures/real/elastic_apache_1k.log', import.meta.url));

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'lw-detect-'));
}

async function alertsOf(args: string[], cwd?: string): Promise<{ alerts: Alert[]; code: number | null }> {
  const result = await runCli(['analyze', '--json', ...args], cwd === undefined ? {} : { cwd });
  expect(result.stderr).toBe('');
  return { alerts: (JSON.parse(result.stdout) as { alerts: Alert[] }).alerts, code: result.code };
}

function alertLogLines(dataDir: string): string[] {
  const dir = join(dataDir, 'alert_logs');
  return readdirSync(dir).flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
  );
}

describe('analyze raises alerts', () => {
  it('finds the brute force in the real OpenSSH log, counts it as grep does, and exits 1', async () => {
    const dataDir = temp();
    const { alerts, code } = await alertsOf(['--data-dir', dataDir, SSH]);
    expect(code).toBe(1);
    const biggest = alerts.find((a) => a.source_ips.includes('183.62.140.253'));
    const lines = readFileSync(SSH, 'utf8').split(/\r?\n/);
    const failed = lines.filter((l) => /: Failed \w+ for .* from 183\.62\.140\.253 /.test(l)).length;
    expect(biggest).toMatchObject({
      rule: 'ssh-brute-force',
      category: 'brute-force',
      count: failed,
      hosts: ['LabSZ'],
    });
    expect(biggest?.severity).toBe('high');
    expect(biggest?.message).toMatch(/^286 failed SSH logins from 183\.62\.140\.253 on LabSZ in \d+ min$/);
    expect(biggest?.evidence.length).toBeGreaterThan(0);
    expect(alertLogLines(dataDir)).toHaveLength(alerts.length);
  });

  it('appends nothing when the same files are analyzed again: ids are stable', async () => {
    const dataDir = temp();
    const first = await alertsOf(['--data-dir', dataDir, SSH]);
    const second = await alertsOf(['--data-dir', dataDir, SSH]);
    expect(second.alerts.map((a) => a.id)).toEqual(first.alerts.map((a) => a.id));
    expect(alertLogLines(dataDir)).toHaveLength(first.alerts.length);
    const human = await runCli(['analyze', '--data-dir', dataDir, SSH]);
    expect(human.stdout).toContain('already had these alerts');
    expect(alertLogLines(dataDir)).toHaveLength(first.alerts.length);
  });

  it('is silent on the access log of an ordinary site and exits 0', async () => {
    const { alerts, code } = await alertsOf(['--data-dir', temp(), APACHE]);
    expect(alerts).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('detection config', () => {
  it('allowlists an address, disables and tunes rules, and adds a custom threshold rule', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'logwarden.yaml'),
      [
        'dataDir: ./data',
        'detection:',
        '  allowlist:',
        '    ips: [183.62.140.0/24]',
        '  rules:',
        '    ssh-brute-force:',
        '      thresholds: { failures: 25, windowMs: 10m }',
        '    ssh-invalid-user-probing: { enabled: false }',
        '  custom:',
        '    - id: many-404',
        '      description: not-found responses per host',
        '      category: error-spike',
        '      match: { kind: http.request, status: 404 }',
        '      groupBy: [host]',
        '      window: 1d',
        '      threshold: 10',
        '      message: "{count} not-found responses on {host}"',
        '      examples:',
        '        invalid:',
        '          - name: twelve 404s',
        '            lines:',
        '              - line: \'203.0.113.9 - - [24/Nov/2026:10:00:00 +0000] "GET /x{i} HTTP/1.1" 404 1 "-" "-"\'',
        '                times: 12',
        '                every: 10s',
        '            alerts: 1',
        '',
      ].join('\n'),
    );
    const { alerts } = await alertsOf([SSH, APACHE], dir);
    expect(alerts.filter((a) => a.source_ips.some((ip) => ip.startsWith('183.62.140.')))).toEqual([]);
    expect(alerts.filter((a) => a.rule === 'ssh-brute-force').every((a) => a.count >= 25)).toBe(true);
    const custom = alerts.find((a) => a.rule === 'many-404');
    expect(custom?.message).toMatch(/^\d+ not-found responses on /);
    expect(custom?.category).toBe('error-spike');

    const list = await runCli(['rules', 'list'], { cwd: dir });
    expect(list.stdout).toMatch(/ssh-brute-force +brute-force +medium +failures=25 window=10 min/);
    expect(list.stdout).toMatch(/ssh-invalid-user-probing .*\(disabled\)/);
    expect(list.stdout).toContain('many-404');
    const test = await runCli(['rules', 'test'], { cwd: dir });
    expect(test.stdout).toMatch(/(\d+) of \1 rule examples passed/);
    expect(test.code).toBe(0);
  });

  it('names file, line and key for an unknown rule or threshold, and exits 2', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'logwarden.yaml'),
      'detection:\n  rules:\n    ssh-brute-force:\n      thresholds: { failure: 3 }\n    no-such-rule: { enabled: false }\n',
    );
    const result = await runCli(['analyze', SSH], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /logwarden\.yaml:4: detection\.rules\.ssh-brute-force\.thresholds\.failure: rule ssh-brute-force has no threshold "failure"/,
    );
    expect(result.stderr).toMatch(/logwarden\.yaml:5: detection\.rules\.no-such-rule: no built-in rule/);
  });

  it('reports a failing custom example in rules test with exit 1', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'logwarden.yaml'),
      [
        'detection:',
        '  custom:',
        '    - id: never',
        '      match: { kind: http.request, status: 599 }',
        '      window: 1m',
        '      threshold: 1',
        '      examples:',
        '        invalid:',
        '          - name: expects an alert it cannot get',
        '            lines: [\'203.0.113.9 - - [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"\']',
        '            alerts: 1',
        '',
      ].join('\n'),
    );
    const result = await runCli(['rules', 'test'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL never: expects an alert it cannot get');
  });
});

describe('IoC files', () => {
  it('reads addresses and networks, warns about a bad line naming file and line, and alerts', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'bad.txt'),
      '# known bad\n183.62.140.0/24\nnot-an-address\n\n5.188.10.180 # comment\n',
    );
    writeFileSync(join(dir, 'logwarden.yaml'), 'dataDir: ./data\ndetection:\n  iocFiles: [bad.txt]\n');
    const result = await runCli(['analyze', '--json', SSH], { cwd: dir });
    expect(result.stderr).toMatch(
      /bad\.txt:3: "not-an-address" is not an address or CIDR block; skipped \(LW_IOC_INVALID\)/,
    );
    const alerts = (JSON.parse(result.stdout) as { alerts: Alert[] }).alerts.filter(
      (a) => a.rule === 'ioc-match',
    );
    expect(alerts.map((a) => a.source_ips[0]).sort()).toEqual(['183.62.140.253', '5.188.10.180']);
  });
});
