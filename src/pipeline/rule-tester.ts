import type { ResolvedConfig } from '../config/schema.js';
import { DetectionEngine } from '../detect/engine.js';
import type { Alert, ExampleLine, Rule, RuleExample } from '../detect/types.js';
import { parseDuration } from '../detect/windows.js';
import type { Event } from '../events.js';
import { TrustedProxies } from '../parse/proxies.js';
import { FormatRegistry } from '../parse/registry.js';
import type { ParseContext } from '../parse/types.js';
import { detectOptions } from './detection.js';

export interface ExampleResult {
  readonly rule: string;
  readonly example: string;
  readonly expect: 'no alert' | 'alerts';
  /** Empty when the example passed. */
  readonly problems: readonly string[];
}

/** Example lines carry no host of their own unless their format has one; syslog lines name it. */
const EXAMPLE_CONTEXT: ParseContext = {
  host: 'example',
  timezone: 'UTC',
  referenceMs: Date.UTC(2026, 11, 31, 12),
  trustedProxies: new TrustedProxies([]),
};

/** Parses example lines (`{ line, times, every }` expanded) into events in time order. */
export function exampleEvents(lines: readonly ExampleLine[], registry: FormatRegistry): Event[] {
  const events: Event[] = [];
  for (const entry of lines) {
    const spec = typeof entry === 'string' ? { line: entry, times: 1, every: '0s' } : entry;
    const every = parseDuration(spec.every);
    if (Number.isNaN(every)) throw new Error(`example: "${spec.every}" is not a duration`);
    const detection = registry.detect([spec.line.replaceAll('{i}', '0')], EXAMPLE_CONTEXT);
    if (detection === undefined) throw new Error(`example line is in no known format: ${spec.line}`);
    const parser = detection.format.create(EXAMPLE_CONTEXT);
    for (let i = 0; i < spec.times; i++) {
      const line = spec.line.replaceAll('{i}', String(i));
      const ok = parser.parse(line, (event) => {
        events.push({ ...event, ts: event.ts + i * every, raw: line });
      });
      if (!ok) throw new Error(`example line does not parse as ${detection.format.id}: ${line}`);
    }
  }
  // Stable: lines at the same time keep the order they were written in.
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.ts - b.event.ts || a.index - b.index)
    .map((e) => e.event);
}

/** Runs one rule alone over one example; the alerts it raised. */
export function runExample(
  rule: Rule,
  example: RuleExample,
  config: ResolvedConfig,
  registry: FormatRegistry,
): Alert[] {
  // Examples are written for the rule's defaults: the config's severity and threshold overrides
  // would change what they must raise.
  const engine = new DetectionEngine([rule], {
    ...detectOptions(config, []),
    rules: { [rule.meta.id]: { enabled: true, thresholds: { ...example.thresholds } } },
  });
  for (const event of exampleEvents(example.lines, registry)) engine.push(event);
  return engine.finish();
}

/** RuleTester: every `valid` example raises nothing, every `invalid` one raises what it says. */
export function testRules(rules: readonly Rule[], config: ResolvedConfig): ExampleResult[] {
  const registry = new FormatRegistry(config.formats);
  const results: ExampleResult[] = [];
  for (const rule of rules) {
    for (const example of rule.meta.examples.valid) {
      const problems: string[] = [];
      try {
        const alerts = runExample(rule, example, config, registry);
        if (alerts.length > 0) problems.push(`expected no alert, got ${describeAlerts(alerts)}`);
      } catch (error) {
        problems.push((error as Error).message);
      }
      results.push({ rule: rule.meta.id, example: example.name, expect: 'no alert', problems });
    }
    for (const example of rule.meta.examples.invalid) {
      const problems: string[] = [];
      try {
        const alerts = runExample(rule, example, config, registry);
        if (alerts.length !== example.alerts.length) {
          problems.push(`expected ${String(example.alerts.length)} alert(s), got ${describeAlerts(alerts)}`);
        }
        example.alerts.forEach((expected, i) => {
          const alert = alerts[i];
          if (alert === undefined) return;
          for (const [key, value] of Object.entries(expected)) {
            const actual: unknown = alert[key as keyof Alert];
            if (actual !== value) {
              problems.push(
                `alert ${String(i + 1)}: expected ${key} ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`,
              );
            }
          }
        });
      } catch (error) {
        problems.push((error as Error).message);
      }
      results.push({ rule: rule.meta.id, example: example.name, expect: 'alerts', problems });
    }
  }
  return results;
}

function describeAlerts(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'none';
  return alerts.map((a) => `${a.rule} ${a.severity} ×${String(a.count)} "${a.message}"`).join('; ');
}
