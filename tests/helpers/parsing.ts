import { readFileSync } from 'node:fs';
import { TrustedProxies } from '../../src/parse/proxies.js';
import type { FormatDefinition, LineParser, ParseContext } from '../../src/parse/types.js';

/** A file context: UTC, host `ctx-host`, modified 2026-12-31, no trusted proxies unless said otherwise. */
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

/** Non-empty lines of a file (CRLF or LF). */
export function fileLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}
