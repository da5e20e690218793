import pc from 'picocolors';
import type { Alert, Severity } from '../detect/types.js';
import { formatLocalTime } from '../parse/time.js';
import { printable } from './output.js';

const PAINT: Record<Severity, (text: string) => string> = {
  critical: (t) => pc.bold(pc.red(t)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.dim,
};

/** One block per alert: severity, rule, when, what; the evidence and next step indented. */
export function printAlerts(alerts: readonly Alert[], zone: string, verbose: boolean): void {
  if (alerts.length === 0) {
    console.log(pc.green('no alerts'));
    return;
  }
  console.log(
    pc.bold(`${String(alerts.length)} alert${alerts.length === 1 ? '' : 's'}`) +
      pc.dim(` (times in ${zone})`),
  );
  for (const alert of alerts.slice(0, MAX_PRINTED)) {
    const severity = PAINT[alert.severity](alert.severity.toUpperCase().padEnd(8));
    const when = `${formatLocalTime(alert.first_seen, zone)} → ${formatLocalTime(alert.last_seen, zone).slice(-5)}`;
    console.log(`${severity} ${when}  ${pc.cyan(alert.rule)}  ${printable(alert.message)}`);
    if (verbose) {
      for (const line of alert.evidence.slice(0, 3))
        console.log(pc.dim(`           ${printable(line).slice(0, 160)}`));
      if (alert.action !== '') console.log(`           ${pc.dim('next:')} ${printable(alert.action)}`);
    }
  }
  if (alerts.length > MAX_PRINTED) {
    console.log(
      pc.dim(`… and ${String(alerts.length - MAX_PRINTED)} more: all are in the alert log and in --json`),
    );
  }
}

/** A terminal is for reading: beyond this many alerts the rest are counted, not printed. */
const MAX_PRINTED = 50;
