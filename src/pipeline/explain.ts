import { hostname } from 'node:os';
import type { ResolvedConfig } from '../config/schema.js';
import type { Event } from '../events.js';
import { TrustedProxies } from '../parse/proxies.js';
import { FormatRegistry } from '../parse/registry.js';
import type { ParseContext } from '../parse/types.js';

export interface FormatAttempt {
  readonly format: string;
  /** Character offset where the format stopped matching. */
  readonly offset: number;
  readonly expected: string;
}

export interface Explanation {
  readonly line: string;
  /** The format that parsed the line, or null when none did. */
  readonly format: string | null;
  /** The events the line produced (several for `message repeated N times`). */
  readonly events: Event[];
  /** For a line no format accepts: every format's attempt, closest (furthest offset) first. */
  readonly attempts: FormatAttempt[];
}

export interface ExplainOptions {
  readonly config: ResolvedConfig;
  readonly format?: string | undefined;
  readonly host?: string | undefined;
  readonly timezone?: string | undefined;
  /** Year inference reference (the file's mtime); default now. */
  readonly referenceMs?: number | undefined;
}

/** How one line parses: which format, which events, or where each format stopped. */
export function explainLine(line: string, options: ExplainOptions): Explanation {
  const registry = new FormatRegistry(options.config.formats);
  const ctx: ParseContext = {
    host: options.host ?? hostname(),
    timezone: options.timezone ?? options.config.timezone,
    referenceMs: options.referenceMs ?? Date.now(),
    trustedProxies: new TrustedProxies(options.config.trustedProxies),
  };
  const candidates = options.format === undefined ? registry.formats : [registry.get(options.format)];
  const attempts: FormatAttempt[] = [];
  for (const format of candidates) {
    const parser = format.create(ctx);
    const events: Event[] = [];
    if (parser.parse(line, (event) => events.push(event))) {
      return { line, format: format.id, events, attempts: [] };
    }
    attempts.push({ format: format.id, ...parser.diagnose(line) });
  }
  attempts.sort((a, b) => b.offset - a.offset);
  return { line, format: null, events: [], attempts };
}
