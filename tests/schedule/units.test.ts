import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CRON_BLOCK_BEGIN,
  CRON_BLOCK_END,
  SCHEDULED_JOBS,
  cronFile,
  crontabBlock,
  systemdUnits,
  withCrontabBlock,
  withoutCrontabBlock,
  type ScheduleTarget,
} from '../../src/schedule/units.js';
import { CLI } from '../helpers/cli.js';

function target(overrides: Partial<ScheduleTarget> = {}): ScheduleTarget {
  return {
    scope: 'system',
    // The real node: systemd-analyze verify checks that ExecStart's binary exists.
    program: [process.execPath, CLI],
    configFile: '/etc/logwarden/config.yaml',
    dataDir: '/var/lib/logwarden',
    timezone: 'America/Los_Angeles',
    logger: '/usr/bin/logger',
    ...overrides,
  };
}

/** The entries of a crontab: time fields, the rest of the line. */
function cronEntries(text: string): { schedule: string; command: string }[] {
  return text
    .split('\n')
    .filter((line) => /^[\d*]/.test(line))
    .map((line) => {
      const fields = line.split(' ');
      return { schedule: fields.slice(0, 5).join(' '), command: fields.slice(5).join(' ') };
    });
}

/** Weekday and time of an instant in a zone, e.g. "Mon 07:00". */
function localWeekdayTime(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(date)
    .replace(',', '');
}

describe('cron entries', () => {
  it('run collect, the weekly report and notify flush with absolute paths, as logwarden', () => {
    const text = cronFile(target());
    expect(text).toMatch(/^# Written by `logwarden schedule install --cron`; remove with/);
    expect(text).toContain('\nCRON_TZ=America/Los_Angeles\n');
    const entries = cronEntries(text);
    expect(entries).toHaveLength(SCHEDULED_JOBS.length);
    for (const entry of entries) {
      expect(() => CronExpressionParser.parse(entry.schedule, { strict: false })).not.toThrow();
      const [user, node, script, configFlag, config] = entry.command.split(' ');
      expect(user).toBe('logwarden');
      expect([node, script, config].every((path) => path?.startsWith('/'))).toBe(true);
      expect(configFlag).toBe('--config');
      expect(entry.command).toMatch(/ 2>&1 \| \/usr\/bin\/logger -t logwarden$/);
    }
    expect(entries.map((entry) => entry.command.split(' 2>&1')[0]?.split(' ').slice(5).join(' '))).toEqual([
      'collect',
      'report weekly --send',
      'notify flush',
    ]);
  });

  it.each(['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata', 'UTC'])(
    'runs the weekly report Monday 07:00 in %s, through March 2026, when US and EU clocks change',
    (timezone) => {
      const report = cronEntries(cronFile(target({ timezone })))[1];
      // The US and the EU change clocks on 8 and 29 March 2026: five Mondays from 2 March span both.
      const runs = CronExpressionParser.parse(report?.schedule ?? '', {
        currentDate: '2026-03-01T00:00:00Z',
        tz: timezone,
      }).take(5);
      expect(runs.map((run) => localWeekdayTime(run.toDate(), timezone))).toEqual(
        Array<string>(5).fill('Mon 07:00'),
      );
    },
  );

  it('leaves out the user field in a user crontab block', () => {
    const block = crontabBlock(target({ scope: 'user' }));
    expect(block.startsWith(`${CRON_BLOCK_BEGIN}\n`)).toBe(true);
    expect(block.endsWith(`${CRON_BLOCK_END}\n`)).toBe(true);
    for (const entry of cronEntries(block))
      expect(entry.command.startsWith(`${process.execPath} `)).toBe(true);
  });

  it('quotes paths for sh and escapes % for cron', () => {
    const odd = "/srv/it's 100% logs/config.yaml";
    const entry = cronEntries(cronFile(target({ configFile: odd })))[0];
    // cron turns \% into %, then hands the line to sh: the path must arrive as one word.
    const shellLine = (entry?.command ?? '').replace('logwarden ', '').split(' 2>&1')[0] ?? '';
    const words = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${shellLine.replaceAll('\\%', '%')}`], {
      encoding: 'utf8',
    });
    expect(words.split('\n').slice(3, 5)).toEqual([odd, 'collect']);
  });
});

describe('the crontab block', () => {
  const mine = '# my jobs\n0 3 * * * /usr/local/bin/backup\n';

  it('is added after the user entries, replaced in place of an old one, and removed cleanly', () => {
    const block = crontabBlock(target({ scope: 'user' }));
    const installed = withCrontabBlock(mine, block);
    expect(installed).toBe(`${mine}\n${block}`);
    expect(withCrontabBlock(installed, block)).toBe(installed);
    const newer = crontabBlock(target({ scope: 'user', timezone: 'Europe/Berlin' }));
    expect(withCrontabBlock(installed, newer)).toBe(`${mine}\n${newer}`);
    expect(withoutCrontabBlock(installed)).toBe(mine);
    expect(withCrontabBlock('', block)).toBe(block);
    expect(withoutCrontabBlock(block)).toBe('');
  });
});

const analyze = '/usr/bin/systemd-analyze';
const haveSystemdAnalyze = existsSync(analyze);

// Not a silent skip: vitest lists the skipped block with this name.
describe.skipIf(!haveSystemdAnalyze)('systemd units (need systemd-analyze from the systemd package)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logwarden-units-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function verify(scope: 'system' | 'user'): Promise<{ status: number | null; output: string }> {
    const unitDir = join(dir, scope);
    const runtime = join(dir, `${scope}-runtime`);
    await rm(unitDir, { recursive: true, force: true });
    execFileSync('mkdir', ['-p', '-m', '700', unitDir, runtime]);
    const units = systemdUnits(target({ scope }));
    for (const unit of units) await writeFile(join(unitDir, unit.name), unit.text);
    const scopeArgs = scope === 'user' ? ['--user'] : [];
    // A user manager needs a runtime directory even to verify; a private one does.
    const result = spawnSync(
      analyze,
      [...scopeArgs, 'verify', '--man=no', ...units.map((unit) => join(unitDir, unit.name))],
      { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  // User=logwarden need not exist here: verify does not resolve users, so no warning is accepted.
  it.each(['system', 'user'] as const)(
    '%s units pass systemd-analyze verify without a warning',
    async (scope) => {
      expect(await verify(scope)).toEqual({ status: 0, output: '' });
    },
  );

  it('hardens the system units and leaves MemoryDenyWriteExecute off for the JIT', () => {
    const units = systemdUnits(target());
    expect(units.map((unit) => unit.name)).toEqual([
      'logwarden-watch.service',
      'logwarden-collect.service',
      'logwarden-collect.timer',
      'logwarden-report.service',
      'logwarden-report.timer',
      'logwarden-flush.service',
      'logwarden-flush.timer',
    ]);
    for (const unit of units.filter((unit) => unit.name.endsWith('.service'))) {
      expect(unit.text).toContain(
        '\nUser=logwarden\n# Group adm may read /var/log.\nSupplementaryGroups=adm\n',
      );
      expect(unit.text).toContain('\nProtectSystem=strict\nReadWritePaths=/var/lib/logwarden\n');
      expect(unit.text).toContain('\nCapabilityBoundingSet=\n');
      expect(unit.text).not.toMatch(/^MemoryDenyWriteExecute=/m);
    }
    const user = systemdUnits(target({ scope: 'user' }))
      .map((unit) => unit.text)
      .join('\n');
    expect(user).not.toMatch(/^(User|SupplementaryGroups|ProtectSystem)=/m);
    expect(user).toContain('WantedBy=default.target');
  });

  function calendar(expression: string, hostZone: string): string {
    return execFileSync(
      analyze,
      ['calendar', '--iterations=5', '--base-time=2026-03-01 00:00:00 UTC', expression],
      { encoding: 'utf8', env: { ...process.env, TZ: hostZone } },
    );
  }

  it.each(['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata'])(
    'elapses the report timer on Mondays 07:00 in %s, through March 2026, when US and EU clocks change',
    (timezone) => {
      const report = systemdUnits(target({ timezone })).find(
        (unit) => unit.name === 'logwarden-report.timer',
      );
      const onCalendar = /^OnCalendar=(.*)$/m.exec(report?.text ?? '')?.[1] ?? '';
      expect(onCalendar).toBe(`Mon *-*-* 07:00:00 ${timezone}`);
      // The host's zone is UTC here, so the zone in the expression is what makes it 07:00 local.
      // "Next elapse: Mon 2026-03-02 15:00:00 UTC", then "Iter. #2: Mon 2026-03-09 14:00:00 UTC", …
      const elapses = calendar(onCalendar, 'UTC').matchAll(
        /(?:Next elapse|Iter\. #\d): \w{3} (\S+) (\d\d:\d\d:\d\d) UTC/g,
      );
      const local = [...elapses].map(([, day, time]) =>
        localWeekdayTime(new Date(`${day ?? ''}T${time ?? ''}Z`), timezone),
      );
      expect(local).toEqual(Array<string>(5).fill('Mon 07:00'));
    },
  );

  it('elapses the collect timer every quarter hour', () => {
    expect(calendar('*:0/15', 'UTC')).toContain('Normalized form: *-*-* *:00/15:00');
  });
});
