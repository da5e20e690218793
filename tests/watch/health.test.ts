import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectStatePath } from '../../src/collect/collect.js';
import { resolveConfig } from '../../src/config/load.js';
import { FormatRegistry } from '../../src/parse/registry.js';
import { HealthWatch } from '../../src/watch/health.js';
import { WatchedSource } from '../../src/watch/source.js';

const NOON_UTC = Date.parse('2026-11-25T12:00:00Z');

function setup(): { dataDir: string; config: ReturnType<typeof resolveConfig> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'lw-health-'));
  const config = resolveConfig(
    { timezone: 'UTC', servers: [{ name: 'web2', host: '192.0.2.2' }] },
    undefined,
    dataDir,
  );
  return { dataDir, config };
}

function source(config: ReturnType<typeof resolveConfig>, lastLineAt: number): WatchedSource {
  const watched = WatchedSource.create(
    '/var/log/nginx/access.log',
    { host: 'web1' },
    config,
    new FormatRegistry(),
    new WeakSet(),
  );
  watched.lastLineAt = lastLineAt;
  return watched;
}

describe('health alerts', () => {
  it('raises a silent log in the daytime once, and not at night', async () => {
    const { dataDir, config } = setup();
    const health = new HealthWatch(dataDir);
    const silent = source(config, NOON_UTC - 45 * 60_000);
    const first = await health.check([silent], config, NOON_UTC);
    expect(first).toMatchObject([
      { rule: 'health-source-silent', category: 'health', severity: 'high', hosts: ['web1'] },
    ]);
    expect(first[0]?.message).toContain('no new line for 45 min');
    expect(await health.check([silent], config, NOON_UTC + 60_000)).toEqual([]);
    const night = Date.parse('2026-11-25T02:00:00Z');
    expect(await new HealthWatch(dataDir).check([source(config, night - 3_600_000)], config, night)).toEqual(
      [],
    );
  });

  it('raises a server that failed three collections in a row, and an outbox backlog', async () => {
    const { dataDir, config } = setup();
    mkdirSync(join(dataDir, 'state'), { recursive: true });
    writeFileSync(collectStatePath(dataDir, 'web2'), JSON.stringify({ version: 1, failures: 3 }));
    const outbox = join(dataDir, 'outbox', 'mail');
    mkdirSync(outbox, { recursive: true });
    for (let i = 0; i < 60; i++) writeFileSync(join(outbox, `${String(i)}.json`), '{}');
    const alerts = await new HealthWatch(dataDir).check([], config, NOON_UTC);
    expect(alerts.map((a) => a.rule).sort()).toEqual(['health-outbox-backlog', 'health-server-unreachable']);
    expect(alerts.find((a) => a.rule === 'health-server-unreachable')?.message).toBe(
      'web2 could not be collected 3 times in a row',
    );
  });
});
