import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoResult } from '../../src/demo/generate.js';
import type { DemoScore } from '../../src/demo/score.js';
import type { AnalyzeReport } from '../../src/pipeline/analyze.js';
import { analyzeDemo } from '../../src/pipeline/demo.js';

/** The demo month exactly as `npm run demo` makes it, analyzed with every built-in rule. */
describe('the demo month', () => {
  let demo: DemoResult;
  let report: AnalyzeReport;
  let score: DemoScore;

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'lw-demo-'));
    demo = await generateDemo({ outDir });
    ({ report, score } = await analyzeDemo(demo, outDir, () => undefined));
  }, 120_000);

  it('parses every line', () => {
    expect(report.unparsed).toBe(0);
    expect(report.lines).toBe(demo.lines);
  });

  it('finds every planted attack', () => {
    expect(score.missed.map((a) => a.id)).toEqual([]);
    expect(score.found).toHaveLength(demo.attacks.length);
  });

  it('raises no alert on the normal traffic, Thursday peaks included', () => {
    expect(score.unexplained.map((a) => `${a.rule}: ${a.message}`)).toEqual([]);
  });

  it('tells one attack once: no rule raises two alerts for one planted attack', () => {
    for (const { attack, alerts } of score.found) {
      const rules = alerts.map((a) => a.rule);
      expect(new Set(rules).size, attack.id).toBe(rules.length);
    }
  });

  it('marks the compromises critical and names the attackers of the credential stuffing only', () => {
    const critical = report.alerts.filter((a) => a.severity === 'critical').map((a) => a.rule);
    expect(critical.sort()).toEqual(['ssh-success-after-failures', 'web-success-after-failures']);
    const stuffing = report.alerts.find((a) => a.rule === 'web-credential-stuffing');
    const attackers = new Set(demo.attacks.find((a) => a.id === 'web-credential-stuffing')?.sourceIps);
    const listed = stuffing?.source_ips ?? [];
    expect(listed.filter((ip) => attackers.has(ip)).length / listed.length).toBeGreaterThan(0.9);
  });
});
