import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWeeklyReport } from '../../src/report/weekly.js';
import { queryHistory } from '../../src/store/query.js';
import { CLI, runCli } from '../helpers/cli.js';

function accessLog(lines: number, day: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const time = `${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    out.push(
      `192.0.2.${String(i % 250)} - - [${String(day)}/Nov/2026:${time} +0000] "GET /jobs/${String(i % 977)} HTTP/1.1" ${i % 50 === 0 ? '500' : '200'} 100 "-" "Mozilla/5.0"`,
    );
  }
  return `${out.join('\n')}\n`;
}

describe('reading the history while another process writes it', () => {
  it('sees the history before or after the commit, never half of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-concurrent-'));
    const dataDir = join(dir, 'data');
    const first = join(dir, 'first.log');
    const second = join(dir, 'second.log');
    writeFileSync(first, accessLog(20_000, 17));
    writeFileSync(second, accessLog(300_000, 18));
    const seeded = await runCli([
      'analyze',
      '--quiet',
      '--no-notify',
      '--host',
      'web1',
      '--data-dir',
      dataDir,
      first,
    ]);
    expect(seeded.stderr).toBe('');

    const writer = spawn(
      process.execPath,
      [CLI, 'analyze', '--quiet', '--no-notify', '--host', 'web1', '--data-dir', dataDir, second],
      { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } },
    );
    const finished = new Promise<number | null>((resolve) => writer.on('close', resolve));
    // An object, not a local flag: the linter cannot see the callback set it.
    const state = { done: false };
    void finished.then(() => (state.done = true));
    const seen = new Set<number>();
    let reports = 0;
    while (!state.done) {
      const count = Number((await queryHistory(dataDir, 'SELECT count(*) FROM events')).rows[0]?.[0]);
      seen.add(count);
      const report = await buildWeeklyReport(dataDir, { week: '2026-W47', timezone: 'UTC' });
      expect([20_000, 320_000]).toContain(report.headline.requests.thisWeek);
      reports++;
    }
    expect([0, 1]).toContain(await finished);
    seen.add(Number((await queryHistory(dataDir, 'SELECT count(*) FROM events')).rows[0]?.[0]));
    expect([...seen].every((n) => n === 20_000 || n === 320_000)).toBe(true);
    expect(seen.has(320_000)).toBe(true);
    expect(reports).toBeGreaterThan(0);
  }, 120_000);
});
