import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { reportCsvFiles } from '../report/csv.js';
import { renderReportHtml } from '../report/html.js';
import type { WeeklyReport } from '../report/model.js';
import { buildWeeklyReport } from '../report/weekly.js';
import { writeFileAtomic } from '../state/files.js';

export interface WrittenReport {
  readonly report: WeeklyReport;
  readonly html: string;
  /** The HTML file and the folder of its CSV tables. */
  readonly htmlPath: string;
  readonly csvDir: string;
}

export function reportsDir(dataDir: string): string {
  return join(dataDir, 'reports');
}

/** Builds the weekly report from the history and writes the HTML file and its CSV tables. */
export async function writeWeeklyReport(
  config: ResolvedConfig,
  dataDir: string,
  options: { week?: string | undefined; out?: string | undefined; nowMs?: number },
): Promise<WrittenReport> {
  const report = await buildWeeklyReport(dataDir, {
    week: options.week,
    timezone: config.timezone,
    ...(options.nowMs === undefined ? {} : { nowMs: options.nowMs }),
  });
  const htmlPath = options.out ?? join(reportsDir(dataDir), `weekly-${report.week}.html`);
  const csvDir = join(dirname(htmlPath), `weekly-${report.week}-csv`);
  const html = renderReportHtml(report);
  await mkdir(csvDir, { recursive: true });
  await writeFileAtomic(htmlPath, html);
  for (const [name, content] of Object.entries(reportCsvFiles(report))) {
    await writeFile(join(csvDir, name), content);
  }
  return { report, html, htmlPath, csvDir };
}
