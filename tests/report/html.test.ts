import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/html.js';
import type { WeeklyReport } from '../../src/report/model.js';
import { HOSTILE, SECTION_HEADINGS, sampleReport } from './sample-report.js';

const html = renderReportHtml(sampleReport());

function section(page: string, id: string): string {
  const match = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(page);
  if (match === null) throw new Error(`no section #${id}`);
  return match[0];
}

describe('renderReportHtml: structure', () => {
  it('is a complete English page with every section heading, in order', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    const headings = [...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(SECTION_HEADINGS);
  });

  it('names the week, its local dates and when it was generated', () => {
    const header = /<header>[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
    expect(header).toContain('week 2026-W47');
    expect(header).toContain('Mon 16 Nov 2026 to Sun 22 Nov 2026');
    expect(header).toContain('Europe/Berlin');
    expect(header).toContain('generated 2026-11-23 07:00');
  });

  it('puts the headline first: sentence, badge in words, severity changes with arrows and words', () => {
    const summary = section(html, 'summary');
    expect(summary).toContain('Someone tried hundreds of passwords');
    expect(summary).toContain('✓ No action needed');
    expect(summary).toContain('↓ 1 fewer');
    expect(summary).toContain('↑ 1 more');
    expect(summary).toContain('no change');
    expect(summary).toContain('187,412');
    expect(summary).toContain('↑ 6.5%');
    expect(summary).toContain('<caption>Incidents by kind</caption>');
    const urgent = renderReportHtml({
      ...sampleReport(),
      headline: { ...sampleReport().headline, needsAction: true },
    });
    expect(section(urgent, 'summary')).toContain('⚠ Action needed');
  });

  it('makes tables accessible: captions, column and row headers', () => {
    const tables = html.match(/<table[\s>]/g) ?? [];
    const captions = html.match(/<caption>/g) ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(10);
    expect(captions).toHaveLength(tables.length);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<th scope="row"');
  });

  it('shows times in the report zone and durations for people', () => {
    const incidents = section(html, 'incidents');
    expect(incidents).toContain('2026-11-18 02:12</span> → <span class="nowrap">02:29');
    expect(incidents).toContain('lasted 17 min');
    expect(incidents).toContain('lasted 2.5 h');
    expect(incidents).toContain('198.51.100.23, 198.51.100.24, 198.51.100.25 and 9 more');
  });

  it('caps evidence at three lines and says how many more there were', () => {
    const evidence = /<pre class="evidence"[^>]*>([\s\S]*?)<\/pre>/g;
    const blocks = [...section(html, 'incidents').matchAll(evidence)].map((m) => m[1] ?? '');
    expect(blocks).toHaveLength(3);
    const scan = blocks[1] ?? '';
    expect(scan.split('\n')).toHaveLength(4);
    expect(scan).toContain('… and 1 more line');
    for (const line of scan.split('\n').slice(0, 3)) expect(line.length).toBeLessThanOrEqual(260);
  });

  it('highlights coverage gaps with local times and words', () => {
    const coverage = section(html, 'coverage');
    expect(coverage).toContain('<tr class="gap-row">');
    expect(coverage).toMatch(
      /<mark>No data <span class="nowrap">2026-11-20 04:00<\/span> → <span class="nowrap">09:00<\/span> \(5 hours\)<\/mark>/,
    );
    expect(coverage).toContain('163 of 168');
    expect(coverage).toContain('1,530 (2.5%)');
    expect(coverage).toContain('12 (&lt;0.1%)');
  });

  it('lists p95 as a dash where the log has no timings, and still-active addresses as yes/no', () => {
    expect(section(html, 'endpoints')).toContain('<td class="num">—</td>');
    const addresses = section(html, 'addresses');
    expect(addresses).toContain('<strong>yes</strong>');
    expect(addresses).toMatch(/<td>no<\/td>/);
  });

  it('is deterministic: the same report renders to the same bytes', () => {
    expect(renderReportHtml(sampleReport())).toBe(html);
  });
});

describe('renderReportHtml: hostile log values', () => {
  it('escapes markup from logs and contains no script element', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain(HOSTILE.script);
    expect(html).toContain('web2&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('custom-&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('removes terminal escapes and control characters', () => {
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u0007');
    expect(html).not.toContain('pwned');
    expect(html).not.toContain('\r');
  });

  it('caps a 10 kB path', () => {
    expect(html).not.toContain('A'.repeat(400));
    expect(html.length).toBeLessThan(200_000);
  });

  it('loads nothing from outside: no external src, href, url() or import', () => {
    expect(html).not.toMatch(/\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|<link\b|<iframe|<object|<embed|<img/i);
    for (const [, target] of html.matchAll(/\bhref="([^"]*)"/g)) expect(target).toMatch(/^#[a-z]+$/);
  });
});

describe('renderReportHtml: charts', () => {
  const svgs = html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];

  it('has one timeline per host and the Thursday chart, each an accessible image', () => {
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) {
      const open = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
      expect(open).toContain('role="img"');
      const labelled = /aria-labelledby="([^"]+) ([^"]+)"/.exec(open);
      expect(labelled).not.toBeNull();
      expect(svg).toContain(`<title id="${labelled?.[1] ?? ''}">`);
      expect(svg).toMatch(new RegExp(`<desc id="${labelled?.[2] ?? ''}">[^<]*\\d[^<]*</desc>`));
    }
  });

  it('gives every element id in the page once', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('renderReportHtml: empty sections', () => {
  const empty: WeeklyReport = {
    ...sampleReport(),
    timeline: [],
    thursdays: [],
    topAddresses: [],
    topUsers: [],
    topMissingPaths: [],
    endpoints: [],
    incidents: [],
    coverage: [],
  };
  const page = renderReportHtml(empty);

  it.each([
    ['timeline', 'No server sent any log lines this week.'],
    ['thursday', 'No logins were recorded on these Thursdays.'],
    ['addresses', 'No address was involved in an incident this week.'],
    ['users', 'No failed logins this week.'],
    ['missing', 'No requests for missing pages this week.'],
    ['endpoints', 'No slow or failing pages this week.'],
    ['incidents', 'No incidents this week.'],
    ['coverage', 'No server sent any log lines this week.'],
  ])('section #%s says so in words: %s', (id, words) => {
    const body = section(page, id);
    expect(body).toContain(`<p class="empty">${words}</p>`);
    expect(body).not.toContain('<table');
    expect(body).not.toContain('<svg');
  });
});
