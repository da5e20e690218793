/**
 * The text of the cron and systemd files that run logwarden unattended. Pure: every path and name
 * comes in through `ScheduleTarget`, so `schedule print` shows byte for byte what `install` writes.
 */

export type Scheduler = 'cron' | 'systemd';
/** `system`: /etc, runs as the `logwarden` user; `user`: the invoking user's crontab or units. */
export type Scope = 'system' | 'user';

export interface ScheduleTarget {
  readonly scope: Scope;
  /** How logwarden is started: absolute node executable and CLI script. */
  readonly program: readonly string[];
  /** Absolute path of the config file, passed as `--config`. */
  readonly configFile: string;
  readonly dataDir: string;
  /** IANA zone of the config: the weekly report runs Monday 07:00 there. */
  readonly timezone: string;
  /** Absolute path of `logger`, which takes the cron jobs' output to syslog. */
  readonly logger: string;
}

export interface UnitFile {
  readonly name: string;
  readonly text: string;
}

/** The account a system install runs as (created by the administrator, see docs/deploy.md). */
export const SERVICE_USER = 'logwarden';
export const CRON_FILE_NAME = 'logwarden';
export const CRON_BLOCK_BEGIN = '# BEGIN logwarden';
export const CRON_BLOCK_END = '# END logwarden';
export const WATCH_UNIT = 'logwarden-watch.service';

interface ScheduledJob {
  readonly id: string;
  readonly description: string;
  readonly args: readonly string[];
  readonly cron: string;
  readonly onCalendar: (timezone: string) => string;
  /** A hung run would keep its timer from firing again; systemd stops it after this long. */
  readonly timeoutStart: string;
  readonly randomizedDelaySec?: number;
}

/** What runs when. `watch` (systemd only) is not here: it is a daemon, not a periodic job. */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    id: 'collect',
    description: "collect the servers' logs and analyze them",
    args: ['collect'],
    cron: '*/15 * * * *',
    onCalendar: () => '*:0/15',
    timeoutStart: '14min',
    randomizedDelaySec: 60,
  },
  {
    id: 'report',
    description: "mail last week's report",
    args: ['report', 'weekly', '--send'],
    cron: '0 7 * * 1',
    // systemd >= 235 reads a trailing zone: 07:00 in the config's zone, whatever the host's is.
    onCalendar: (timezone) => `Mon *-*-* 07:00:00 ${timezone}`,
    timeoutStart: '30min',
  },
  {
    id: 'flush',
    description: 'send due digests and retry the outbox',
    args: ['notify', 'flush'],
    // Five past, so that it does not start together with a collection.
    cron: '5 * * * *',
    onCalendar: () => '*-*-* *:05:00',
    timeoutStart: '14min',
  },
];

/** Every unit file name, as `systemdUnits` writes them. */
export function unitNames(): string[] {
  return [
    WATCH_UNIT,
    ...SCHEDULED_JOBS.flatMap((job) => [`logwarden-${job.id}.service`, `logwarden-${job.id}.timer`]),
  ];
}

/** The units `install` enables; the oneshot services are started by their timers. */
export function enabledUnits(): string[] {
  return [WATCH_UNIT, ...SCHEDULED_JOBS.map((job) => `logwarden-${job.id}.timer`)];
}

function logwardenArgs(target: ScheduleTarget, args: readonly string[]): string[] {
  return [...target.program, '--config', target.configFile, ...args];
}

/** Quotes for /bin/sh; cron itself turns an unescaped `%` into a newline, hence `\%`. */
function cronWord(word: string): string {
  const quoted = /^[\w@+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
  return quoted.replaceAll('%', '\\%');
}

/** Quotes for systemd's command lines and path lists: `%` is a specifier, `$` a variable. */
function systemdWord(word: string): string {
  const escaped = word.replaceAll('%', '%%').replaceAll('$', '$$$$');
  return /^[\w@+=:,./%$-]+$/.test(escaped) ? escaped : `"${escaped.replace(/["\\]/g, '\\$&')}"`;
}

function writtenBy(scheduler: Scheduler, scope: Scope): string {
  const flags = `--${scheduler}${scope === 'user' ? ' --user' : ''}`;
  return `# Written by \`logwarden schedule install ${flags}\`; remove with \`logwarden schedule remove ${flags}\`.`;
}

function cronLines(target: ScheduleTarget): string[] {
  const userField = target.scope === 'system' ? [SERVICE_USER] : [];
  return SCHEDULED_JOBS.flatMap((job) => [
    `# ${job.description}`,
    [
      job.cron,
      ...userField,
      ...logwardenArgs(target, job.args).map(cronWord),
      '2>&1',
      '|',
      cronWord(target.logger),
      '-t',
      'logwarden',
    ].join(' '),
  ]);
}

/** `/etc/cron.d/logwarden`: a system crontab, with the user field. */
export function cronFile(target: ScheduleTarget): string {
  return [
    writtenBy('cron', 'system'),
    `# Output goes to syslog with the tag logwarden (journalctl -t logwarden, or /var/log/syslog).`,
    `# CRON_TZ makes the times below local to ${target.timezone}; a cron without CRON_TZ support`,
    `# (Debian's) uses the host's zone instead.`,
    'SHELL=/bin/sh',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `CRON_TZ=${target.timezone}`,
    '',
    ...cronLines(target),
    '',
  ].join('\n');
}

/** The marked block `install --cron --user` puts at the end of the user's crontab. */
export function crontabBlock(target: ScheduleTarget): string {
  return [
    CRON_BLOCK_BEGIN,
    writtenBy('cron', 'user'),
    '# Output goes to syslog with the tag logwarden. CRON_TZ applies to every line below it:',
    '# keep your own entries above this block.',
    `CRON_TZ=${target.timezone}`,
    ...cronLines(target),
    CRON_BLOCK_END,
    '',
  ].join('\n');
}

/** The crontab without the logwarden block (all of them, should there be several). */
export function withoutCrontabBlock(crontab: string): string {
  const kept: string[] = [];
  let inside = false;
  for (const line of crontab.split('\n')) {
    if (line.trim() === CRON_BLOCK_BEGIN) inside = true;
    else if (line.trim() === CRON_BLOCK_END) inside = false;
    else if (!inside) kept.push(line);
  }
  const text = kept.join('\n').replace(/\n+$/, '');
  return text === '' ? '' : `${text}\n`;
}

/** The crontab with the logwarden block replaced, or added, at its end. */
export function withCrontabBlock(crontab: string, block: string): string {
  const rest = withoutCrontabBlock(crontab);
  return rest === '' ? block : `${rest}\n${block}`;
}

function hardening(target: ScheduleTarget): string[] {
  const common = [
    'NoNewPrivileges=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
    'SystemCallArchitectures=native',
    "# MemoryDenyWriteExecute= stays off: V8's JIT compiler needs memory that is writable and executable.",
  ];
  if (target.scope === 'user') {
    return [
      ...common,
      '# The file system and kernel protections of the system units need user namespaces in a user',
      '# manager, which some kernels forbid; they are left off here.',
    ];
  }
  return [
    ...common,
    'ProtectSystem=strict',
    `ReadWritePaths=${systemdWord(target.dataDir)}`,
    'ProtectHome=read-only',
    'PrivateTmp=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectControlGroups=yes',
    'CapabilityBoundingSet=',
  ];
}

function serviceUnit(target: ScheduleTarget, description: string, service: readonly string[]): string[] {
  const system = target.scope === 'system';
  return [
    writtenBy('systemd', target.scope),
    '[Unit]',
    `Description=logwarden: ${description}`,
    ...(system ? ['Wants=network-online.target', 'After=network-online.target'] : []),
    '',
    '[Service]',
    ...service,
    ...(system ? [`User=${SERVICE_USER}`, '# Group adm may read /var/log.', 'SupplementaryGroups=adm'] : []),
    'Environment=NODE_ENV=production',
    'SyslogIdentifier=logwarden',
    ...hardening(target),
  ];
}

function execLine(target: ScheduleTarget, args: readonly string[]): string {
  return `ExecStart=${logwardenArgs(target, args).map(systemdWord).join(' ')}`;
}

/** Every unit file, named as installed: the watch daemon, then a service and timer per job. */
export function systemdUnits(target: ScheduleTarget): UnitFile[] {
  const watch = serviceUnit(target, 'watch the logs and alert live', [
    'Type=simple',
    execLine(target, ['watch', '--log-format', 'json']),
    // watch reloads its config on SIGHUP.
    'ExecReload=/bin/kill -HUP $MAINPID',
    'Restart=on-failure',
    'RestartSec=5s',
    'TimeoutStopSec=30',
  ]);
  const files: UnitFile[] = [
    {
      name: WATCH_UNIT,
      text: [
        ...watch,
        '',
        '[Install]',
        `WantedBy=${target.scope === 'system' ? 'multi-user.target' : 'default.target'}`,
        '',
      ].join('\n'),
    },
  ];
  for (const job of SCHEDULED_JOBS) {
    const service = serviceUnit(target, job.description, [
      'Type=oneshot',
      execLine(target, job.args),
      `TimeoutStartSec=${job.timeoutStart}`,
    ]);
    files.push({ name: `logwarden-${job.id}.service`, text: [...service, ''].join('\n') });
    const timer = [
      writtenBy('systemd', target.scope),
      '[Unit]',
      `Description=logwarden: ${job.description} (timer)`,
      '',
      '[Timer]',
      `OnCalendar=${job.onCalendar(target.timezone)}`,
      // A run missed while the machine was off starts at boot.
      'Persistent=true',
      ...(job.randomizedDelaySec === undefined ? [] : [`RandomizedDelaySec=${job.randomizedDelaySec}`]),
      '',
      '[Install]',
      'WantedBy=timers.target',
      '',
    ];
    files.push({ name: `logwarden-${job.id}.timer`, text: timer.join('\n') });
  }
  return files;
}
