import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { BUILTIN_RULES } from '../../src/detect/rules/index.js';
import { testRules } from '../../src/pipeline/rule-tester.js';

const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());

describe('built-in rules, RuleTester style', () => {
  const results = testRules(BUILTIN_RULES, config);
  it.each(results.map((r) => [`${r.rule}: ${r.expect}: ${r.example}`, r] as const))('%s', (_, result) => {
    expect(result.problems).toEqual([]);
  });

  it('every rule except the IoC list has examples both ways', () => {
    for (const rule of BUILTIN_RULES) {
      if (rule.meta.id === 'ioc-match') continue;
      expect(rule.meta.examples.valid.length, rule.meta.id).toBeGreaterThan(0);
      expect(rule.meta.examples.invalid.length, rule.meta.id).toBeGreaterThan(0);
    }
  });
});
