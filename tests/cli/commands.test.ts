import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-cmd-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('explain', () => {
  it('shows the format and event of a line', async () => {
    const line = 'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186';
    const result = await runCli(['explain', '--json', '--timezone', 'UTC', line]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { format: string; event: Record<string, unknown> };
    expect(json.format).toBe('syslog');
    expect(json.event).toMatchObject({
      host: 'LabSZ',
      kind: 'auth.invalid_user',
      user: 'webmaster',
      ip: '173.234.31.186',
    });
    const human = await runCli(['explain', line]);
    expect(human.stdout).toMatch(/format\s+syslog/);
    expect(human.stdout).toMatch(/kind\s+auth\.invalid_user/);
  });

  it('says which format came closest for a line nobody parses, and exits 1', async () => {
    const line = '203.0.113.9 - - 17/May/2015:10:05:03 +0000 "GET / HTTP/1.1" 200 5';
    const result = await runCli(['explain', '--json', line]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as {
      format: null;
      event: null;
      closest: { format: string; offset: number };
    };
    expect(json.format).toBeNull();
    expect(json.event).toBeNull();
    expect(json.closest.offset).toBeGreaterThan(10);
    const human = await runCli(['explain', line]);
    expect(human.stdout).toContain('no format accepts this line');
    expect(human.stdout).toMatch(/stopped at character \d+, expected/);
  });

  it('takes a line from a file', async () => {
    const path = new URL('../fixtures/real/elastic_apache_1k.log', import.meta.url).pathname;
    const result = await runCli(['explain', '--json', '--file', path, '--line', '3']);
    const json = JSON.parse(result.stdout) as { format: string; event: { path: string } };
    expect(json.format).toBe('combined');
    expect(json.event.path).toBe('/presentations/logstash-monitorama-2013/plugin/highlight/highlight.js');
    const beyond = await runCli(['explain', '--file', path, '--line', '5000']);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('no line 5000');
  });
});

describe('init and check', () => {
  it('writes a commented config that check accepts, and refuses to overwrite it', async () => {
    const path = join(dir, 'logwarden.yaml');
    expect((await runCli(['init', '-o', path])).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('# Time zone');
    const again = await runCli(['init', '-o', path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    const check = await runCli(['--config', path, 'check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('timezone: Europe/Berlin');
    expect(check.stdout).toContain('config OK');
  });

  it('finds ./logwarden.yaml and reports a bad custom format', async () => {
    writeFileSync(join(dir, 'logwarden.yaml'), "formats:\n  mine:\n    nginx: '$remote_addr$remote_user'\n");
    const check = await runCli(['check'], { cwd: dir, env: { XDG_CONFIG_HOME: dir } });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('LW_FORMAT_INVALID');
  });
});

describe('demo', () => {
  it('generates logs with attacks, finds them all, raises nothing else, and says where everything went', async () => {
    const out = join(dir, 'demo-out');
    const result = await runCli(['demo', '--weeks', '1', '--out', out], {
      cwd: dir,
      env: { XDG_CONFIG_HOME: dir },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\(0 unparsed\)/);
    const found = /(\d+) of (\d+) planted attacks found, 0 alert\(s\) on normal traffic/.exec(result.stdout);
    expect(found?.[1]).toBe(found?.[2]);
    expect(result.stdout).toContain(join(out, 'alert_logs'));
    expect(readdirSync(join(out, 'alert_logs')).length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a seed that is not a number', async () => {
    const result = await runCli(['demo', '--seed', 'abc', '--out', join(dir, 'x')], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--seed expects a whole number');
  });
});
