import { resolve } from 'node:path';
import pc from 'picocolors';
import { DEMO_DEFAULTS, generateDemo } from '../demo/generate.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { analyzeDemo } from '../pipeline/demo.js';
import { appendToAlertLog, type AlertLogResult } from '../notify/alert-log.js';
import { HELD_CHANNEL } from '../notify/channels/held.js';
import { createNotifier } from '../pipeline/notify.js';
import { printAlerts } from './alerts.js';
import { writeWeeklyReport } from '../pipeline/report.js';
import { weekContaining } from '../report/week.js';
import type { NotifyResult } from '../notify/notifier.js';
import { notifySafely } from './notify.js';
import { EXIT_OK } from './exit-codes.js';
import { n, printWarning } from './output.js';

export interface DemoFlags {
  out?: string;
  seed?: string;
  weeks?: string;
}

function wholeNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LogwardenError(ErrorCodes.usage, `--${name} expects a whole number, not "${text}"`);
  }
  return value;
}

/** Generates two servers' month of logs with attacks in it, analyzes it, and shows what was found. */
export async function runDemo(flags: DemoFlags): Promise<number> {
  const outDir = resolve(flags.out ?? 'logwarden-demo');
  const seed = wholeNumber(flags.seed, 'seed', DEMO_DEFAULTS.seed);
  const weeks = wholeNumber(flags.weeks, 'weeks', DEMO_DEFAULTS.weeks);
  const started = Date.now();
  console.log(pc.bold(`logwarden demo: a month of two web servers' logs, with attacks mixed in\n`));
  const demo = await generateDemo({ outDir, seed, weeks });
  console.log(
    `generated ${n(demo.lines)} log lines (web1, web2: nginx access logs and auth logs, rotated weekly) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const analyzed = Date.now();
  let logged: AlertLogResult = { written: 0, unchanged: 0, files: [] };
  let notified: NotifyResult | undefined;
  const { config, report, score } = await analyzeDemo(
    demo,
    outDir,
    printWarning,
    async (analysis, settings) => {
      logged = await appendToAlertLog(settings.dataDir, analysis.alerts, printWarning);
      // No channel is configured here: the messages are written to the outbox to be read, not sent.
      notified = await notifySafely(createNotifier(settings, settings.dataDir), (notifier) =>
        notifier.notify(analysis.alerts),
      );
    },
  );
  const seconds = (Date.now() - analyzed) / 1000;
  console.log(
    `analyzed and stored ${n(report.lines)} lines (${n(report.unparsed)} unparsed) in ${seconds.toFixed(1)} s: ${n(Math.round(report.lines / Math.max(seconds, 0.001)))} lines/s\n`,
  );
  printAlerts(report.alerts, config.timezone, false);
  const reports: string[] = [];
  for (let week = 0; week < weeks; week++) {
    const monday = new Date(Date.parse(`${DEMO_DEFAULTS.start}T12:00:00Z`) + week * 7 * 86_400_000);
    const name = weekContaining(monday.toISOString().slice(0, 10), config.timezone).name;
    reports.push((await writeWeeklyReport(config, config.dataDir, { week: name })).htmlPath);
  }

  console.log(
    `\n${pc.bold(`${String(score.found.length)} of ${String(demo.attacks.length)} planted attacks found`)}, ${String(score.unexplained.length)} alert(s) on normal traffic`,
  );
  for (const attack of score.missed) console.log(pc.yellow(`  missed: ${attack.id}: ${attack.description}`));
  for (const alert of score.unexplained)
    console.log(pc.yellow(`  false alarm: ${alert.rule}: ${alert.message}`));
  console.log(`\nwhere everything went:`);
  console.log(`  logs          ${resolve(outDir, 'access_logs')}`);
  console.log(`  attacks       ${demo.manifestPath}  (what was planted, for comparison)`);
  console.log(`  IoC list      ${demo.iocPath}`);
  console.log(
    `  alert log     ${resolve(outDir, 'alert_logs')}${logged.written === 0 ? ' (unchanged: these alerts were already there)' : ''}`,
  );
  console.log(`  reports       ${reports.join('\n                ')}`);
  if (notified !== undefined) {
    const emails = resolve(notified.outbox, HELD_CHANNEL);
    console.log(
      `  emails        ${emails}  (${String(notified.held)} .eml that would have been sent, ${String(notified.queued)} new; no mail channel is configured)`,
    );
  }
  console.log(
    `\nNext: ${pc.cyan('npx logwarden analyze -v ' + resolve(outDir, 'access_logs'))}  shows evidence and next steps` +
      `\n      ${pc.cyan('npx logwarden explain "<a log line>"')}  shows how one line is understood`,
  );
  return EXIT_OK;
}
