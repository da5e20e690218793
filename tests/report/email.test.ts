import { describe, expect, it } from 'vitest';
import { reportEmail } from '../../src/report/email.js';
import type { WeeklyReport } from '../../src/report/model.js';
import { HOSTILE, SAMPLE_INCIDENTS, sampleReport } from './sample-report.js';

describe('reportEmail', () => {
  const email = reportEmail(sampleReport());

  it('names the week, the count, the worst severity and the verdict in the subject', () => {
    expect(email.subject).toBe('[logwarden] Week 2026-W47: 3 incidents (1 high), nothing needs action');
  });

  it('says when action is needed, and when there was nothing', () => {
    const report = sampleReport();
    const urgent: WeeklyReport = {
      ...report,
      headline: {
        ...report.headline,
        needsAction: true,
        bySeverity: report.headline.bySeverity.map((row) =>
          row.severity === 'critical' ? { ...row, thisWeek: 1 } : row,
        ),
      },
    };
    expect(reportEmail(urgent).subject).toBe(
      '[logwarden] Week 2026-W47: 4 incidents (1 critical), action needed',
    );
    expect(reportEmail(urgent).html).toContain('⚠ Action needed');
    const quiet: WeeklyReport = {
      ...report,
      incidents: [],
      headline: {
        ...report.headline,
        bySeverity: report.headline.bySeverity.map((r) => ({ ...r, thisWeek: 0 })),
      },
    };
    const quietEmail = reportEmail(quiet);
    expect(quietEmail.subject).toBe('[logwarden] Week 2026-W47: no incidents, nothing needs action');
    expect(quietEmail.text).toContain('No incidents this week.');
  });

  it('has the headline, the severity table, the three most severe incidents and the attachment note', () => {
    expect(email.text).toContain('Someone tried hundreds of passwords on web1');
    expect(email.text).toContain('No action needed.');
    expect(email.text).toMatch(/^Severity\s+This week\s+Last week\s+Change$/m);
    expect(email.text).toMatch(/^CRITICAL\s+0\s+1\s+↓ 1 fewer$/m);
    const listed = email.text.split('\n').filter((line) => line.startsWith('- '));
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatch(
      /^- HIGH ssh-brute-force on web1\.example\.org, 2026-11-18 02:12 → 02:29 \(17 min\): /,
    );
    expect(listed[1]).toMatch(/^- MEDIUM web-scan/);
    expect(email.text.trimEnd().endsWith('The full report is attached.')).toBe(true);
    expect(email.html).toContain('The full report is attached.');
  });

  it('lists at most three incidents, most severe first', () => {
    const many = { ...sampleReport(), incidents: [...SAMPLE_INCIDENTS].reverse().concat(SAMPLE_INCIDENTS) };
    const listed = reportEmail(many)
      .text.split('\n')
      .filter((line) => line.startsWith('- '));
    expect(listed.map((l) => l.split(' ')[1])).toEqual(['HIGH', 'HIGH', 'MEDIUM']);
  });

  it('stays short', () => {
    expect(email.text.split('\n').length).toBeLessThan(25);
    expect(email.html.length).toBeLessThan(8_000);
  });

  it('escapes log values in HTML and keeps the plain text free of control characters', () => {
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).not.toContain(HOSTILE.longPath.slice(0, 400));
    // eslint-disable-next-line no-control-regex
    expect(email.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
