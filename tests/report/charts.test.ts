import { describe, expect, it } from 'vitest';
import { accessibleSvg, renderSvg } from '../../src/report/chart-svg.js';
import { thursdayChart, timelineChart } from '../../src/report/charts.js';
import { HOSTILE, sampleReport } from './sample-report.js';

const report = sampleReport();
const [web1, web2] = report.timeline;
if (web1 === undefined || web2 === undefined) throw new Error('the sample has two hosts');

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

describe('timelineChart', () => {
  const svg = timelineChart(web2, report.timezone, 'timeline-1');

  it('is an accessible image with a title and a one-sentence summary with the key numbers', () => {
    expect(svg).toMatch(/^<svg\b[^>]* role="img" aria-labelledby="timeline-1-title timeline-1-desc">/);
    expect(svg).toContain(
      '<title id="timeline-1-title">Activity on web2&lt;script&gt;alert(1)&lt;/script&gt;</title>',
    );
    const desc = /<desc id="timeline-1-desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    expect(desc).toMatch(/^Hourly activity on web2&lt;script&gt;.* over the week \(Europe\/Berlin time\): /);
    expect(desc).toMatch(
      /[\d,]+ requests, busiest hour 2026-11-19 1\d:00 \([\d,]+\); [\d,]+ failed logins, 47 server errors \(5xx\); 2 incidents marked\./,
    );
  });

  it('labels days in the report zone, not the process zone', () => {
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(['Mon 16 Nov', 'Thu 19 Nov', 'Sun 22 Nov']));
    expect(labels).not.toContain('Sun 15 Nov');
  });

  it('marks incidents with their severity and rule, escaped by ECharts', () => {
    const labels = texts(svg);
    expect(labels).toContain('MEDIUM web-scan');
    expect(labels.some((t) => t.startsWith('LOW custom-&lt;script&gt;'))).toBe(true);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('stroke-dasharray');
  });

  it('names its legend, so colour is never alone', () => {
    expect(texts(svg)).toEqual(
      expect.arrayContaining([
        'Requests',
        'Failed logins',
        '401 (refused)',
        '404 (not found)',
        '5xx (server error)',
      ]),
    );
  });

  it('keeps no hover styles, event metadata or per-process ids', () => {
    expect(svg).not.toContain('<style');
    expect(svg).not.toContain('ecmeta_');
    expect(svg).not.toMatch(/\bzr\d+-/);
    expect(timelineChart(web2, report.timezone, 'timeline-1')).toBe(svg);
  });
});

describe('thursdayChart', () => {
  const svg = thursdayChart(report.thursdays, '2026-11-19', 'thursdays');

  it('compares logins and failure rates, oldest first, with this week named', () => {
    const labels = texts(svg);
    const dates = labels.filter((t) => /^\d+ (Oct|Nov)/.test(t));
    expect(dates).toEqual(['22 Oct', '29 Oct', '5 Nov', '12 Nov', '19 Nov (this week)']);
    expect(labels).toEqual(
      expect.arrayContaining(['412', '13', '3.1%', '7.1%', 'Successful logins', 'Failure rate']),
    );
    expect(svg).toContain(
      '<desc id="thursdays-desc">Successful and failed logins on the last 5 Thursdays, most recent first: 2026-11-19: 412 logins, 3.1% failed;',
    );
  });
});

describe('accessibleSvg', () => {
  it('escapes the title and description', () => {
    const svg = accessibleSvg('<svg width="1" height="1"></svg>', {
      id: 'x y',
      title: HOSTILE.script,
      desc: 'a & b',
    });
    expect(svg).toBe(
      '<svg width="1" height="1" role="img" aria-labelledby="x-y-title x-y-desc">' +
        '<title id="x-y-title">&lt;script&gt;alert(1)&lt;/script&gt;</title><desc id="x-y-desc">a &amp; b</desc></svg>',
    );
  });

  it('renders an option to an SVG of the chart width', () => {
    const svg = renderSvg(
      { xAxis: { type: 'category', data: ['a'] }, yAxis: {}, series: [{ type: 'bar', data: [1] }] },
      120,
      {
        id: 't',
        title: 'T',
        desc: 'D',
      },
    );
    expect(svg).toMatch(/^<svg width="760" height="120"/);
  });
});
