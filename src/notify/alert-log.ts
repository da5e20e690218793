import { mkdir, open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert } from '../detect/types.js';
import { WarningCodes, type Warning } from '../errors.js';

export interface AlertLogResult {
  /** Alert lines appended. */
  readonly written: number;
  /** Alerts already in the log as they are now (an earlier run saw them). */
  readonly unchanged: number;
  readonly files: readonly string[];
}

export function alertLogDir(dataDir: string): string {
  return join(dataDir, 'alert_logs');
}

/** An alert as the log has it: the same incident in the same state is never written twice. */
function signature(alert: Pick<Alert, 'id' | 'last_seen' | 'count' | 'severity'>): string {
  return `${alert.id} ${alert.last_seen} ${String(alert.count)} ${alert.severity}`;
}

/**
 * Appends alerts to `<dataDir>/alert_logs/alerts-YYYY-MM-DD.jsonl` (the UTC day the incident
 * began), one JSON object per line, whole lines in one write, then fsync. An incident that grew
 * since it was logged gets a new line with the same id: the last line of an id is its state.
 */
export async function appendToAlertLog(
  dataDir: string,
  alerts: readonly Alert[],
  onWarning: (warning: Warning) => void,
): Promise<AlertLogResult> {
  const byDay = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const day = alert.first_seen.slice(0, 10);
    const list = byDay.get(day);
    if (list === undefined) byDay.set(day, [alert]);
    else list.push(alert);
  }
  const dir = alertLogDir(dataDir);
  if (byDay.size > 0) await mkdir(dir, { recursive: true });
  let written = 0;
  let unchanged = 0;
  const files: string[] = [];
  for (const [day, list] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = join(dir, `alerts-${day}.jsonl`);
    const known = await loggedSignatures(file, onWarning);
    const fresh = list.filter((alert) => !known.has(signature(alert)));
    unchanged += list.length - fresh.length;
    if (fresh.length === 0) continue;
    const handle = await open(file, 'a');
    try {
      await handle.appendFile(fresh.map((alert) => `${JSON.stringify(alert)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    written += fresh.length;
    files.push(file);
  }
  return { written, unchanged, files };
}

async function loggedSignatures(file: string, onWarning: (warning: Warning) => void): Promise<Set<string>> {
  const known = new Set<string>();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return known;
    throw error;
  }
  text.split('\n').forEach((line, index) => {
    if (line === '') return;
    try {
      known.add(signature(JSON.parse(line) as Alert));
    } catch {
      onWarning({
        code: WarningCodes.alertLogUnreadable,
        file,
        line: index + 1,
        message: `${file}:${String(index + 1)}: not an alert (cut or edited line); left as it is`,
      });
    }
  });
  return known;
}

/** Every alert in the log, last state of each id, oldest first. */
export async function readAlertLog(dataDir: string): Promise<Alert[]> {
  const dir = alertLogDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /^alerts-\d{4}-\d{2}-\d{2}\.jsonl$/.test(n)).sort();
  } catch {
    return [];
  }
  const byId = new Map<string, Alert>();
  for (const name of names) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (line === '') continue;
      try {
        const alert = JSON.parse(line) as Alert;
        byId.set(alert.id, alert);
      } catch {
        // A cut line: appendToAlertLog warns about it when it writes.
      }
    }
  }
  return [...byId.values()];
}
