import pc from 'picocolors';
import type { ResolvedConfig } from '../config/schema.js';
import { formatDuration } from '../detect/windows.js';
import { buildRules } from '../pipeline/detection.js';
import { testRules } from '../pipeline/rule-tester.js';
import { EXIT_ALERTS, EXIT_OK } from './exit-codes.js';

function thresholdText(name: string, value: number): string {
  return name.endsWith('Ms') ? `${name.slice(0, -2)}=${formatDuration(value)}` : `${name}=${String(value)}`;
}

export function runRulesList(config: ResolvedConfig, flags: { json?: boolean }): number {
  const rows = buildRules(config).map((rule) => {
    const settings = config.detection.rules[rule.meta.id];
    return {
      id: rule.meta.id,
      category: rule.meta.category,
      severity: settings?.severity ?? rule.meta.severity,
      enabled: settings?.enabled !== false,
      thresholds: { ...rule.meta.thresholds, ...settings?.thresholds },
      mitre: rule.meta.mitre,
      description: rule.meta.description,
    };
  });
  if (flags.json === true) {
    console.log(JSON.stringify(rows, null, 2));
    return EXIT_OK;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const row of rows) {
    const thresholds = Object.entries(row.thresholds)
      .map(([name, value]) => thresholdText(name, value))
      .join(' ');
    const state = row.enabled ? '' : pc.yellow(' (disabled)');
    console.log(
      `${pc.cyan(row.id.padEnd(width))}  ${row.category.padEnd(11)}  ${row.severity.padEnd(8)}  ${pc.dim(thresholds)}${state}`,
    );
  }
  return EXIT_OK;
}

export function runRulesTest(config: ResolvedConfig): number {
  const results = testRules(buildRules(config), config);
  const failed = results.filter((r) => r.problems.length > 0);
  for (const result of failed) {
    console.log(`${pc.red('FAIL')} ${result.rule}: ${result.example} (${result.expect})`);
    for (const problem of result.problems) console.log(`     ${problem}`);
  }
  console.log(
    `${String(results.length - failed.length)} of ${String(results.length)} rule examples passed` +
      (failed.length > 0 ? pc.red(`, ${String(failed.length)} failed`) : ''),
  );
  return failed.length > 0 ? EXIT_ALERTS : EXIT_OK;
}
