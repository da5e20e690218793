import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../../src/config/example.js';
import { findConfigFile, loadConfig, parseConfigText } from '../../src/config/load.js';
import { ErrorCodes } from '../../src/errors.js';
import { errorOf } from '../helpers/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('config loading', () => {
  it('needs no file: defaults are filled and frozen', () => {
    const config = loadConfig({ cwd: dir, env: { XDG_CONFIG_HOME: join(dir, 'xdg') } });
    expect(config.file).toBeUndefined();
    expect(config.dataDir).toBe(join(dir, 'logwarden-data'));
    expect(config.trustedProxies).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.inputs)).toBe(true);
  });

  it('looks in ./logwarden.yaml before $XDG_CONFIG_HOME', () => {
    const xdg = join(dir, 'xdg');
    mkdirSync(join(xdg, 'logwarden'), { recursive: true });
    writeFileSync(join(xdg, 'logwarden', 'config.yaml'), 'timezone: UTC\n');
    const env = { XDG_CONFIG_HOME: xdg };
    expect(findConfigFile({ cwd: dir, env })).toBe(join(xdg, 'logwarden', 'config.yaml'));
    writeFileSync(join(dir, 'logwarden.yaml'), 'timezone: UTC\n');
    expect(findConfigFile({ cwd: dir, env })).toBe(join(dir, 'logwarden.yaml'));
  });

  it('refuses a --config that does not exist', () => {
    const error = errorOf(() => loadConfig({ explicitPath: 'nope.yaml', cwd: dir }));
    expect(error.code).toBe(ErrorCodes.configNotFound);
    expect(error.message).toContain(join(dir, 'nope.yaml'));
  });

  it('resolves paths against the config file folder', () => {
    const file = join(dir, 'conf', 'lw.yaml');
    mkdirSync(join(dir, 'conf'));
    writeFileSync(file, 'dataDir: ../data\ninputs:\n  - path: logs/*.log\n    host: web1\n  - path: "-"\n');
    const config = loadConfig({ explicitPath: file, cwd: dir });
    expect(config.dataDir).toBe(join(dir, 'data'));
    expect(config.inputs[0]).toEqual({ path: join(dir, 'conf', 'logs/*.log'), host: 'web1' });
    expect(config.inputs[1]?.path).toBe('-');
  });

  it('names file, line, key path and expectation for invalid values', () => {
    const text =
      'timezone: Mars/Olympus\ntrustedProxies:\n  - 10.0.0.0/8\n  - not-an-ip\ninputs:\n  - path: a.log\n    fromat: combined\n';
    const error = errorOf(() => parseConfigText(text, '/etc/lw.yaml'));
    expect(error.code).toBe(ErrorCodes.configInvalid);
    expect(error.message).toContain('/etc/lw.yaml:1: timezone: expected an IANA time zone name');
    expect(error.message).toContain('/etc/lw.yaml:4: trustedProxies.1: expected an IP address or CIDR block');
    expect(error.message).toMatch(/lw\.yaml:6: inputs\.0: unknown key "fromat"/);
  });

  it('reports YAML syntax errors with a line and column', () => {
    const error = errorOf(() => parseConfigText('timezone: UTC\ninputs: [\n', '/x.yaml'));
    expect(error.code).toBe(ErrorCodes.configSyntax);
    expect(error.message).toMatch(/^\/x\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('rejects wrong types with what was expected', () => {
    const error = errorOf(() => parseConfigText('inputs: web1.log\n', '/x.yaml'));
    expect(error.message).toContain('/x.yaml:1: inputs: Invalid input: expected array');
    const proxies = errorOf(() =>
      parseConfigText('trustedProxies: ["10.0.0.0/33", "1.2.3.4/8/1"]\n', '/x.yaml'),
    );
    expect(proxies.message.split('\n')).toHaveLength(2);
    const allowlist = errorOf(() =>
      parseConfigText('detection:\n  allowlist:\n    ips: [10.0.0.0/8, office-network]\n', '/x.yaml'),
    );
    expect(allowlist.message).toBe(
      '/x.yaml:3: detection.allowlist.ips.1: expected an IP address or CIDR block such as "10.0.0.0/8" or "2001:db8::/32"',
    );
  });

  it('treats an empty file as all defaults', () => {
    expect(parseConfigText('', '/x.yaml', dir).timezone).toBeTruthy();
  });

  it('ships an example config (logwarden init) that validates', () => {
    const config = parseConfigText(EXAMPLE_CONFIG, join(dir, 'logwarden.yaml'));
    expect(config.timezone).toBe('Europe/Berlin');
    expect(Object.keys(config.formats)).toEqual(['nginx_main_timed', 'apache_timed', 'app_json']);
    expect(config.inputs).toHaveLength(2);
  });
});
