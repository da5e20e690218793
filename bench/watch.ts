import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WatchFigures {
  readonly trials: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Lines per second the daemon reads, parses and runs the rules on when it catches up. */
  readonly catchUpLinesPerSecond: number;
}

function failures(ip: string, trial: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    const t = trial * 20 + i;
    const time = `${String(10 + Math.floor(t / 3600)).padStart(2, '0')}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
    lines.push(
      `Nov 25 ${time} web1 sshd[${String(200 + t)}]: Failed password for root from ${ip} port ${String(30000 + t)} ssh2`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function alertText(dataDir: string): string {
  const dir = join(dataDir, 'alert_logs');
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

/**
 * Alert latency of `logwarden watch`: for each trial a new address makes ten failed SSH logins
 * (the threshold) in one write; the time until its alert is in the alert log is measured.
 */
export async function measureWatch(
  cli: string,
  catchUpLog: string,
  catchUpLines: number,
  trials = 100,
): Promise<WatchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-watch-'));
  const log = join(dir, 'auth.log');
  writeFileSync(log, readFileSync(catchUpLog));
  writeFileSync(
    join(dir, 'logwarden.yaml'),
    `timezone: UTC\ndataDir: data\ninputs:\n  - { path: auth.log, format: syslog, host: web1 }\n`,
  );
  const child = spawn(
    process.execPath,
    [cli, '--config', join(dir, 'logwarden.yaml'), 'watch', '--log-format', 'json', '--no-notify'],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let daemonLog = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (daemonLog += chunk));
  while (!daemonLog.includes('"msg":"watching"')) await sleep(20);
  const caughtUp = /"caughtUpMs":(\d+)/.exec(daemonLog);
  const catchUpMs = Number(caughtUp?.[1] ?? Number.NaN);
  const latencies: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const ip = `100.64.${String(Math.floor(trial / 200))}.${String((trial % 200) + 1)}`;
    const started = process.hrtime.bigint();
    appendFileSync(log, failures(ip, trial));
    while (!alertText(join(dir, 'data')).includes(`"${ip}"`)) await sleep(2);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('close', resolve));
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? Number.NaN;
  return {
    trials,
    p50Ms: Math.round(at(0.5)),
    p99Ms: Math.round(at(0.99)),
    maxMs: Math.round(latencies.at(-1) ?? Number.NaN),
    catchUpLinesPerSecond: Math.round(catchUpLines / (catchUpMs / 1000)),
  };
}
