import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from './cli.js';

export interface RunningWatch {
  readonly child: ChildProcess;
  /** The daemon's own log so far (JSON lines). */
  log(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

/** Starts `logwarden watch` on a config, and waits until it has caught up with its files. */
export async function startWatch(config: string, cwd: string): Promise<RunningWatch> {
  const child = spawn(
    process.execPath,
    [CLI, '--config', config, 'watch', '--log-format', 'json', '--no-notify'],
    {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await waitFor(
    () => log.includes('"msg":"watching"'),
    20_000,
    () => `watch did not start: ${log}`,
  );
  return {
    child,
    log: () => log,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function waitFor(check: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(why());
    await sleep(25);
  }
}

/** Every line of the alert logs under `dataDir`, in file order. */
export function alertLogLines(dataDir: string): string[] {
  const dir = join(dataDir, 'alert_logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => line !== '');
}
