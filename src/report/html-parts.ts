import type { Severity } from '../detect/types.js';
import { escapeHtml, oneLine } from '../notify/sanitize.js';
import { MAX, listWithMore, localSpan } from './format.js';

/** Building blocks of the report page. Cells are HTML: callers escape what came from logs. */

export interface Column<T> {
  /** Plain text; escaped here. */
  readonly header: string;
  /** HTML for the row's cell, escaped by the caller. */
  readonly cell: (row: T) => string;
  readonly numeric?: boolean;
}

export interface TableOptions<T> {
  readonly caption: string;
  readonly className?: string;
  /** A class for rows that need the reader's eye (a coverage gap). */
  readonly rowClass?: (row: T) => string | undefined;
}

/** An accessible table: a caption, column headers, and the first cell of each row as its row header. */
export function htmlTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  options: TableOptions<T>,
): string {
  const numeric = (column: Column<T>): string => (column.numeric === true ? ' class="num"' : '');
  const head = columns.map((c) => `<th scope="col"${numeric(c)}>${escapeHtml(c.header)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((column, i) =>
        i === 0
          ? `<th scope="row"${numeric(column)}>${column.cell(row)}</th>`
          : `<td${numeric(column)}>${column.cell(row)}</td>`,
      );
      const rowClass = options.rowClass?.(row);
      return `<tr${rowClass === undefined ? '' : ` class="${rowClass}"`}>${cells.join('')}</tr>`;
    })
    .join('\n');
  const tableClass = options.className === undefined ? '' : ` class="${options.className}"`;
  return (
    `<table${tableClass}>\n<caption>${escapeHtml(options.caption)}</caption>\n` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`
  );
}

/** The page's sections in order, by the id the table of contents links to. */
export const SECTION_TITLES = {
  summary: 'Summary',
  timeline: 'Activity timeline',
  thursday: 'Thursday login peak',
  addresses: 'Top offending addresses',
  users: 'Most targeted user names',
  missing: 'Most requested missing pages',
  endpoints: 'Slowest and erroring pages',
  incidents: 'Incidents',
  coverage: 'Data coverage',
} as const;

export type SectionId = keyof typeof SECTION_TITLES;

/** A section with a heading that the table of contents links to. */
export function htmlSection(id: SectionId, body: string, className?: string): string {
  const title = SECTION_TITLES[id];
  const classes = className === undefined ? '' : ` class="${className}"`;
  return (
    `<section id="${id}"${classes} aria-labelledby="${id}-heading">\n` +
    `<h2 id="${id}-heading">${escapeHtml(title)}</h2>\n${body}\n</section>`
  );
}

/** What an empty section says instead of an empty table. */
export function emptyNote(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}

export function paragraph(text: string, className?: string): string {
  return `<p${className === undefined ? '' : ` class="${className}"`}>${escapeHtml(text)}</p>`;
}

/** The severity as a word on its colour: the colour helps, the word carries the meaning. */
export function severityBadge(severity: Severity): string {
  return `<span class="sev sev-${severity}">${severity.toUpperCase()}</span>`;
}

/** A local time span whose times do not break inside. */
export function timeSpan(from: string, to: string, zone: string): string {
  return localSpan(from, to, zone)
    .split(' → ')
    .map((part) => `<span class="nowrap">${escapeHtml(part)}</span>`)
    .join(' → ');
}

export function hostList(hosts: readonly string[]): string {
  return escapeHtml(
    listWithMore(
      hosts.map((h) => oneLine(h, MAX.host)),
      hosts.length,
    ),
  );
}
