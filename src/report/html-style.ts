import { SEVERITY_COLOURS } from './format.js';

/**
 * The page's only stylesheet, inline: system fonts, dark text on white (contrast above 7:1),
 * an A4-friendly width, and print rules so "Save as PDF" keeps tables and charts whole.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --text: #1a1a1a; --muted: #555; --line: #c8ccd2; --zebra: #f4f6f8; --accent: #0072B2; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 52rem; padding: 1.5rem 1.25rem 3rem; color: var(--text); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1.25rem; padding-bottom: 0.75rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0.5rem 0; }
.meta { color: var(--muted); margin: 0; }
nav ol { columns: 2; margin: 0.5rem 0 0; padding-left: 1.25rem; }
nav a { color: var(--accent); }
.headline { background: var(--zebra); border: 1px solid var(--line); border-radius: 6px; padding: 0.25rem 1rem 1rem; }
.headline h2 { border: 0; margin-top: 0.75rem; }
.sentence { font-size: 1.25rem; font-weight: 600; line-height: 1.4; margin: 0.75rem 0; }
.badge { display: inline-block; font-weight: 700; padding: 0.3rem 0.75rem; border-radius: 4px; border: 2px solid #000; color: #000; }
.badge-action { background: ${SEVERITY_COLOURS.critical}; }
.badge-calm { background: #009E73; }
.side-by-side { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.side-by-side > table { flex: 1 1 18rem; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; color: var(--text); }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
pre, .long { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
thead th { border-bottom: 2px solid #888; background: #fff; }
tbody tr:nth-child(even) { background: var(--zebra); }
table.incidents tbody tr { background: #fff; }
table.incidents tbody:nth-of-type(even) tr { background: var(--zebra); }
table.incidents tr:first-child > * { border-bottom: 0; }
table.incidents tr.details > td { padding-top: 0; border-bottom: 2px solid var(--line); }
table.incidents tr.details p { margin: 0.25rem 0; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85em; }
pre.evidence { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid var(--line);
  border-left: 3px solid #888; padding: 0.4rem 0.5rem; margin: 0.4rem 0 0; max-width: 100%; }
.more, .muted { color: var(--muted); }
.action { margin-top: 0.25rem; }
.empty { font-style: italic; color: var(--muted); }
.sev { display: inline-block; min-width: 5.5em; text-align: center; font-weight: 700; font-size: 0.8rem;
  padding: 0.1rem 0.4rem; border-radius: 3px; color: #000; border: 1px solid #000; white-space: nowrap; }
${Object.entries(SEVERITY_COLOURS)
  .map(([severity, colour]) => `.sev-${severity} { background: ${colour}; }`)
  .join('\n')}
figure.chart { margin: 0.75rem 0 1.25rem; }
figure.chart figcaption { font-weight: 600; margin-bottom: 0.25rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
ul.gaps { margin: 0; padding-left: 1rem; }
mark { background: #F0E442; color: #000; padding: 0 0.15rem; }
tr.gap-row > th:first-child { box-shadow: inset 4px 0 0 #000; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section, table, figure, tr, tbody, pre, .headline { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
