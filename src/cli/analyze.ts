import { SingleBar } from 'cli-progress';
import pc from 'picocolors';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { alertLogDir, appendToAlertLog } from '../notify/alert-log.js';
import type { NotifyResult } from '../notify/notifier.js';
import { createNotifier } from '../pipeline/notify.js';
import { printAlerts } from './alerts.js';
import { notifySafely, printNotifyResult } from './notify.js';
import { EXIT_ALERTS, EXIT_OK } from './exit-codes.js';
import { analyze, type AnalyzeReport } from '../pipeline/analyze.js';
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
  const report = await analyze({
    config,
    paths,
    format: flags.format,
    host: flags.host,
    timezone: flags.timezone,
    onWarning: (warning) => {
      if (bar) bar.stop();
      barStarted = false;
      printWarning(warning);
    },
    onProgress: bar
      ? ({ bytesDone, bytesTotal, lines }) => {
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
  });
  bar?.stop();
  const dataDir = flags.dataDir === undefined ? config.dataDir : resolve(flags.dataDir);
  // The alert log first: whatever happens to a channel, the alert is on disk.
  const logged = await appendToAlertLog(dataDir, report.alerts, printWarning);
  let notified: NotifyResult | undefined;
  if (flags.notify !== false) {
    notified = await notifySafely(createNotifier(config, dataDir), (notifier) =>
      notifier.notify(report.alerts),
    );
  }
  const zone = flags.timezone ?? config.timezone;
  if (flags.json === true) {
    const { lines, parsed, unparsed, events, formats, hosts, files, warnings, alerts } = report;
    const notifications = notified ?? null;
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
