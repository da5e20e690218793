import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { WatchDaemon } from '../watch/daemon.js';
import { daemonLog } from '../watch/log.js';
import { runCollect } from './collect.js';
import { EXIT_OK } from './exit-codes.js';

export interface WatchFlags {
  logFormat?: string;
  dataDir?: string;
  notify?: boolean;
}

/**
 * `logwarden watch`: the daemon. SIGTERM and SIGINT flush and exit 0; SIGHUP reloads the
 * config (and IoC lists); a config that no longer loads is logged and the old one kept.
 */
export async function runWatch(flags: WatchFlags, loadConfig: () => ResolvedConfig): Promise<number> {
  const format = flags.logFormat ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new LogwardenError(ErrorCodes.usage, `--log-format expects text or json, not "${format}"`);
  }
  const log = daemonLog(format);
  const config = loadConfig();
  if (config.inputs.length === 0 && config.servers.length === 0) {
    throw new LogwardenError(ErrorCodes.usage, 'nothing to watch: configure inputs (local logs) or servers');
  }
  const dataDir = flags.dataDir === undefined ? config.dataDir : resolve(flags.dataDir);
  const daemon = new WatchDaemon(config, {
    dataDir,
    log,
    notify: flags.notify !== false,
    collect: async (current) => {
      const code = await runCollect({ dataDir, quiet: true }, current);
      if (code !== EXIT_OK) log.warn('a server could not be collected; run logwarden collect to see why');
    },
  });
  const stop = (signal: string) => (): void => {
    log.info('stopping', { signal });
    daemon.stop();
  };
  process.on('SIGTERM', stop('SIGTERM'));
  process.on('SIGINT', stop('SIGINT'));
  process.on('SIGHUP', () => {
    try {
      daemon.reload(loadConfig());
      log.info('reloading the config and IoC lists');
    } catch (error) {
      log.error('config not reloaded, the previous one stays', { error: (error as Error).message });
    }
  });
  log.info('starting', { config: config.file ?? 'defaults', dataDir, pid: process.pid });
  await daemon.run();
  return EXIT_OK;
}
