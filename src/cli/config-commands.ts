import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pc from 'picocolors';
import { stringify } from 'yaml';
import { EXAMPLE_CONFIG } from '../config/example.js';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { FormatRegistry } from '../parse/registry.js';
import { EXIT_ALERTS, EXIT_OK } from './exit-codes.js';
import { checkChannels } from './notify.js';

export function runInit(options: { out?: string; force?: boolean }): number {
  const path = resolve(options.out ?? 'logwarden.yaml');
  if (existsSync(path) && options.force !== true) {
    throw new LogwardenError(ErrorCodes.usage, `${path} already exists; use --force to overwrite it`);
  }
  writeFileSync(path, EXAMPLE_CONFIG, { mode: 0o640 });
  console.log(`wrote ${path}\nedit it, then run: logwarden check --config ${path}`);
  return 0;
}

/**
 * Validates the config (loading it already did), compiles its formats, prints it resolved
 * (secrets masked) and reaches every notification channel without sending anything.
 */
export async function runCheck(config: ResolvedConfig): Promise<number> {
  new FormatRegistry(config.formats);
  console.log(pc.dim(`# ${config.file ?? 'no config file found: defaults'}`));
  console.log(stringify(JSON.parse(JSON.stringify(config)) as unknown).trimEnd());
  console.log(pc.green('config OK'));
  if (config.notify.channels.length === 0) {
    console.log(pc.dim('no notification channels: alerts go to the alert log and, as emails, to the outbox'));
    return EXIT_OK;
  }
  console.log('\nnotification channels:');
  return (await checkChannels(config)) ? EXIT_OK : EXIT_ALERTS;
}
