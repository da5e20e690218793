import pc from 'picocolors';
import type { ResolvedConfig } from '../config/schema.js';
import {
  assertMayChange,
  defaultScheduler,
  describeSchedule,
  installSchedule,
  removeSchedule,
  resolveTarget,
  type ScheduleOptions,
  type ScheduleOutcome,
} from '../schedule/install.js';
import type { ScheduleTarget } from '../schedule/units.js';
import { EXIT_OK } from './exit-codes.js';

export type ScheduleAction = 'print' | 'install' | 'remove';

export interface ScheduleFlags {
  cron?: boolean;
  systemd?: boolean;
  user?: boolean;
  root?: string;
}

function scheduleOptions(flags: ScheduleFlags): ScheduleOptions {
  const scheduler = flags.cron === true ? 'cron' : flags.systemd === true ? 'systemd' : defaultScheduler();
  return { scheduler, scope: flags.user === true ? 'user' : 'system', root: flags.root };
}

function showTarget(target: ScheduleTarget): void {
  console.error(pc.dim(`logwarden runs as: ${[...target.program, '--config', target.configFile].join(' ')}`));
}

function printOutcome(outcome: ScheduleOutcome, verb: string, options: ScheduleOptions): void {
  for (const path of outcome.paths) console.log(`${verb} ${path}`);
  for (const command of outcome.ran) console.log(`ran ${command}`);
  if (outcome.pending.length > 0) {
    const why =
      options.root === undefined
        ? 'systemctl cannot reach a running systemd here; where it runs, enable the units with:'
        : '--root runs no command; on the system the units are for, enable them with:';
    console.log(pc.yellow(why));
    for (const command of outcome.pending) console.log(`  ${command}`);
  }
  for (const note of outcome.notes) console.log(`${pc.yellow('note')} ${note}`);
}

/** `schedule print|install|remove`: cron entries or systemd units that run logwarden unattended. */
export async function runSchedule(
  action: ScheduleAction,
  flags: ScheduleFlags,
  config: () => ResolvedConfig,
): Promise<number> {
  const options = scheduleOptions(flags);
  // Before the config is read: a user who may not install should hear that first.
  if (action !== 'print') assertMayChange(options);
  if (action === 'remove') {
    const outcome = await removeSchedule(options);
    if (outcome.paths.length === 0 && outcome.ran.length === 0) {
      console.log(`no logwarden ${options.scheduler} schedule was installed`);
    }
    printOutcome(outcome, 'removed', options);
    return EXIT_OK;
  }
  const target = resolveTarget(config(), options.scope);
  showTarget(target);
  if (action === 'print') {
    process.stdout.write(describeSchedule(target, options));
    return EXIT_OK;
  }
  printOutcome(await installSchedule(target, options), 'wrote', options);
  return EXIT_OK;
}
