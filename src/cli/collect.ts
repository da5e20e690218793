import pc from 'picocolors';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectAll, type ServerResult } from '../collect/collect.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { ResolvedServer } from '../config/servers.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { LockBusyError, withLock } from '../state/lock.js';
import { runAnalyze } from './analyze.js';
import { EXIT_ALERTS, EXIT_OK } from './exit-codes.js';
import { n, printable } from './output.js';

/** Exit status 1 (DESIGN.md): "a check failed" — here, a server could not be collected. */
const EXIT_SERVER_FAILED = EXIT_ALERTS;

export interface CollectFlags {
  server?: string;
  /** `--no-analyze` sets it false. */
  analyze?: boolean;
  dataDir?: string;
  /** Print nothing but warnings (the daemon logs on its own). */
  quiet?: boolean;
}

/**
 * Collects the configured servers, then analyzes and stores what they have. Exit 0 when every
 * server was collected (alerts are in the alert log and notifications), 1 when one failed.
 */
export async function runCollect(flags: CollectFlags, config: ResolvedConfig): Promise<number> {
  const dataDir = flags.dataDir === undefined ? config.dataDir : resolve(flags.dataDir);
  const servers = selectServers(config.servers, flags.server);
  try {
    // No waiting: an overlapping cron tick simply leaves the work to the run in progress.
    return await withLock(join(dataDir, 'state', 'collect.lock'), 0, () =>
      collectAndAnalyze(servers, dataDir, flags, config),
    );
  } catch (error) {
    if (!(error instanceof LockBusyError)) throw error;
    console.log(`another collect is running (${error.message}); nothing to do`);
    return EXIT_OK;
  }
}

async function collectAndAnalyze(
  servers: readonly ResolvedServer[],
  dataDir: string,
  flags: CollectFlags,
  config: ResolvedConfig,
): Promise<number> {
  const results = await collectAll(servers, dataDir);
  const width = Math.max(...results.map((result) => result.server.length));
  if (flags.quiet !== true) for (const result of results) printResult(result, width);
  if (flags.analyze !== false) {
    const paths = results.flatMap((result) => {
      if (!existsSync(result.dir)) return [];
      // The folder walk keeps log-like names only; the journal file is named explicitly.
      return result.journal === null ? [result.dir] : [result.dir, result.journal];
    });
    if (paths.length > 0) {
      if (flags.quiet !== true) console.log('');
      await runAnalyze(paths, { dataDir, quiet: flags.quiet === true }, config);
    }
  }
  return results.some((result) => result.error !== null) ? EXIT_SERVER_FAILED : EXIT_OK;
}

function printResult(result: ServerResult, width: number): void {
  const name = pc.bold(result.server.padEnd(width));
  if (result.error === null) {
    const files = `${n(result.files)} file${result.files === 1 ? '' : 's'}`;
    console.log(`${name}  ${pc.green('ok')}: ${files}, ${n(result.bytes)} bytes new`);
  } else {
    const streak = result.failures > 1 ? pc.dim(` (failed ${n(result.failures)} runs in a row)`) : '';
    console.log(
      `${name}  ${pc.red('failed')}: ${printable(result.error.message)} (${result.error.code})${streak}`,
    );
  }
  for (const warning of result.warnings) {
    console.log(`${' '.repeat(width)}  ${pc.yellow('warning')} ${printable(warning)}`);
  }
}

function selectServers(servers: readonly ResolvedServer[], name: string | undefined): ResolvedServer[] {
  if (servers.length === 0) {
    throw new LogwardenError(
      ErrorCodes.usage,
      'no servers to collect from: add servers: to the config (see docs/deploy.md)',
    );
  }
  if (name === undefined) return [...servers];
  const chosen = servers.filter((server) => server.name === name);
  if (chosen.length === 0) {
    throw new LogwardenError(
      ErrorCodes.usage,
      `--server ${name}: no such server in the config (configured: ${servers.map((s) => s.name).join(', ')})`,
    );
  }
  return chosen;
}
