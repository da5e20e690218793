import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { findExecutable } from '../executables.js';
import { removeIfPresent, writeFileAtomic } from '../state/files.js';
import {
  CRON_FILE_NAME,
  SERVICE_USER,
  WATCH_UNIT,
  cronFile,
  crontabBlock,
  enabledUnits,
  systemdUnits,
  unitNames,
  withCrontabBlock,
  withoutCrontabBlock,
  type ScheduleTarget,
  type Scheduler,
  type Scope,
  type UnitFile,
} from './units.js';

export interface ScheduleOptions {
  readonly scheduler: Scheduler;
  readonly scope: Scope;
  /** Prefixes every target path (packaging, tests); with it no command is run. */
  readonly root: string | undefined;
}

/** Where a schedule lives: files of its own, or a marked block in a user's crontab. */
export type Location =
  | { readonly kind: 'files'; readonly dir: string; readonly names: readonly string[] }
  | { readonly kind: 'crontab'; readonly user: string; readonly spoolFile?: string };

type CrontabLocation = Extract<Location, { kind: 'crontab' }>;

export interface ScheduleOutcome {
  /** Files written or removed. */
  readonly paths: string[];
  /** Commands that were run. */
  readonly ran: string[];
  /** Commands that could not be run here and that the administrator should run. */
  readonly pending: string[];
  /** Things to check before the schedule can work. */
  readonly notes: string[];
}

const SYSTEMD_RUNTIME = '/run/systemd/system';

/** The scheduler of this host: systemd when it is the running init (sd_booted's test), else cron. */
export function defaultScheduler(): Scheduler {
  return existsSync(SYSTEMD_RUNTIME) ? 'systemd' : 'cron';
}

/**
 * The running node and CLI script, resolved: they do not depend on cron's PATH, and they are the
 * version that wrote the schedule. Moving node (nvm) means installing the schedule again.
 */
export function resolveTarget(config: ResolvedConfig, scope: Scope): ScheduleTarget {
  if (config.file === undefined) {
    throw new LogwardenError(
      ErrorCodes.usage,
      'a schedule runs logwarden with a config file, and none was found: write one with `logwarden init` and pass --config FILE',
    );
  }
  const script = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  return {
    scope,
    program: [realpathSync(process.execPath), realpathSync(script)],
    configFile: config.file,
    dataDir: config.dataDir,
    timezone: config.timezone,
    logger: findExecutable('logger') ?? '/usr/bin/logger',
  };
}

function userUnitDir(): string {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'systemd', 'user');
}

export function locateSchedule(options: ScheduleOptions): Location {
  const under = (path: string) => (options.root === undefined ? path : join(resolve(options.root), path));
  if (options.scheduler === 'systemd') {
    const dir = under(options.scope === 'system' ? '/etc/systemd/system' : userUnitDir());
    return { kind: 'files', dir, names: unitNames() };
  }
  if (options.scope === 'system')
    return { kind: 'files', dir: under('/etc/cron.d'), names: [CRON_FILE_NAME] };
  const user = userInfo().username;
  // Under --root the crontab command cannot be used: the spool file (Debian's path) stands in.
  return options.root === undefined
    ? { kind: 'crontab', user }
    : { kind: 'crontab', user, spoolFile: under(`/var/spool/cron/crontabs/${user}`) };
}

/** The files of a schedule that has files of its own (everything but a user's crontab). */
function scheduleFiles(target: ScheduleTarget, scheduler: Scheduler): UnitFile[] {
  return scheduler === 'systemd' ? systemdUnits(target) : [{ name: CRON_FILE_NAME, text: cronFile(target) }];
}

/** What `schedule print` shows: each target with a header, as `tail` shows several files. */
export function describeSchedule(target: ScheduleTarget, options: ScheduleOptions): string {
  const location = locateSchedule(options);
  if (location.kind === 'files') {
    return scheduleFiles(target, options.scheduler)
      .map((file) => `==> ${join(location.dir, file.name)} <==\n${file.text}`)
      .join('\n');
  }
  const where = location.spoolFile ?? `the crontab of ${location.user} (crontab -l)`;
  return `==> ${where}, replacing any earlier logwarden block <==\n${crontabBlock(target)}`;
}

function commandFailed(line: string, status: number | null, stderr: string): LogwardenError {
  return new LogwardenError(
    ErrorCodes.scheduleCommandFailed,
    `\`${line}\` failed (exit ${String(status)}): ${stderr.trim() || 'no output'}`,
  );
}

interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], input?: string): CommandResult {
  const result = spawnSync(command, args, { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  if (result.error !== undefined) {
    throw new LogwardenError(
      ErrorCodes.scheduleCommandFailed,
      `cannot run ${command}: ${result.error.message}${command === 'crontab' ? ' (install the cron package, or use --systemd)' : ''}`,
      { cause: result.error },
    );
  }
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function runOrFail(command: string, args: readonly string[], input?: string): string {
  const result = run(command, args, input);
  const line = [command, ...args].join(' ');
  if (result.status !== 0) throw commandFailed(line, result.status, result.stderr);
  return line;
}

/**
 * Whether systemctl can talk to a manager. Not `systemctl is-system-running`: it exits non-zero
 * for "degraded", which a host where one unrelated unit failed is, and systemd works there.
 */
function systemctlUsable(options: ScheduleOptions): boolean {
  if (options.root !== undefined || !existsSync(SYSTEMD_RUNTIME)) return false;
  return options.scope === 'system' || run('systemctl', ['--user', 'show-environment']).status === 0;
}

function systemctlArgs(options: ScheduleOptions, ...args: string[]): string[] {
  return options.scope === 'user' ? ['--user', ...args] : args;
}

/** System installs write /etc; refuse early, with the two ways out. */
export function assertMayChange(options: ScheduleOptions): void {
  if (options.scope !== 'system' || options.root !== undefined) return;
  if (process.getuid?.() === 0) return;
  const where = options.scheduler === 'cron' ? '/etc/cron.d' : '/etc/systemd/system';
  throw new LogwardenError(
    ErrorCodes.scheduleNeedsRoot,
    `scheduling logwarden for the whole system writes ${where}, which needs root: run it with sudo, or add --user to schedule it for your own account`,
  );
}

function systemNotes(target: ScheduleTarget, options: ScheduleOptions): string[] {
  if (options.scope !== 'system' || options.root !== undefined) return [];
  const notes: string[] = [];
  if (run('getent', ['passwd', SERVICE_USER]).status !== 0) {
    notes.push(
      `the user ${SERVICE_USER} does not exist; create it: useradd --system --user-group --groups adm --shell /usr/sbin/nologin ${SERVICE_USER}`,
    );
  }
  if (!existsSync(target.dataDir)) {
    notes.push(
      `${target.dataDir} does not exist; create it for ${SERVICE_USER}: install -d -o ${SERVICE_USER} -g ${SERVICE_USER} ${target.dataDir}`,
    );
  }
  return notes;
}

async function readCrontab(location: CrontabLocation): Promise<string> {
  if (location.spoolFile !== undefined) {
    return readFile(location.spoolFile, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    });
  }
  const result = run('crontab', ['-l']);
  if (result.status === 0) return result.stdout;
  // "no crontab for <user>" is an empty crontab; anything else is a failure.
  if (/no crontab/i.test(result.stderr)) return '';
  throw commandFailed('crontab -l', result.status, result.stderr);
}

async function writeCrontab(
  location: CrontabLocation,
  text: string,
  outcome: ScheduleOutcome,
): Promise<void> {
  if (location.spoolFile === undefined) {
    outcome.ran.push(text === '' ? runOrFail('crontab', ['-r']) : runOrFail('crontab', ['-'], text));
    return;
  }
  if (text === '') {
    await removeIfPresent(location.spoolFile);
  } else {
    await writeFileAtomic(location.spoolFile, text);
    // crontab(1) keeps the spool files private to their owner.
    await chmod(location.spoolFile, 0o600);
  }
  outcome.paths.push(location.spoolFile);
}

export async function installSchedule(
  target: ScheduleTarget,
  options: ScheduleOptions,
): Promise<ScheduleOutcome> {
  assertMayChange(options);
  const outcome: ScheduleOutcome = { paths: [], ran: [], pending: [], notes: systemNotes(target, options) };
  const location = locateSchedule(options);
  if (location.kind === 'crontab') {
    await writeCrontab(
      location,
      withCrontabBlock(await readCrontab(location), crontabBlock(target)),
      outcome,
    );
    return outcome;
  }
  for (const file of scheduleFiles(target, options.scheduler)) {
    const path = join(location.dir, file.name);
    await writeFileAtomic(path, file.text);
    await chmod(path, 0o644);
    outcome.paths.push(path);
  }
  if (options.scheduler === 'cron') return outcome;
  const commands = [
    systemctlArgs(options, 'daemon-reload'),
    systemctlArgs(options, 'enable', '--now', ...enabledUnits()),
  ];
  if (systemctlUsable(options)) {
    for (const args of commands) outcome.ran.push(runOrFail('systemctl', args));
  } else {
    outcome.pending.push(...commands.map((args) => ['systemctl', ...args].join(' ')));
  }
  if (options.scope === 'user') {
    outcome.notes.push(
      `user units run only while you are logged in, unless lingering is on: loginctl enable-linger ${userInfo().username}`,
    );
  }
  return outcome;
}

/** The symlinks `systemctl enable` makes, removed by hand where systemctl cannot disable. */
function enableLinks(dir: string, scope: Scope): string[] {
  const watchTarget = scope === 'system' ? 'multi-user.target' : 'default.target';
  return enabledUnits().map((unit) =>
    join(dir, `${unit === WATCH_UNIT ? watchTarget : 'timers.target'}.wants`, unit),
  );
}

/** Takes away what `installSchedule` wrote; needs no config, which may be gone already. */
export async function removeSchedule(options: ScheduleOptions): Promise<ScheduleOutcome> {
  assertMayChange(options);
  const outcome: ScheduleOutcome = { paths: [], ran: [], pending: [], notes: [] };
  const location = locateSchedule(options);
  if (location.kind === 'crontab') {
    const before = await readCrontab(location);
    const after = withoutCrontabBlock(before);
    if (after !== before) await writeCrontab(location, after, outcome);
    return outcome;
  }
  const present = location.names.filter((name) => existsSync(join(location.dir, name)));
  const usable = options.scheduler === 'systemd' && present.length > 0 && systemctlUsable(options);
  if (usable) {
    const units = enabledUnits().filter((unit) => present.includes(unit));
    outcome.ran.push(runOrFail('systemctl', systemctlArgs(options, 'disable', '--now', ...units)));
  } else if (options.scheduler === 'systemd') {
    for (const link of enableLinks(location.dir, options.scope)) await removeIfPresent(link);
  }
  for (const name of present) {
    await removeIfPresent(join(location.dir, name));
    outcome.paths.push(join(location.dir, name));
  }
  if (usable) outcome.ran.push(runOrFail('systemctl', systemctlArgs(options, 'daemon-reload')));
  return outcome;
}
