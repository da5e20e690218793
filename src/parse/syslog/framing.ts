import { canonical } from '../../events.js';
import { digitsAt, localToUtc, monthAt, offsetDesignatorAt, yearInference, zonedWallToUtc } from '../time.js';
import type { ParseContext, ParseFailure } from '../types.js';

/**
 * Syslog framing: splits a line into timestamp, host, program, pid and message.
 *
 * Three layouts are read, all by offset, never with a regex:
 * - RFC 3164 / BSD: `[<PRI>]Dec 10 06:55:46 host tag[pid]: message` (day space-padded, optional `.fff`)
 * - the ISO form of Debian 12 rsyslog: `2026-11-24T19:04:06.123456+00:00 host tag[pid]: message`
 * - RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]` with `-` NILVALUEs
 *
 * One `SyslogFramer` per file: it owns the mutable {@link SyslogFrame} it fills (no allocation per line)
 * and caches the epoch of the last minute seen, so a timestamp costs a 12-byte compare most of the time.
 */

/** The fields of one framed syslog line. Reused from line to line: copy what you keep. */
export interface SyslogFrame {
  /** Epoch ms, UTC. */
  ts: number;
  host: string;
  /** Tag / APP-NAME as written (`sshd`, `sshd(pam_unix)`, `postfix/smtpd`); '' when the line has none. */
  program: string;
  /** Process id; -1 when the line carries none. */
  pid: number;
  message: string;
  /** The whole line. */
  raw: string;
}

const SPACE = 32;
const COLON = 58;
const LT = 60;
const GT = 62;
const LBRACKET = 91;
const RBRACKET = 93;
const BACKSLASH = 92;
const QUOTE = 34;
const DOT = 46;
const DASH = 45;
const BOM = 0xfeff;

export const EXPECTED_TIMESTAMP = 'month name (Jan…Dec) or ISO 8601 timestamp';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class SyslogFramer {
  readonly frame: SyslogFrame = { ts: 0, host: '', program: '', pid: -1, message: '', raw: '' };
  private lastHost = '';
  private readonly zone: string;
  private readonly defaultHost: string;
  private readonly referenceMs: number;
  private readonly yearOf: (month: number) => number;
  /** `Dec 10 06:55` of the last BSD timestamp and its UTC epoch. */
  private bsdKey = '';
  private bsdMinute = 0;
  /** `2026-11-24T19:04` of the last ISO timestamp and its wall-clock epoch (Date.UTC of the fields). */
  private isoKey = '';
  private isoWallMinute = 0;
  private fractionMs = 0;
  private failOffset = 0;
  private failExpected = '';

  constructor(ctx: ParseContext) {
    this.zone = ctx.timezone;
    this.defaultHost = ctx.host;
    this.referenceMs = ctx.referenceMs;
    this.yearOf = yearInference(ctx.referenceMs, ctx.timezone);
  }

  /** Where the last failed `read3164` / `read5424` stopped. */
  get failure(): ParseFailure {
    return { offset: this.failOffset, expected: this.failExpected };
  }

  private fail(offset: number, expected: string): false {
    this.failOffset = offset;
    this.failExpected = expected;
    return false;
  }

  /** RFC 3164 and the rsyslog ISO form, optionally after `<PRI>`. False when the line is neither. */
  read3164(line: string): boolean {
    let p = 0;
    if (line.charCodeAt(0) === LT) {
      p = this.priEnd(line);
      if (p < 0) return false;
    }
    const q = isDigit(line.charCodeAt(p)) ? this.isoAt(line, p) : this.bsdAt(line, p);
    if (q < 0) return false;
    if (line.charCodeAt(q) !== SPACE) return this.fail(q, 'space after the timestamp');
    return this.tag(line, q + 1);
  }

  /** RFC 5424 (`<PRI>` optional, version 1). False when the line is not. */
  read5424(line: string): boolean {
    const f = this.frame;
    let p = line.charCodeAt(0) === BOM ? 1 : 0;
    if (line.charCodeAt(p) === LT) {
      p = this.priEnd(line, p);
      if (p < 0) return false;
    }
    if (line.charCodeAt(p) !== 49 /* 1 */ || line.charCodeAt(p + 1) !== SPACE) {
      return this.fail(p, 'RFC 5424 version "1 "');
    }
    p += 2;
    if (line.charCodeAt(p) === DASH) {
      f.ts = this.referenceMs;
      p++;
    } else {
      p = this.isoAt(line, p);
      if (p < 0) return false;
    }
    if (line.charCodeAt(p) !== SPACE) return this.fail(p, 'space after the timestamp');
    p++;
    const hostEnd = this.fieldEnd(line, p, 'hostname or "-"');
    if (hostEnd < 0) return false;
    f.host =
      hostEnd === p + 1 && line.charCodeAt(p) === DASH ? this.defaultHost : this.hostAt(line, p, hostEnd);
    p = hostEnd + 1;
    const appEnd = this.fieldEnd(line, p, 'APP-NAME or "-"');
    if (appEnd < 0) return false;
    f.program = appEnd === p + 1 && line.charCodeAt(p) === DASH ? '' : line.slice(p, appEnd);
    p = appEnd + 1;
    const procEnd = this.fieldEnd(line, p, 'PROCID or "-"');
    if (procEnd < 0) return false;
    f.pid = procEnd - p <= 10 ? digitsOnly(line, p, procEnd) : -1;
    p = procEnd + 1;
    const msgIdEnd = this.fieldEnd(line, p, 'MSGID or "-"');
    if (msgIdEnd < 0) return false;
    p = msgIdEnd + 1;
    p = this.structuredDataEnd(line, p);
    if (p < 0) return false;
    if (p === line.length) {
      f.message = '';
    } else if (line.charCodeAt(p) !== SPACE) {
      return this.fail(p, 'space before the message');
    } else {
      p++;
      if (line.charCodeAt(p) === BOM) p++;
      f.message = line.slice(p);
    }
    f.raw = line;
    return true;
  }

  /** Index after `<digits>` at `at`, or -1 (failure recorded). */
  private priEnd(line: string, at = 0): number {
    let i = at + 1;
    while (i < at + 4 && isDigit(line.charCodeAt(i))) i++;
    if (i === at + 1 || line.charCodeAt(i) !== GT) {
      this.fail(i, 'priority digits and ">"');
      return -1;
    }
    return i + 1;
  }

  /** End of a non-empty, space-terminated header field starting at `at`, or -1. */
  private fieldEnd(line: string, at: number, expected: string): number {
    const end = line.indexOf(' ', at);
    if (end <= at) {
      this.fail(at, expected);
      return -1;
    }
    return end;
  }

  private structuredDataEnd(line: string, at: number): number {
    const c = line.charCodeAt(at);
    if (c === DASH) return at + 1;
    if (c !== LBRACKET) {
      this.fail(at, 'structured data ("-" or "[")');
      return -1;
    }
    let i = at;
    while (line.charCodeAt(i) === LBRACKET) {
      i++;
      let quoted = false;
      for (;;) {
        if (i >= line.length) {
          this.fail(
            i,
            quoted ? '"\\"" closing the parameter value' : '"]" closing the structured data element',
          );
          return -1;
        }
        const d = line.charCodeAt(i);
        if (quoted) {
          if (d === BACKSLASH) i++;
          else if (d === QUOTE) quoted = false;
        } else if (d === QUOTE) {
          quoted = true;
        } else if (d === RBRACKET) {
          break;
        }
        i++;
      }
      i++;
    }
    return i;
  }

  /** Reads `Mmm dd hh:mm:ss[.fff]` at `p`; returns the index after it, or -1. */
  private bsdAt(line: string, p: number): number {
    let minute: number;
    if (this.bsdKey !== '' && line.startsWith(this.bsdKey, p)) {
      minute = this.bsdMinute;
    } else {
      const month = monthAt(line, p);
      if (month < 0) return this.failAt(p, EXPECTED_TIMESTAMP);
      if (line.charCodeAt(p + 3) !== SPACE) return this.failAt(p + 3, 'space after the month');
      const day = digitsAt(line, p + 4, 2);
      if (day < 1 || day > 31) return this.failAt(p + 4, 'day of month (1–31)');
      if (line.charCodeAt(p + 6) !== SPACE) return this.failAt(p + 6, 'space after the day');
      const hour = digitsAt(line, p + 7, 2);
      if (hour < 0 || hour > 23) return this.failAt(p + 7, 'hour (00–23)');
      if (line.charCodeAt(p + 9) !== COLON) return this.failAt(p + 9, '":" after the hour');
      const min = digitsAt(line, p + 10, 2);
      if (min < 0 || min > 59) return this.failAt(p + 10, 'minutes (00–59)');
      minute = localToUtc(this.yearOf(month), month, day, hour, min, 0, 0, this.zone);
      this.bsdKey = line.slice(p, p + 12);
      this.bsdMinute = minute;
    }
    if (line.charCodeAt(p + 12) !== COLON) return this.failAt(p + 12, '":" after the minutes');
    const sec = digitsAt(line, p + 13, 2);
    if (sec < 0 || sec > 60) return this.failAt(p + 13, 'seconds (00–60)');
    let q = p + 15;
    let ms = 0;
    if (line.charCodeAt(q) === DOT) {
      q = this.fraction(line, q + 1);
      ms = this.fractionMs;
    }
    this.frame.ts = minute + sec * 1000 + ms;
    return q;
  }

  /** Reads `yyyy-mm-ddThh:mm:ss[.f…][Z|±hh:mm]` at `p`; returns the index after it, or -1. */
  private isoAt(line: string, p: number): number {
    let wallMinute: number;
    if (this.isoKey !== '' && line.startsWith(this.isoKey, p)) {
      wallMinute = this.isoWallMinute;
    } else {
      const year = digitsAt(line, p, 4);
      if (year < 0 || line.charCodeAt(p) === SPACE) return this.failAt(p, EXPECTED_TIMESTAMP);
      if (line.charCodeAt(p + 4) !== DASH) return this.failAt(p + 4, '"-" after the year');
      const month = digitsAt(line, p + 5, 2);
      if (month < 1 || month > 12 || line.charCodeAt(p + 5) === SPACE)
        return this.failAt(p + 5, 'month (01–12)');
      if (line.charCodeAt(p + 7) !== DASH) return this.failAt(p + 7, '"-" after the month');
      const day = digitsAt(line, p + 8, 2);
      if (day < 1 || day > 31 || line.charCodeAt(p + 8) === SPACE) return this.failAt(p + 8, 'day (01–31)');
      if (line.charCodeAt(p + 10) !== 84 /* T */) return this.failAt(p + 10, '"T" between date and time');
      const hour = digitsAt(line, p + 11, 2);
      if (hour < 0 || hour > 23 || line.charCodeAt(p + 11) === SPACE)
        return this.failAt(p + 11, 'hour (00–23)');
      if (line.charCodeAt(p + 13) !== COLON) return this.failAt(p + 13, '":" after the hour');
      const min = digitsAt(line, p + 14, 2);
      if (min < 0 || min > 59 || line.charCodeAt(p + 14) === SPACE)
        return this.failAt(p + 14, 'minutes (00–59)');
      wallMinute = Date.UTC(year, month - 1, day, hour, min);
      this.isoKey = line.slice(p, p + 16);
      this.isoWallMinute = wallMinute;
    }
    if (line.charCodeAt(p + 16) !== COLON) return this.failAt(p + 16, '":" after the minutes');
    const sec = digitsAt(line, p + 17, 2);
    if (sec < 0 || sec > 60 || line.charCodeAt(p + 17) === SPACE)
      return this.failAt(p + 17, 'seconds (00–60)');
    let q = p + 19;
    let ms = 0;
    if (line.charCodeAt(q) === DOT) {
      q = this.fraction(line, q + 1);
      ms = this.fractionMs;
    }
    const wall = wallMinute + sec * 1000 + ms;
    const offset = offsetDesignatorAt(line, q);
    if (Number.isNaN(offset)) {
      this.frame.ts = zonedWallToUtc(wall, this.zone);
      return q;
    }
    this.frame.ts = wall - offset;
    const c = line.charCodeAt(q);
    return c === 90 || c === 122 ? q + 1 : line.charCodeAt(q + 3) === COLON ? q + 6 : q + 5;
  }

  /** Reads fraction digits at `at` into `fractionMs` (ms from the first three); returns the index after them. */
  private fraction(line: string, at: number): number {
    let i = at;
    let ms = 0;
    while (isDigit(line.charCodeAt(i))) {
      if (i - at < 3) ms = ms * 10 + (line.charCodeAt(i) - 48);
      i++;
    }
    const digits = i - at;
    this.fractionMs = digits === 1 ? ms * 100 : digits === 2 ? ms * 10 : ms;
    return i;
  }

  /**
   * The host name in line[start, end): the previous line's string when it is the same (a file
   * names one host throughout), so every event of the file shares one string with a known hash.
   */
  private hostAt(line: string, start: number, end: number): string {
    const host = line.slice(start, end);
    if (host === this.lastHost) return this.lastHost;
    this.lastHost = canonical(host);
    return this.lastHost;
  }

  private failAt(offset: number, expected: string): number {
    this.fail(offset, expected);
    return -1;
  }

  /** Host, then `tag[pid]: ` or `tag: `, then the message, from `p` (just after the timestamp). */
  private tag(line: string, p: number): boolean {
    const f = this.frame;
    const hostEnd = line.indexOf(' ', p);
    if (hostEnd === p || p >= line.length) return this.fail(p, 'hostname');
    f.raw = line;
    f.program = '';
    f.pid = -1;
    if (hostEnd < 0) {
      f.host = line.slice(p);
      f.message = '';
      return true;
    }
    if (line.charCodeAt(hostEnd - 1) === COLON) {
      // `Dec 10 06:55:46 sshd[1]: msg` — no hostname; the tag follows the timestamp directly.
      f.host = this.defaultHost;
    } else {
      f.host = this.hostAt(line, p, hostEnd);
      p = hostEnd + 1;
      while (line.charCodeAt(p) === SPACE) p++;
    }
    let i = p;
    const n = line.length;
    let c = 0;
    while (i < n) {
      c = line.charCodeAt(i);
      if (c === COLON || c === LBRACKET || c === SPACE) break;
      i++;
    }
    let start = p;
    if (i > p && i < n) {
      if (c === COLON) {
        f.program = line.slice(p, i);
        start = i + 1;
      } else if (c === LBRACKET) {
        const close = line.indexOf(']', i + 1);
        const pid = close > i + 1 && close - i <= 11 ? digitsOnly(line, i + 1, close) : -1;
        if (pid >= 0) {
          f.program = line.slice(p, i);
          f.pid = pid;
          start = line.charCodeAt(close + 1) === COLON ? close + 2 : close + 1;
        }
      }
      if (start !== p && line.charCodeAt(start) === SPACE) start++;
    }
    f.message = line.slice(start);
    return true;
  }
}

/** Integer of the ASCII digits in [from, to), or -1 when any is not a digit (or the range is empty). */
export function digitsOnly(text: string, from: number, to: number): number {
  if (to <= from) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}
