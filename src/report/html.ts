import { escapeHtml } from '../notify/sanitize.js';
import type { WeeklyReport } from './model.js';
import { formatLocalTime } from '../parse/time.js';
import { countChange, formatCount, logText, percentChange, weekDays } from './format.js';
import { SECTION_TITLES, htmlSection, htmlTable, severityBadge, type Column } from './html-parts.js';
import {
  addressesSection,
  coverageSection,
  endpointsSection,
  missingPathsSection,
  thursdaySection,
  timelineSection,
  usersSection,
} from './html-sections.js';
import { incidentsSection } from './html-incidents.js';
import { REPORT_CSS } from './html-style.js';

/**
 * The weekly report as one self-contained HTML page: inline styles, inline SVG charts, no script,
 * no external resource, so it opens offline from an email attachment and prints to PDF.
 */

function pageHeader(report: WeeklyReport): string {
  const { first, last } = weekDays(report);
  const contents = Object.entries(SECTION_TITLES)
    .map(([id, title]) => `<li><a href="#${id}">${escapeHtml(title)}</a></li>`)
    .join('');
  return (
    `<header>\n<h1>Weekly security report, week ${escapeHtml(report.week)}</h1>\n` +
    `<p class="meta">${escapeHtml(`${first} to ${last}`)} · times in ${escapeHtml(report.timezone)} · ` +
    `generated ${escapeHtml(formatLocalTime(report.generatedAt, report.timezone))}</p>\n` +
    `<nav aria-label="Contents"><ol>${contents}</ol></nav>\n</header>`
  );
}

interface Comparison {
  readonly thisWeek: number;
  readonly lastWeek: number;
}

/** This week beside last week, the change in words after an arrow. */
function comparisonTable<T extends Comparison>(
  rows: readonly T[],
  first: Column<T>,
  change: (thisWeek: number, lastWeek: number) => string,
  caption: string,
): string {
  return htmlTable(
    rows,
    [
      first,
      { header: 'This week', cell: (r) => formatCount(r.thisWeek), numeric: true },
      { header: 'Last week', cell: (r) => formatCount(r.lastWeek), numeric: true },
      { header: 'Change', cell: (r) => escapeHtml(change(r.thisWeek, r.lastWeek)) },
    ],
    { caption },
  );
}

function headlineSection(report: WeeklyReport): string {
  const headline = report.headline;
  const badge = headline.needsAction
    ? '<p class="badge badge-action">⚠ Action needed</p>'
    : '<p class="badge badge-calm">✓ No action needed</p>';
  const bySeverity = comparisonTable(
    headline.bySeverity,
    { header: 'Severity', cell: (r) => severityBadge(r.severity) },
    countChange,
    'Incidents by severity',
  );
  const byCategory =
    headline.byCategory.length === 0
      ? ''
      : comparisonTable(
          headline.byCategory,
          { header: 'Kind', cell: (r) => escapeHtml(r.category) },
          countChange,
          'Incidents by kind',
        );
  const traffic = comparisonTable(
    [
      { label: 'Requests', ...headline.requests },
      { label: 'Failed logins', ...headline.failedLogins },
    ],
    { header: 'Measure', cell: (r) => escapeHtml(r.label) },
    percentChange,
    'Traffic compared with last week',
  );
  const body =
    `${badge}\n<p class="sentence">${logText(headline.sentence, 600)}</p>\n` +
    `<div class="side-by-side">\n${bySeverity}\n${byCategory}\n</div>\n${traffic}`;
  return htmlSection('summary', body, 'headline');
}

export function renderReportHtml(report: WeeklyReport): string {
  const sections = [
    headlineSection(report),
    timelineSection(report),
    thursdaySection(report),
    addressesSection(report),
    usersSection(report),
    missingPathsSection(report),
    endpointsSection(report),
    incidentsSection(report),
    coverageSection(report),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>logwarden weekly report ${escapeHtml(report.week)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    pageHeader(report),
    '<main>',
    ...sections,
    '</main>',
    `<footer>Made by logwarden from the servers' logs, week ${escapeHtml(report.week)}.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
