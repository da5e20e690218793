import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Random } from '../../src/demo/random.js';
import type { Event } from '../../src/events.js';
import type { LineParser } from '../../src/parse/types.js';

/**
 * Annotated fixtures, fail2ban style. In a fixture file:
 *   `# text`            a comment saying what the block below is about
 *   `# expect: JSON`    what the next log line must produce: `null` (not this format),
 *                       an object (one event, partial match) or an array (one entry per event)
 * A log line without an `expect` annotation must parse, whatever it produces.
 */
export interface AnnotatedLine {
  readonly lineNo: number;
  readonly line: string;
  readonly expected: null | Partial<Event> | Partial<Event>[] | undefined;
}

export function readAnnotatedFixture(path: string): AnnotatedLine[] {
  const out: AnnotatedLine[] = [];
  let pending: AnnotatedLine['expected'];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.startsWith('# expect:')) {
        pending = JSON.parse(line.slice('# expect:'.length)) as AnnotatedLine['expected'];
      } else if (line.startsWith('#') || line === '') {
        return;
      } else {
        out.push({ lineNo: index + 1, line, expected: pending });
        pending = undefined;
      }
    });
  return out;
}

/** Checks every line of an annotated fixture against a parser; failures name the fixture line. */
export function expectFixture(parser: LineParser, path: string): void {
  for (const { lineNo, line, expected } of readAnnotatedFixture(path)) {
    const events: Event[] = [];
    const ok = parser.parse(line, (e) => events.push(e));
    const where = `${path}:${lineNo}: ${line}`;
    if (expected === null) {
      expect(ok, where).toBe(false);
      expect(events, where).toHaveLength(0);
      continue;
    }
    expect(ok, where).toBe(true);
    if (expected === undefined) continue;
    const list = Array.isArray(expected) ? expected : [expected];
    expect(events, where).toHaveLength(list.length);
    list.forEach((partial, i) => {
      expect(events[i], where).toMatchObject(partial);
    });
  }
}

/** Deterministic PRNG (the demo's mulberry32) for fuzz tests: a failure reproduces from its seed. */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

/** Random strings, truncations and byte mutations of real lines: what a fuzz test feeds a parser. */
export function fuzzLines(samples: readonly string[], count: number, seed = 1): string[] {
  const random = seededRandom(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const sample = samples[pick(samples.length)] ?? '';
    switch (i % 4) {
      case 0: {
        const len = pick(300);
        let s = '';
        for (let j = 0; j < len; j++) s += String.fromCharCode(pick(0x3000));
        out.push(s);
        break;
      }
      case 1:
        out.push(sample.slice(0, pick(sample.length + 1)));
        break;
      case 2: {
        let mutated = sample;
        for (let j = 0; j < 1 + pick(5); j++) {
          const at = pick(mutated.length);
          mutated = mutated.slice(0, at) + String.fromCharCode(pick(128)) + mutated.slice(at + 1);
        }
        out.push(mutated);
        break;
      }
      default:
        out.push(sample.slice(pick(sample.length)) + sample.slice(0, pick(sample.length)));
    }
  }
  return out;
}
