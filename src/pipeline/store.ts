import { join } from 'node:path';
import { LockBusyError, withLock } from '../state/lock.js';
import { maintainHistory } from '../store/maintain.js';
import { HistoryWriter } from '../store/writer.js';
import { analyze, type AnalyzeOptions, type AnalyzeReport } from './analyze.js';

export interface StoredAnalysis {
  readonly report: AnalyzeReport;
  /** Events newly stored, or why the history was not updated this run (nothing is lost: next run). */
  readonly history: { readonly events: number; readonly maintenance?: string } | { readonly skipped: string };
}

/** How long a run waits for another one that is writing the history. */
const HISTORY_LOCK_WAIT_MS = 10_000;

/**
 * `analyze` that also stores the new lines' events (and the alerts) in the history. `then` runs
 * before the history commit (the alert log, notifications): a history that cannot be written
 * never costs an alert. One writer at a time; if another holds the history, this run analyzes
 * without storing, and its lines are stored by a later run.
 */
export async function analyzeAndStore(
  options: Omit<AnalyzeOptions, 'history'>,
  dataDir: string,
  then: (report: AnalyzeReport) => Promise<void>,
): Promise<StoredAnalysis> {
  let report: AnalyzeReport | undefined;
  try {
    return await withLock(join(dataDir, 'state', 'history.lock'), HISTORY_LOCK_WAIT_MS, async () => {
      const history = await HistoryWriter.open(dataDir);
      try {
        report = await analyze({ ...options, history });
      } catch (error) {
        await history.abandon();
        throw error;
      }
      await then(report);
      let stored;
      try {
        stored = await history.commit(report.alerts);
      } catch (error) {
        await history.abandon();
        return { report, history: { skipped: error instanceof Error ? error.message : String(error) } };
      }
      try {
        await maintainHistory(dataDir, options.config.retention);
      } catch (error) {
        // Compaction or retention can wait for the next run; what was stored is stored.
        return { report, history: { events: stored.events, maintenance: (error as Error).message } };
      }
      return { report, history: { events: stored.events } };
    });
  } catch (error) {
    if (!(error instanceof LockBusyError) || report !== undefined) throw error;
    const unstored = await analyze(options);
    await then(unstored);
    return { report: unstored, history: { skipped: error.message } };
  }
}
