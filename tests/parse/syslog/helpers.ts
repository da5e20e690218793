import type { Event } from '../../../src/events.js';
import type { LineParser } from '../../../src/parse/types.js';
export { context, fileLines, parser } from '../../helpers/parsing.js';

/** Events of one line, or null when the parser rejects it. */
export function eventsOf(p: LineParser, line: string): Event[] | null {
  const out: Event[] = [];
  return p.parse(line, (e) => out.push(e)) ? out : null;
}

export function countKinds(events: readonly Event[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) m.set(e.kind, (m.get(e.kind) ?? 0) + 1);
  return m;
}
