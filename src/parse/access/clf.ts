import { EventKinds, type Event } from '../../events.js';
import { monthAt } from '../time.js';
import type { FormatDefinition, ParseContext } from '../types.js';
import type { TrustedProxies } from '../proxies.js';
import { applyRequest, bytesBetween, closingQuote, isEscaped, optionalText } from './request.js';
import { ScanningParser } from '../scanning.js';

/**
 * Common / combined / vhost_combined access logs, scanned with indexOf and charCodeAt (no regex):
 *   [%v[:%p] ]%h %l %u [%t] "%r" %>s %b[ "%{Referer}i" "%{User-Agent}i"[ "%{X-Forwarded-For}i"][ …]]
 */

const SPACE = 32;
const QUOTE = 34;
const LBRACKET = 91;
const RBRACKET = 93;
const DASH = 45;

/** Length of `17/May/2015:10:05:03 +0000`. */
export const CLF_TIME_LENGTH = 26;
export const EXPECTED_CLF_TIME = 'timestamp like 17/May/2015:10:05:03 +0000';

function two(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Reads CLF timestamps (`17/May/2015:10:05:03 +0000`) by offset. The epoch of the last
 * `dd/Mon/yyyy:hh:mm` and zone seen is cached, so most lines cost a compare of those characters.
 */
export class ClfClock {
  /** Character codes of the last `dd/Mon/yyyy:hh:mm ` and zone `+hhmm` (the seconds in between are not compared). */
  private readonly key = new Int32Array(CLF_TIME_LENGTH);
  private known = false;
  private minuteMs = 0;

  /** Epoch ms of the timestamp starting at `at`, or NaN when it is not one. */
  read(text: string, at: number): number {
    if (text.charCodeAt(at + 17) !== 58 || text.charCodeAt(at + 20) !== SPACE) return Number.NaN;
    const second = two(text, at + 18);
    if (second < 0 || second > 60) return Number.NaN;
    if (!this.known || !this.sameMinute(text, at)) {
      if (!this.learn(text, at)) return Number.NaN;
    }
    return this.minuteMs + second * 1000;
  }

  /**
   * Whether the timestamp at `at` has the last one's minute and zone. From the minutes back: a new
   * minute differs there first. Character by character: `startsWith` at an offset into a line
   * (a view into its chunk) cost half as much again.
   */
  private sameMinute(text: string, at: number): boolean {
    const key = this.key;
    for (let i = 16; i >= 0; i--) if (text.charCodeAt(at + i) !== key[i]) return false;
    for (let i = 21; i < CLF_TIME_LENGTH; i++) if (text.charCodeAt(at + i) !== key[i]) return false;
    return true;
  }

  private learn(text: string, at: number): boolean {
    const day = two(text, at);
    const month = monthAt(text, at + 3);
    const year = two(text, at + 7) * 100 + two(text, at + 9);
    const hour = two(text, at + 12);
    const minute = two(text, at + 15);
    const sign = text.charCodeAt(at + 21);
    const zoneHours = two(text, at + 22);
    const zoneMinutes = two(text, at + 24);
    if (
      text.charCodeAt(at + 2) !== 47 ||
      text.charCodeAt(at + 6) !== 47 ||
      text.charCodeAt(at + 11) !== 58 ||
      text.charCodeAt(at + 14) !== 58 ||
      day < 1 ||
      day > 31 ||
      month < 0 ||
      two(text, at + 7) < 0 ||
      two(text, at + 9) < 0 ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      (sign !== 43 && sign !== DASH) ||
      zoneHours < 0 ||
      zoneMinutes < 0
    ) {
      return false;
    }
    const offset = (zoneHours * 60 + zoneMinutes) * 60_000;
    this.minuteMs = Date.UTC(year, month, day, hour, minute) - (sign === DASH ? -offset : offset);
    for (let i = 0; i < CLF_TIME_LENGTH; i++) this.key[i] = text.charCodeAt(at + i);
    this.known = true;
    return true;
  }
}

interface ClfOptions {
  readonly vhost: boolean;
  /** Referer and user agent must follow the byte count (combined), or may (common). */
  readonly agent: boolean;
}

class ClfParser extends ScanningParser {
  private readonly clock = new ClfClock();
  private readonly proxies: TrustedProxies;

  constructor(
    readonly format: string,
    ctx: ParseContext,
    private readonly options: ClfOptions,
  ) {
    super(ctx);
    this.proxies = ctx.trustedProxies;
  }

  protected scan(line: string): Event | null {
    let p = 0;
    let vhost: string | undefined;
    if (this.options.vhost) {
      const end = line.indexOf(' ');
      if (end <= 0) return this.fail(0, 'virtual host (%v:%p) then " "');
      vhost = vhostName(line.slice(0, end));
      p = end + 1;
    }
    const hostStart = p;
    const hostEnd = line.indexOf(' ', p);
    const first = line.charCodeAt(p);
    if (hostEnd <= p || first === LBRACKET || first === QUOTE || first === 123) {
      return this.fail(p, 'client address then " "');
    }
    const identEnd = line.indexOf(' ', hostEnd + 1);
    if (identEnd <= hostEnd + 1) return this.fail(hostEnd + 1, 'ident (usually "-") then " "');
    const userStart = identEnd + 1;
    const userEnd = line.indexOf(' ', userStart);
    if (userEnd <= userStart || line.charCodeAt(userStart) === LBRACKET) {
      return this.fail(userStart, 'user (usually "-") then " "');
    }
    if (line.charCodeAt(userEnd + 1) !== LBRACKET) return this.fail(userEnd + 1, '"[" before the timestamp');
    const t = userEnd + 2;
    const ts = this.clock.read(line, t);
    if (Number.isNaN(ts)) return this.fail(t, EXPECTED_CLF_TIME);
    if (line.charCodeAt(t + CLF_TIME_LENGTH) !== RBRACKET) {
      return this.fail(t + CLF_TIME_LENGTH, '"]" after the timestamp');
    }
    const r = t + CLF_TIME_LENGTH + 1;
    if (line.charCodeAt(r) !== SPACE || line.charCodeAt(r + 1) !== QUOTE) {
      return this.fail(r, '" \\"" before the request');
    }
    const requestEnd = requestClose(line, r + 2);
    if (requestEnd < 0) return this.fail(r + 2, '"\\" " then the status after the request');
    const s = requestEnd + 2;
    const status = statusAt(line, s);
    if (status < 0) return this.fail(s, 'three-digit status then " "');
    const b = s + 4;
    let bytesEnd = line.indexOf(' ', b);
    if (bytesEnd < 0) bytesEnd = line.length;
    const bytes = bytesBetween(line, b, bytesEnd);
    if (bytes < 0) return this.fail(b, 'byte count or "-"');

    const peer = line.slice(hostStart, hostEnd);
    // Every field a request can have, in one order: one hidden class for all of them, so the web
    // rules' reads stay monomorphic (fields are filled in below, never added).
    const event: Event = {
      ts,
      host: this.host,
      source: 'access',
      kind: EventKinds.httpRequest,
      ip: peer,
      user:
        userEnd !== userStart + 1 || line.charCodeAt(userStart) !== DASH
          ? optionalText(line.slice(userStart, userEnd))
          : undefined,
      method: undefined,
      path: undefined,
      status,
      bytes,
      ua: undefined,
      referer: undefined,
      raw: line,
      vhost,
      protocol: undefined,
      malformed: undefined,
    };
    // Escapes are rare: one search from the request on, not one per field.
    const plain = !line.includes('\\', r + 2);
    applyRequest(event, line.slice(r + 2, requestEnd), plain);

    if (bytesEnd === line.length) {
      return this.options.agent ? this.fail(bytesEnd, '" \\"" then the referer') : event;
    }
    // Referer and user agent.
    const refStart = bytesEnd + 2;
    if (line.charCodeAt(refStart - 1) !== QUOTE) {
      return this.options.agent ? this.fail(bytesEnd, '" \\"" then the referer') : event;
    }
    const refEnd = refererClose(line, refStart);
    if (refEnd < 0) {
      return this.options.agent ? this.fail(refStart, '"\\" \\"" after the referer') : event;
    }
    const uaStart = refEnd + 3;
    const uaEnd = closingQuote(line, uaStart);
    if (uaEnd < 0) return this.options.agent ? this.fail(uaStart, '"\\"" closing the user agent') : event;
    event.referer = optionalText(line.slice(refStart, refEnd), plain);
    event.ua = optionalText(line.slice(uaStart, uaEnd), plain);

    // Extra fields: a quoted first one is X-Forwarded-For (nginx `main`).
    if (uaEnd + 2 < line.length && line.charCodeAt(uaEnd + 2) === QUOTE && this.proxies.size > 0) {
      const xffEnd = closingQuote(line, uaEnd + 3);
      if (xffEnd > 0) event.ip = this.proxies.clientAddress(peer, line.slice(uaEnd + 3, xffEnd));
    }
    return event;
  }
}

/** Closing quote of the request: unescaped, followed by " " and a digit. */
function requestClose(line: string, from: number): number {
  let q = line.indexOf('"', from);
  while (q >= 0) {
    if (line.charCodeAt(q + 1) === SPACE && isDigitCode(line.charCodeAt(q + 2)) && !isEscaped(line, q))
      return q;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

/** Closing quote of the referer: unescaped, followed by ` "`. */
function refererClose(line: string, from: number): number {
  let q = line.indexOf('" "', from);
  while (q >= 0) {
    if (!isEscaped(line, q)) return q;
    q = line.indexOf('" "', q + 1);
  }
  return -1;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function statusAt(line: string, at: number): number {
  const a = line.charCodeAt(at) - 48;
  const b = line.charCodeAt(at + 1) - 48;
  const c = line.charCodeAt(at + 2) - 48;
  if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  const after = line.charCodeAt(at + 3);
  if (after !== SPACE) return -1;
  return a * 100 + b * 10 + c;
}

/** `%v:%p` → the name; the port is dropped (`example.org:443`, `[2001:db8::1]:80`, `example.org`). */
export function vhostName(field: string): string {
  if (field.charCodeAt(0) === LBRACKET) {
    const close = field.indexOf(']');
    return close > 0 ? field.slice(1, close) : field;
  }
  const colon = field.lastIndexOf(':');
  if (colon <= 0 || field.indexOf(':') !== colon) return field;
  for (let i = colon + 1; i < field.length; i++) if (!isDigitCode(field.charCodeAt(i))) return field;
  return field.slice(0, colon);
}

export const commonFormat: FormatDefinition = {
  id: 'common',
  description: 'Common Log Format `%h %l %u %t "%r" %>s %b` (Apache common, nginx without referer/agent)',
  source: 'access',
  create: (ctx) => new ClfParser('common', ctx, { vhost: false, agent: false }),
};

export const combinedFormat: FormatDefinition = {
  id: 'combined',
  description:
    'Apache/nginx combined `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`; extra trailing fields allowed, a quoted one right after the user agent is X-Forwarded-For (nginx `main`)',
  source: 'access',
  create: (ctx) => new ClfParser('combined', ctx, { vhost: false, agent: true }),
};

export const vhostCombinedFormat: FormatDefinition = {
  id: 'vhost_combined',
  description: 'Apache vhost_combined `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`',
  source: 'access',
  create: (ctx) => new ClfParser('vhost_combined', ctx, { vhost: true, agent: true }),
};
