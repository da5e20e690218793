import { join } from 'node:path';
import { resolveConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/schema.js';
import { DEMO_DEFAULTS, type DemoResult } from '../demo/generate.js';
import { scoreDemo, type DemoScore } from '../demo/score.js';
import type { Warning } from '../errors.js';
import type { AnalyzeReport } from './analyze.js';
import { analyzeAndStore } from './store.js';

export interface DemoAnalysis {
  readonly config: ResolvedConfig;
  readonly report: AnalyzeReport;
  readonly score: DemoScore;
}

/**
 * Analyzes a generated demo month as `logwarden demo` does: in the zone its lines were written
 * in, with its IoC list, keeping alerts and history beside the logs; then scores the alerts
 * against what was planted.
 */
export async function analyzeDemo(
  demo: DemoResult,
  outDir: string,
  onWarning: (warning: Warning) => void,
  /** Runs before the history is committed: the alert log, notifications. */
  then: (report: AnalyzeReport, config: ResolvedConfig) => Promise<void> = () => Promise.resolve(),
): Promise<DemoAnalysis> {
  const config = resolveConfig(
    { dataDir: outDir, timezone: DEMO_DEFAULTS.timezone, detection: { iocFiles: [demo.iocPath] } },
    undefined,
    outDir,
  );
  const { report } = await analyzeAndStore(
    { config, paths: [join(outDir, 'access_logs')], onWarning },
    config.dataDir,
    (analyzed) => then(analyzed, config),
  );
  return { config, report, score: scoreDemo(report.alerts, demo.attacks) };
}
