import { SingleBar } from 'cli-progress';
import pc from 'picocolors';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { alertLogDir, appendToAlertLog, type AlertLogResult } from '../notify/alert-log.js';
import type { Warning } from '../errors.js';
import type { NotifyResult } from '../notify/notifier.js';
import { createNotifier } from '../pipeline/notify.js';
import { printAlerts } from './alerts.js';
import { notifySafely, printNotifyResult } from './notify.js';
import { EXIT_ALERTS, EXIT_OK } from './exit-codes.js';
import { analyze, type AnalyzeProgress, type AnalyzeReport } from '../pipeline/analyze.js';
import { analyzeAndStore, type StoredAnalysis } from '../pipeline/store.js';
import { formatLocalTime } from '../parse/time.js';
import { n, printable, printWarning } from './output.js';

export interface AnalyzeFlags {
  format?: string;
  host?: string;
  timezone?: string;
  json?: boolean;
  quiet?: boolean;
  dataDir?: string;
  verbose?: boolean;
  /** `--no-notify` sets it false. */
  notify?: boolean;
  /** `--no-history` sets it false. */
  history?: boolean;
}

/** Runs `analyze` and prints; returns the exit code. */
export async function runAnalyze(
  paths: string[],
  flags: AnalyzeFlags,
  config: ResolvedConfig,
): Promise<number> {
  const bar =
    process.stderr.isTTY && flags.quiet !== true
      ? new SingleBar({
          stream: process.stderr,
          format:
            ' {bar} {percentage}% | {done}/{size} MB | {lines} lines | {rate} lines/s | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
        })
      : undefined;
  const started = Date.now();
  let barStarted = false;
  const dataDir = flags.dataDir === undefined ? config.dataDir : resolve(flags.dataDir);
  const options = {
    config,
    paths,
    format: flags.format,
    host: flags.host,
    timezone: flags.timezone,
    onWarning: (warning: Warning) => {
      if (bar) bar.stop();
      barStarted = false;
      printWarning(warning);
    },
    onProgress: bar
      ? ({ bytesDone, bytesTotal, lines }: AnalyzeProgress) => {
          const payload = {
            done: (bytesDone / 1e6).toFixed(1),
            size: (bytesTotal / 1e6).toFixed(1),
            lines: n(lines),
            rate: n(Math.round(lines / Math.max(0.001, (Date.now() - started) / 1000))),
          };
          if (!barStarted) {
            bar.start(Math.max(1, bytesTotal), bytesDone, payload);
            barStarted = true;
          } else bar.update(bytesDone, payload);
        }
      : undefined,
  };
  let logged: AlertLogResult = { written: 0, unchanged: 0, files: [] };
  let notified: NotifyResult | undefined;
  // The alert log first: whatever happens to a channel or to the history, the alert is on disk.
  const deliver = async (report: AnalyzeReport): Promise<void> => {
    bar?.stop();
    logged = await appendToAlertLog(dataDir, report.alerts, printWarning);
    if (flags.notify !== false) {
      notified = await notifySafely(createNotifier(config, dataDir), (notifier) =>
        notifier.notify(report.alerts),
      );
    }
  };
  let report: AnalyzeReport;
  let history: StoredAnalysis['history'] | undefined;
  if (flags.history === false) {
    report = await analyze(options);
    await deliver(report);
  } else {
    ({ report, history } = await analyzeAndStore(options, dataDir, deliver));
    if ('maintenance' in history) {
      console.error(
        `${pc.yellow('warning')} history compaction or retention failed (retried next run): ${history.maintenance}`,
      );
    }
    if ('skipped' in history) {
      console.error(
        `${pc.yellow('warning')} history not updated this run (its lines will be stored by the next one): ${history.skipped}`,
      );
    }
  }
  const zone = flags.timezone ?? config.timezone;
  if (flags.json === true) {
    const { lines, parsed, unparsed, events, formats, hosts, files, warnings, alerts } = report;
    const notifications = notified ?? null;
    // New events stored in the history; null when it was not updated (--no-history, busy, failed).
    const stored = history === undefined || 'skipped' in history ? null : history.events;
    console.log(
      JSON.stringify({
        lines,
        parsed,
        unparsed,
        events,
        formats,
        hosts,
        files,
        warnings,
        alerts,
        notifications,
        stored,
      }),
    );
  } else if (flags.quiet !== true) {
    printReport(report, zone);
    console.log('');
    printAlerts(report.alerts, zone, flags.verbose === true);
    if (logged.written > 0) {
      const where =
        logged.files.length === 1
          ? (logged.files[0] ?? '')
          : `${alertLogDir(dataDir)} (${String(logged.files.length)} days)`;
      console.log(pc.dim(`\n${String(logged.written)} new alert line(s) in ${where}`));
    } else if (logged.unchanged > 0) {
      console.log(pc.dim(`\nthe alert log in ${dataDir} already had these alerts; nothing appended`));
    }
    if (notified !== undefined) printNotifyResult(notified);
    if (history !== undefined && 'events' in history && history.events > 0) {
      console.log(pc.dim(`${n(history.events)} new events stored in ${join(dataDir, 'history')}`));
    }
  }
  return report.alerts.length > 0 ? EXIT_ALERTS : EXIT_OK;
}

function printReport(report: AnalyzeReport, zone: string): void {
  for (const [name, host] of Object.entries(report.hosts)) {
    const formats = Object.entries(host.formats)
      .map(([format, count]) => `${format} ${n(count)}`)
      .join(', ');
    console.log(pc.bold(name) + (formats ? pc.dim(`  (${formats})`) : ''));
    const unparsed = host.unparsed > 0 ? pc.yellow(`unparsed ${n(host.unparsed)}`) : 'unparsed 0';
    console.log(`  lines    ${n(host.lines)} · parsed ${n(host.parsed)} · ${unparsed}`);
    if (host.firstSeen !== null && host.lastSeen !== null) {
      console.log(
        `  time     ${formatLocalTime(host.firstSeen, zone)} → ${formatLocalTime(host.lastSeen, zone)} (${zone})`,
      );
    }
    if (host.requests > 0) {
      const s = host.status;
      console.log(
        `  http     ${n(host.requests)} requests · 401: ${n(s['401'])} · 403: ${n(s['403'])} · 404: ${n(s['404'])} · 5xx: ${n(s['5xx'])}`,
      );
    }
    if (host.failedLogins > 0 || host.invalidUsers > 0) {
      console.log(`  logins   ${n(host.failedLogins)} failed · ${n(host.invalidUsers)} invalid users`);
    }
    if (host.topFailureSources.length > 0) {
      const top = host.topFailureSources
        .slice(0, 5)
        .map(({ ip, count }) => `${ip} (${n(count)})`)
        .join(', ');
      console.log(`  top failure sources  ${top}`);
    }
  }
  const withUnparsed = report.files.filter((f) => f.unparsed > 0);
  for (const file of withUnparsed) {
    console.log(
      pc.yellow(`\n${file.file}: ${n(file.unparsed)} of ${n(file.lines)} lines not understood`) +
        pc.dim(file.format === null ? ' (no format detected)' : ` (as ${file.format})`),
    );
    for (const sample of file.unparsedSamples)
      console.log(pc.dim(`  ${sample.line}: `) + printable(sample.text));
  }
  console.log(
    `\n${n(report.lines)} lines, ${n(report.parsed)} parsed, ${n(report.unparsed)} unparsed, ${n(report.events)} events from ${n(report.files.length)} file(s)`,
  );
}
