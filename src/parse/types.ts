import type { Event, EventSource } from '../events.js';
import type { TrustedProxies } from './proxies.js';

/** What a parser needs to know about the file a line came from. Built once per file. */
export interface ParseContext {
  /** Host for lines that do not name one (syslog lines carry their own). */
  readonly host: string;
  /** IANA zone for timestamps without an offset. */
  readonly timezone: string;
  /** Epoch ms the file was last modified: year inference for year-less timestamps. */
  readonly referenceMs: number;
  /** Peers whose X-Forwarded-For is believed. */
  readonly trustedProxies: TrustedProxies;
}

export type Emit = (event: Event) => void;

/** Where a line stopped matching a format, for `explain`. */
export interface ParseFailure {
  /** Character offset in the line where parsing stopped. */
  readonly offset: number;
  /** What the parser expected there, in words (`"[" before the timestamp`). */
  readonly expected: string;
}

export interface LineParser {
  readonly format: string;
  /**
   * Parses one line (without its line ending). Calls `emit` once per event (several for
   * `message repeated N times`). Returns false, emitting nothing, when the line is not of
   * this format. Never throws.
   */
  parse(line: string, emit: Emit): boolean;
  /** Explains why `parse` returned false for this line. */
  diagnose(line: string): ParseFailure;
}

export interface FormatDefinition {
  /** Name used in `--format`, config and `analyze` output (`combined`, `syslog`, …). */
  readonly id: string;
  readonly description: string;
  readonly source: EventSource;
  /** Compiles a parser for one file; all per-format preparation happens here, not per line. */
  create(ctx: ParseContext): LineParser;
}
