#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { loadConfig } from '../config/load.js';
import { LogwardenError } from '../errors.js';
import { VERSION } from '../version.js';
import { runAnalyze, type AnalyzeFlags } from './analyze.js';
import { runCollect, type CollectFlags } from './collect.js';
import { runCheck, runInit } from './config-commands.js';
import { runDemo, type DemoFlags } from './demo.js';
import { runExplain, type ExplainFlags } from './explain.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { runNotifyFlush, runNotifyTest } from './notify.js';
import { runQuery, type QueryFlags } from './query.js';
import { runWatch, type WatchFlags } from './watch.js';
import { runWeeklyReport, type ReportFlags } from './report.js';
import { runRulesList, runRulesTest } from './rules.js';
import { runSchedule, type ScheduleAction, type ScheduleFlags } from './schedule.js';

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('logwarden')
    .description('Find attacks and failures in the logs of a small fleet of Linux web servers.')
    .version(VERSION)
    .option(
      '-c, --config <file>',
      'config file (default: ./logwarden.yaml, $XDG_CONFIG_HOME/logwarden/config.yaml, /etc/logwarden/config.yaml)',
    )
    .exitOverride()
    .showHelpAfterError('(run logwarden --help for usage)');
  const config = () => loadConfig({ explicitPath: program.opts<{ config?: string }>().config });
  const timezone = new Option('--timezone <zone>', 'IANA time zone for timestamps without an offset');

  program
    .command('analyze')
    .description(
      'parse logs (files, directories, globs, - for stdin), summarise them per host and run the rules; exit 1 when alerts were raised',
    )
    .argument('[paths...]', 'files, directories, globs or - (default: the config inputs)')
    .option('--format <name>', 'log format instead of detecting it (see logwarden explain)')
    .option('--host <name>', 'host name for lines that do not carry one')
    .addOption(timezone)
    .option('--json', 'print one JSON object (documented in the README)')
    .option('-q, --quiet', 'print nothing but warnings and errors')
    .option('-v, --verbose', 'show evidence lines and the suggested next step of each alert')
    .option('--data-dir <dir>', 'where the alert log and outbox are written (default: dataDir of the config)')
    .option('--no-notify', 'write the alert log but send no notifications')
    .option('--no-history', 'do not store the events in the history (reports and queries)')
    .action(async (paths: string[], flags: AnalyzeFlags) => {
      setExitCode(await runAnalyze(paths, flags, config()));
    });

  program
    .command('collect')
    .description(
      'fetch new log lines from the configured servers over SSH (rsync), then analyze and store them; exit 1 if a server failed',
    )
    .option('--server <name>', 'only this server')
    .option('--no-analyze', 'only fetch; do not analyze or store')
    .option('--data-dir <dir>', 'where logs, state and history are kept (default: dataDir of the config)')
    .action(async (flags: CollectFlags) => {
      setExitCode(await runCollect(flags, config()));
    });

  program
    .command('explain')
    .description('show how one line parses: its format and event, or where each format stopped')
    .argument('[line]', 'the log line (quote it)')
    .option('--file <file>', 'take the line from this file')
    .option('--line <n>', 'line number in --file (default 1)')
    .option('--format <name>', 'only try this format')
    .option('--host <name>', 'host name for lines that do not carry one')
    .addOption(timezone)
    .option('--json', 'print {"format", "event", "events", "closest"} as JSON')
    .action(async (line: string | undefined, flags: ExplainFlags) => {
      setExitCode(await runExplain(line, flags, config()));
    });

  program
    .command('init')
    .description('write a commented example config')
    .option('-o, --out <file>', 'where to write it', 'logwarden.yaml')
    .option('-f, --force', 'overwrite an existing file')
    .action((flags: { out?: string; force?: boolean }) => {
      setExitCode(runInit(flags));
    });

  program
    .command('check')
    .description('validate the config and print it resolved (secrets masked)')
    .action(async () => {
      setExitCode(await runCheck(config()));
    });

  program
    .command('query')
    .description('run SQL over the history: the views events and alerts (schema in docs/history.md)')
    .argument('<sql>', 'a SELECT statement (quote it)')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--data-dir <dir>', 'where the history is (default: dataDir of the config)')
    .action(async (sql: string, flags: QueryFlags) => {
      setExitCode(await runQuery(sql, flags, config()));
    });

  program
    .command('watch')
    .description(
      'the daemon: follow the configured inputs (through rotation), alert within a second, store history; SIGHUP reloads, SIGTERM flushes and exits',
    )
    .option('--log-format <format>', 'its own log on stderr: text or json', 'text')
    .option(
      '--data-dir <dir>',
      'where alerts, outbox, history and state are (default: dataDir of the config)',
    )
    .option('--no-notify', 'write the alert log but send no notifications')
    .action(async (flags: WatchFlags) => {
      setExitCode(await runWatch(flags, config));
    });

  const report = program.command('report').description('reports from the history');
  report
    .command('weekly')
    .description(
      'one self-contained HTML report of an ISO week (default: the last complete one, in the configured zone), with CSV of its tables',
    )
    .option('--week <week>', 'ISO week, e.g. 2026-W47')
    .option('--out <file>', 'where to write the HTML (default: <dataDir>/reports/weekly-<week>.html)')
    .option('--send', 'mail it through the email channels: a summary in the body, the report attached')
    .option('--data-dir <dir>', 'where the history is (default: dataDir of the config)')
    .action(async (flags: ReportFlags) => {
      setExitCode(await runWeeklyReport(flags, config()));
    });

  const notify = program.command('notify').description('notification channels and the outbox');
  notify
    .command('flush')
    .description(
      'send due digests and retry every message waiting in the outbox now; exit 1 if some still wait',
    )
    .option('--data-dir <dir>', 'where the outbox is (default: dataDir of the config)')
    .action(async (flags: { dataDir?: string }) => {
      setExitCode(await runNotifyFlush(config(), flags.dataDir));
    });
  notify
    .command('test')
    .description('send a test message through one channel and explain a failure in plain words')
    .argument('<channel>', 'the name of a channel in notify.channels')
    .action(async (name: string) => {
      setExitCode(await runNotifyTest(config(), name));
    });

  const rules = program.command('rules').description('the detection rules: built-in and from the config');
  rules
    .command('list')
    .description('id, category, severity, enabled and thresholds of every rule')
    .option('--json', 'print the rules as JSON')
    .action((flags: { json?: boolean }) => {
      setExitCode(runRulesList(config(), flags));
    });
  rules
    .command('test')
    .description("run every rule's examples (built-in and custom) and report failures; exit 1 on any")
    .action(() => {
      setExitCode(runRulesTest(config()));
    });

  const schedule = program
    .command('schedule')
    .description(
      'run logwarden unattended: systemd units (watch daemon, collect and report timers) or cron entries',
    );
  const scheduleActions: Record<ScheduleAction, string> = {
    print: 'show the files (or crontab block) install would write, with their paths; write nothing',
    install: 'write the units or cron entries and, with systemd running, enable and start them',
    remove: 'stop and disable the units, delete what install wrote (or the crontab block)',
  };
  for (const [action, description] of Object.entries(scheduleActions) as [ScheduleAction, string][]) {
    schedule
      .command(action)
      .description(description)
      .addOption(
        new Option('--cron', 'cron entries (default when systemd is not running)').conflicts('systemd'),
      )
      .addOption(new Option('--systemd', 'systemd units (default when systemd is running)'))
      .option('--user', "your own crontab or systemd user units instead of the system's")
      .option('--root <dir>', 'prefix every path written and run no command (packaging, tests)')
      .action(async (flags: ScheduleFlags) => {
        setExitCode(await runSchedule(action, flags, config));
      });
  }

  program
    .command('demo')
    .description(
      "generate a month of two servers' logs with attacks mixed in, analyze it and show what was found (no config, no network)",
    )
    .option('-o, --out <dir>', 'where to write the logs and alerts', 'logwarden-demo')
    .option('--seed <n>', 'another seed gives another month')
    .option('--weeks <n>', 'how many weeks to generate (default 4)')
    .action(async (flags: DemoFlags) => {
      setExitCode(await runDemo(flags));
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof LogwardenError) {
      console.error(`${pc.red('error')} ${error.message} (${error.code})`);
      return EXIT_USAGE;
    }
    console.error(pc.red('internal error (please report it):'), error);
    return 1;
  }
}

process.exitCode = await main(process.argv);
