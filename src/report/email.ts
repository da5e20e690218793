import { formatDuration } from '../detect/windows.js';
import { escapeHtml, oneLine } from '../notify/sanitize.js';
import type { IncidentRow, WeeklyReport } from './model.js';
import {
  MAX,
  SEVERITY_COLOURS,
  countChange,
  formatCount,
  incidentTally,
  localSpan,
  mostSevereFirst,
  plural,
  weekDays,
} from './format.js';

/**
 * The Monday email that carries the report: the headline, incidents by severity and the three
 * most severe incidents, short enough to read on a phone. Inline styles only (mail clients drop
 * `<style>`); the full report is the attachment.
 */

const SUBJECT_CHARS = 200;
const TOP_INCIDENTS = 3;
/** An incident's message in the email: the report has the rest. */
const EMAIL_MESSAGE_CHARS = 160;
const ATTACHED = 'The full report is attached.';

export interface ReportEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** `[logwarden] Week 2026-W47: 3 incidents (1 high), nothing needs action`. */
function subjectOf(report: WeeklyReport): string {
  const { total, worst } = incidentTally(report);
  const incidents = total === 0 ? 'no incidents' : `${plural(total, 'incident')} (${worst ?? ''})`;
  const verdict = report.headline.needsAction ? 'action needed' : 'nothing needs action';
  return oneLine(`[logwarden] Week ${report.week}: ${incidents}, ${verdict}`, SUBJECT_CHARS);
}

/** One incident as a line: `HIGH ssh-brute-force on web1, 2026-11-18 02:12 → 02:29 (17 min): message`. */
function incidentLine(incident: IncidentRow, zone: string): string {
  const hosts =
    incident.hosts.length === 0 ? '' : ` on ${incident.hosts.map((h) => oneLine(h, MAX.host)).join(', ')}`;
  const when = `${localSpan(incident.firstSeen, incident.lastSeen, zone)} (${formatDuration(incident.durationMs)})`;
  return (
    `${incident.severity.toUpperCase()} ${oneLine(incident.rule, MAX.rule)}${hosts}, ${when}: ` +
    oneLine(incident.message, EMAIL_MESSAGE_CHARS)
  );
}

function severityRows(report: WeeklyReport): string[][] {
  return report.headline.bySeverity.map((row) => [
    row.severity.toUpperCase(),
    formatCount(row.thisWeek),
    formatCount(row.lastWeek),
    countChange(row.thisWeek, row.lastWeek),
  ]);
}

const SEVERITY_HEADER = ['Severity', 'This week', 'Last week', 'Change'];

function textBody(report: WeeklyReport, top: readonly IncidentRow[]): string {
  const { first, last } = weekDays(report);
  const rows = [SEVERITY_HEADER, ...severityRows(report)];
  const widths = SEVERITY_HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const table = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const incidents =
    top.length === 0
      ? ['No incidents this week.']
      : [
          `Most severe incident${top.length === 1 ? '' : 's'} (times in ${report.timezone}):`,
          ...top.map((incident) => `- ${incidentLine(incident, report.timezone)}`),
        ];
  return [
    `Weekly security report, week ${report.week} (${first} to ${last})`,
    '',
    oneLine(report.headline.sentence, 600),
    report.headline.needsAction ? 'Action needed.' : 'No action needed.',
    '',
    'Incidents by severity',
    ...table,
    '',
    ...incidents,
    '',
    ATTACHED,
    '',
  ].join('\n');
}

const CELL = 'padding:4px 10px;border-bottom:1px solid #ddd;text-align:left';

function htmlBody(report: WeeklyReport, top: readonly IncidentRow[]): string {
  const { first, last } = weekDays(report);
  const badge = report.headline.needsAction
    ? `<p style="display:inline-block;margin:8px 0;padding:4px 10px;border:2px solid #000;background:${SEVERITY_COLOURS.critical};color:#000;font-weight:bold">⚠ Action needed</p>`
    : '<p style="display:inline-block;margin:8px 0;padding:4px 10px;border:2px solid #000;background:#009E73;color:#000;font-weight:bold">✓ No action needed</p>';
  const head = SEVERITY_HEADER.map((h) => `<th scope="col" style="${CELL}">${escapeHtml(h)}</th>`).join('');
  const rows = report.headline.bySeverity
    .map((row, i) => {
      const cells = severityRows(report)[i] ?? [];
      const severity = `<th scope="row" style="${CELL}"><span style="display:inline-block;min-width:5.5em;text-align:center;border:1px solid #000;color:#000;background:${SEVERITY_COLOURS[row.severity]}">${escapeHtml(cells[0] ?? '')}</span></th>`;
      return `<tr>${severity}${cells
        .slice(1)
        .map((c) => `<td style="${CELL}">${escapeHtml(c)}</td>`)
        .join('')}</tr>`;
    })
    .join('');
  const incidents =
    top.length === 0
      ? '<p>No incidents this week.</p>'
      : `<p style="margin:16px 0 4px;font-weight:bold">${escapeHtml(`Most severe incident${top.length === 1 ? '' : 's'} (times in ${report.timezone})`)}</p>` +
        `<ul style="margin:0;padding-left:20px">${top.map((i) => `<li style="margin:4px 0">${escapeHtml(incidentLine(i, report.timezone))}</li>`).join('')}</ul>`;
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"></head>' +
    '<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1a1a;line-height:1.5">' +
    `<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(`Weekly security report, week ${report.week}`)}</h1>` +
    `<p style="margin:0;color:#555">${escapeHtml(`${first} to ${last}`)}</p>` +
    `<p style="font-size:18px;font-weight:bold;margin:12px 0 4px">${escapeHtml(oneLine(report.headline.sentence, 600))}</p>` +
    badge +
    `<table style="border-collapse:collapse;margin:12px 0;font-size:14px"><caption style="text-align:left;font-weight:bold">Incidents by severity</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>` +
    incidents +
    `<p style="margin-top:16px">${ATTACHED}</p>` +
    '</body></html>'
  );
}

export function reportEmail(report: WeeklyReport): ReportEmail {
  const top = mostSevereFirst(report.incidents).slice(0, TOP_INCIDENTS);
  return { subject: subjectOf(report), text: textBody(report, top), html: htmlBody(report, top) };
}
