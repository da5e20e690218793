import { formatDuration } from '../detect/windows.js';
import { escapeHtml, oneLine } from '../notify/sanitize.js';
import type { IncidentRow, WeeklyReport } from './model.js';
import { MAX, formatCount, listWithMore, logText, plural } from './format.js';
import { emptyNote, hostList, htmlSection, severityBadge, timeSpan } from './html-parts.js';

/**
 * The incidents table: one row of facts per incident, then a full-width row saying what happened,
 * what to do and a few log lines, so long messages do not squeeze the columns.
 */

const EVIDENCE_LINES = 3;
const LISTED_SOURCES = 3;
const HEADERS = ['Severity', 'Rule', 'When', 'Events', 'From', 'Servers'] as const;

function evidenceBlock(incident: IncidentRow): string {
  if (incident.evidence.length === 0) return '';
  const lines = incident.evidence.slice(0, EVIDENCE_LINES).map((line) => logText(line, MAX.evidence));
  const more = incident.evidence.length - lines.length;
  const note = more > 0 ? `\n<span class="more">… and ${plural(more, 'more line')}</span>` : '';
  return `<pre class="evidence" aria-label="Sample log lines">${lines.join('\n')}${note}</pre>`;
}

function sources(incident: IncidentRow): string {
  if (incident.sourceIpCount === 0) return '—';
  const ips = incident.sourceIps.map((ip) => oneLine(ip, MAX.host));
  return escapeHtml(listWithMore(ips, incident.sourceIpCount, LISTED_SOURCES));
}

function incidentRows(incident: IncidentRow, zone: string): string {
  const facts = [
    `<th scope="row">${severityBadge(incident.severity)}</th>`,
    `<td><code>${logText(incident.rule, MAX.rule)}</code><br>${escapeHtml(incident.category)}</td>`,
    `<td>${timeSpan(incident.firstSeen, incident.lastSeen, zone)}<br>` +
      `<span class="muted">lasted ${escapeHtml(formatDuration(incident.durationMs))}</span></td>`,
    `<td class="num">${formatCount(incident.count)}</td>`,
    `<td>${sources(incident)}</td>`,
    `<td>${hostList(incident.hosts)}</td>`,
  ];
  const action =
    incident.action === ''
      ? ''
      : `<p class="action"><strong>Suggested:</strong> ${logText(incident.action, MAX.action)}</p>`;
  const users =
    incident.users.length === 0
      ? ''
      : `<p class="long"><strong>User names:</strong> ${escapeHtml(
          listWithMore(
            incident.users.map((u) => oneLine(u, MAX.host)),
            incident.users.length,
            8,
          ),
        )}</p>`;
  const technique =
    incident.mitre === '' ? '' : ` <span class="muted">(${logText(incident.mitre, MAX.rule)})</span>`;
  const details =
    `<p class="long"><strong>What happened:</strong> ${logText(incident.message, MAX.message)}${technique}</p>` +
    users +
    action +
    evidenceBlock(incident);
  return (
    `<tbody class="incident">\n<tr>${facts.join('')}</tr>\n` +
    `<tr class="details"><td colspan="${String(HEADERS.length)}">${details}</td></tr>\n</tbody>`
  );
}

export function incidentsSection(report: WeeklyReport): string {
  if (report.incidents.length === 0) {
    return htmlSection('incidents', emptyNote('No incidents this week.'));
  }
  const head = HEADERS.map(
    (h) => `<th scope="col"${h === 'Events' ? ' class="num"' : ''}>${escapeHtml(h)}</th>`,
  ).join('');
  const table =
    `<table class="incidents">\n<caption>${escapeHtml(`Every incident this week (times in ${report.timezone})`)}</caption>\n` +
    `<thead><tr>${head}</tr></thead>\n` +
    report.incidents.map((incident) => incidentRows(incident, report.timezone)).join('\n') +
    '\n</table>';
  return htmlSection('incidents', table);
}
