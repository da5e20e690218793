import type { Event } from '../events.js';
import type { Emit, LineParser, ParseContext, ParseFailure } from './types.js';

/** What `diagnose` answers for a line the parser accepts. */
export const PARSES: ParseFailure = { offset: -1, expected: '' };

/**
 * Base of the single-pass parsers: a subclass scans a line into one event or calls `fail` with
 * where it stopped and what it expected there, which `explain` shows for a line nobody parses.
 */
export abstract class ScanningParser implements LineParser {
  abstract readonly format: string;
  /** The file's host and time zone, which every event and zone-less timestamp needs. */
  protected readonly host: string;
  protected readonly zone: string;
  private failOffset = 0;
  private failExpected = '';

  constructor(ctx: ParseContext) {
    this.host = ctx.host;
    this.zone = ctx.timezone;
  }

  parse(line: string, emit: Emit): boolean {
    const event = this.scan(line);
    if (event === null) return false;
    emit(event);
    return true;
  }

  diagnose(line: string): ParseFailure {
    return this.scan(line) === null ? { offset: this.failOffset, expected: this.failExpected } : PARSES;
  }

  protected fail(offset: number, expected: string): null {
    this.failOffset = offset;
    this.failExpected = expected;
    return null;
  }

  protected abstract scan(line: string): Event | null;
}
