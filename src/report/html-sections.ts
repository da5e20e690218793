import { escapeHtml, oneLine } from '../notify/sanitize.js';
import { thursdayChart, timelineChart } from './charts.js';
import { formatLocalTime } from '../parse/time.js';
import { MAX, formatCount, formatRate, logText, plural } from './format.js';
import { emptyNote, hostList, htmlSection, htmlTable, paragraph, timeSpan } from './html-parts.js';
import type { WeeklyReport } from './model.js';

/** The report's sections after the headline, in page order. */

export function timelineSection(report: WeeklyReport): string {
  const intro = paragraph(
    `Each chart shows one server, hour by hour, in ${report.timezone} time. The upper panel counts ` +
      'requests; the lower one counts failed logins and error responses. Dashed vertical lines mark ' +
      'when an incident began (labelled with its severity and rule); shaded bands show how long it lasted.',
  );
  const body =
    report.timeline.length === 0
      ? emptyNote('No server sent any log lines this week.')
      : report.timeline
          .map(
            (host, i) =>
              `<figure class="chart">\n<figcaption>${logText(host.host, MAX.host)}</figcaption>\n` +
              `${timelineChart(host, report.timezone, `timeline-${String(i)}`)}\n</figure>`,
          )
          .join('\n');
  return htmlSection('timeline', `${intro}\n${body}`);
}

/** Local date (`2026-11-19`) of this week's Thursday. */
function thisWeeksThursday(report: WeeklyReport): string {
  return formatLocalTime(
    new Date(Date.parse(report.start) + 3.5 * 86_400_000).toISOString(),
    report.timezone,
  ).slice(0, 10);
}

export function thursdaySection(report: WeeklyReport): string {
  if (report.thursdays.length === 0) {
    return htmlSection('thursday', emptyNote('No logins were recorded on these Thursdays.'));
  }
  const thisWeek = thisWeeksThursday(report);
  const intro = paragraph(
    'Thursday is the busiest day for member logins. This compares it with the Thursdays before, ' +
      'so a sudden drop in logins or a rise in failures stands out.',
  );
  const chart = `<figure class="chart">${thursdayChart(report.thursdays, thisWeek, 'thursdays')}</figure>`;
  const table = htmlTable(
    report.thursdays,
    [
      { header: 'Date', cell: (p) => escapeHtml(p.date === thisWeek ? `${p.date} (this week)` : p.date) },
      { header: 'Logins', cell: (p) => formatCount(p.logins), numeric: true },
      { header: 'Members', cell: (p) => formatCount(p.members), numeric: true },
      { header: 'Failed logins', cell: (p) => formatCount(p.failures), numeric: true },
      { header: 'Failure rate', cell: (p) => escapeHtml(formatRate(p.failureRate)), numeric: true },
      { header: 'Busiest hour', cell: (p) => escapeHtml(`${p.peakHour} (${plural(p.peakLogins, 'login')})`) },
    ],
    { caption: 'Logins on Thursdays, most recent first' },
  );
  return htmlSection('thursday', `${intro}\n${chart}\n${table}`);
}

export function addressesSection(report: WeeklyReport): string {
  const zone = report.timezone;
  const body =
    report.topAddresses.length === 0
      ? emptyNote('No address was involved in an incident this week.')
      : htmlTable(
          report.topAddresses,
          [
            { header: 'Address', cell: (a) => `<code>${logText(a.ip, MAX.host)}</code>` },
            { header: 'Events', cell: (a) => formatCount(a.count), numeric: true },
            { header: 'Kinds', cell: (a) => escapeHtml(a.categories.join(', ')) },
            { header: 'Servers', cell: (a) => hostList(a.hosts) },
            { header: 'First seen', cell: (a) => formatLocalTime(a.firstSeen, zone) },
            { header: 'Last seen', cell: (a) => formatLocalTime(a.lastSeen, zone) },
            { header: 'Still active', cell: (a) => (a.active ? '<strong>yes</strong>' : 'no') },
          ],
          {
            caption: `Addresses behind this week's incidents (times in ${zone}; active = seen in the last 24 hours)`,
          },
        );
  return htmlSection('addresses', body);
}

export function usersSection(report: WeeklyReport): string {
  const body =
    report.topUsers.length === 0
      ? emptyNote('No failed logins this week.')
      : htmlTable(
          report.topUsers,
          [
            { header: 'User name', cell: (u) => `<code class="long">${logText(u.user, MAX.user)}</code>` },
            { header: 'Failed logins', cell: (u) => formatCount(u.failures), numeric: true },
            { header: 'Addresses that tried', cell: (u) => formatCount(u.addresses), numeric: true },
          ],
          { caption: 'User names with the most failed logins' },
        );
  return htmlSection('users', body);
}

export function missingPathsSection(report: WeeklyReport): string {
  const body =
    report.topMissingPaths.length === 0
      ? emptyNote('No requests for missing pages this week.')
      : htmlTable(
          report.topMissingPaths,
          [
            { header: 'Path', cell: (p) => `<code class="long">${logText(p.path, MAX.path)}</code>` },
            { header: 'Requests', cell: (p) => formatCount(p.count), numeric: true },
            { header: 'Addresses', cell: (p) => formatCount(p.addresses), numeric: true },
          ],
          { caption: 'Most requested pages that do not exist (404): often automated scanners' },
        );
  return htmlSection('missing', body);
}

export function endpointsSection(report: WeeklyReport): string {
  const body =
    report.endpoints.length === 0
      ? emptyNote('No slow or failing pages this week.')
      : htmlTable(
          report.endpoints,
          [
            { header: 'Path', cell: (e) => `<code class="long">${logText(e.path, MAX.path)}</code>` },
            { header: 'Requests', cell: (e) => formatCount(e.requests), numeric: true },
            {
              header: 'Slowest 5% above (ms)',
              cell: (e) => (e.p95Ms === null ? '—' : formatCount(e.p95Ms)),
              numeric: true,
            },
            { header: 'Server errors (5xx)', cell: (e) => formatCount(e.errors5xx), numeric: true },
            { header: 'Error rate', cell: (e) => escapeHtml(formatRate(e.errorRate)), numeric: true },
          ],
          { caption: 'Slowest and most failing pages (— where the log does not record response times)' },
        );
  return htmlSection('endpoints', body);
}

function gapsCell(report: WeeklyReport, gaps: WeeklyReport['coverage'][number]['gaps']): string {
  if (gaps.length === 0) return 'none';
  const items = gaps.map(
    (gap) =>
      `<li><mark>No data ${timeSpan(gap.start, gap.end, report.timezone)} (${plural(gap.hours, 'hour')})</mark></li>`,
  );
  return `<ul class="gaps">${items.join('')}</ul>`;
}

export function coverageSection(report: WeeklyReport): string {
  const intro = paragraph(
    'Which logs were read. Hours without any log line (gaps) may mean a server was down or its logs ' +
      'were not collected: anything that happened then is missing from this report.',
  );
  const body =
    report.coverage.length === 0
      ? emptyNote('No server sent any log lines this week.')
      : htmlTable(
          report.coverage,
          [
            { header: 'Server', cell: (c) => logText(c.host, MAX.host) },
            {
              header: 'Log sources',
              cell: (c) => escapeHtml(c.sources.map((s) => oneLine(s, 40)).join(', ') || 'none'),
            },
            {
              header: 'Hours with data',
              cell: (c) => `${formatCount(c.hoursWithData)} of ${formatCount(c.hoursTotal)}`,
              numeric: true,
            },
            { header: 'Gaps', cell: (c) => gapsCell(report, c.gaps) },
            { header: 'Lines read', cell: (c) => formatCount(c.lines), numeric: true },
            {
              header: 'Not understood',
              cell: (c) => escapeHtml(`${formatCount(c.unparsed)} (${formatRate(c.unparsedRate)})`),
              numeric: true,
            },
          ],
          {
            caption: `Log coverage per server (times in ${report.timezone})`,
            rowClass: (c) => (c.gaps.length > 0 || c.hoursWithData < c.hoursTotal ? 'gap-row' : undefined),
          },
        );
  return htmlSection('coverage', `${intro}\n${body}`);
}
