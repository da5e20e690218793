import { expect } from 'vitest';
import { ErrorCodes, LogwardenError } from '../../../src/errors.js';
import type { Event } from '../../../src/events.js';
import type { LineParser } from '../../../src/parse/types.js';
import { fileLines } from '../../helpers/parsing.js';
export { context, fileLines, parser } from '../../helpers/parsing.js';

/** The one event of a line, or null when the parser rejects it. */
export function eventOf(p: LineParser, line: string): Event | null {
  const out: Event[] = [];
  if (!p.parse(line, (e) => out.push(e))) return null;
  expect1(out.length);
  return out[0] ?? null;
}

function expect1(n: number): void {
  if (n !== 1) throw new Error(`expected one event, got ${n}`);
}

/** Sample log lines of an annotated fixture (the ones expected to parse). */
export function fixtureSamples(path: string): string[] {
  return fileLines(path).filter((l) => !l.startsWith('#'));
}

/** Feeds fuzzed lines to parse and diagnose; both must not throw, and diagnose must point inside the line. */
export function fuzzParser(p: LineParser, lines: readonly string[]): number {
  let parsed = 0;
  for (const line of lines) {
    if (p.parse(line, () => undefined)) parsed++;
    else {
      const failure = p.diagnose(line);
      if (failure.offset < 0 || failure.offset > line.length || failure.expected === '') {
        throw new Error(`bad diagnosis ${JSON.stringify(failure)} for ${JSON.stringify(line)}`);
      }
    }
  }
  return parsed;
}

/** `f` must throw LW_FORMAT_INVALID with a message matching `pattern`. */
export function expectFormatInvalid(f: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LogwardenError);
  expect((error as LogwardenError).code).toBe(ErrorCodes.formatInvalid);
  expect((error as LogwardenError).message).toMatch(pattern);
}
