import { readFileSync } from 'node:fs';
import type { Event } from '../../../src/events.js';
import { TrustedProxies } from '../../../src/parse/proxies.js';
import type { FormatDefinition, LineParser, ParseContext } from '../../../src/parse/types.js';

/** A file context: UTC, modified 2026-12-31 unless said otherwise. */
export function context(overrides: Partial<ParseContext> = {}): ParseContext {
  return {
    host: 'ctx-host',
    timezone: 'UTC',
    referenceMs: Date.UTC(2026, 11, 31, 12),
    trustedProxies: new TrustedProxies([]),
    ...overrides,
  };
}

export function parser(format: FormatDefinition, overrides: Partial<ParseContext> = {}): LineParser {
  return format.create(context(overrides));
}

/** Events of one line, or null when the parser rejects it. */
export function eventsOf(p: LineParser, line: string): Event[] | null {
  const out: Event[] = [];
  return p.parse(line, (e) => out.push(e)) ? out : null;
}

export function fileLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}

export function countKinds(events: readonly Event[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) m.set(e.kind, (m.get(e.kind) ?? 0) + 1);
  return m;
}
