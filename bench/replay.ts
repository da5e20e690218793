import { resolveConfig } from '../src/config/load.js';
import { DetectionEngine } from '../src/detect/engine.js';
import type { Rule } from '../src/detect/types.js';
import type { Event } from '../src/events.js';
import { analyze } from '../src/pipeline/analyze.js';
import { buildRules, detectOptions } from '../src/pipeline/detection.js';

/**
 * Detection alone, for performance work: parses a log once, then replays its events from memory
 * through a fresh engine several times and prints the best time, with every rule and, with
 * `--each`, with each rule alone (what it costs beyond the engine's own work).
 * Usage: node dist-bench/bench/replay.js FILE [--each] [--rounds N]
 * Steadier than end to end, but it overstates garbage collection (every event stays alive) and
 * some gains (see docs/performance.md): confirm a change end to end before keeping it.
 */
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5;
if (file === undefined || !Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('usage: replay.js FILE [--each] [--rounds N]\n');
  process.exit(2);
}

const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());
const events: Event[] = [];
await analyze({
  config,
  paths: [file],
  onWarning: () => undefined,
  detect: false,
  onEvent: (event) => events.push(event),
});

function best(rules: readonly Rule[]): { ms: number; alerts: number } {
  let ms = Number.POSITIVE_INFINITY;
  let alerts = 0;
  for (let round = 0; round < rounds; round++) {
    const engine = new DetectionEngine(rules, detectOptions(config, []));
    const started = process.hrtime.bigint();
    for (const event of events) engine.push(event);
    alerts = engine.finish().length;
    ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms, alerts };
}

const all = buildRules(config);
const none = best([]);
const every = best(all);
const rows = [
  { rules: 'none (engine only)', 'best ms': Math.round(none.ms), alerts: none.alerts },
  { rules: 'every rule', 'best ms': Math.round(every.ms), alerts: every.alerts },
];
if (args.includes('--each')) {
  for (const rule of all) {
    const alone = best([rule]);
    rows.push({ rules: rule.meta.id, 'best ms': Math.round(alone.ms - none.ms), alerts: alone.alerts });
  }
}
console.log(
  `${String(events.length)} events, best of ${String(rounds)} rounds (a rule alone: beyond the engine's own)`,
);
console.table(rows);
