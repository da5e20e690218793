import { EventKinds, type Event } from '../../events.js';
import { applyRequest, stripPort } from '../access/request.js';
import { digitsAt, localToUtc, isValidDateTime } from '../time.js';
import type { FormatDefinition } from '../types.js';
import { ScanningParser } from '../scanning.js';

/**
 * nginx `error.log`, read by offset:
 *   2026/11/24 19:04:06 [error] 1234#1234: *5 open() "/x" failed (2: No such file or directory),
 *     client: 1.2.3.4, server: example.org, request: "GET /x HTTP/1.1", host: "example.org"
 * The message is everything before `, client: `; the context after it gives ip, request and vhost.
 * Timestamps carry no zone: they are read in the file's time zone.
 */

const SPACE = 32;
const SLASH = 47;
const COLON = 58;
const LEVELS = new Set(['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg']);
const CLIENT = ', client: ';

class NginxErrorParser extends ScanningParser {
  readonly format = 'nginx_error';

  protected scan(line: string): Event | null {
    const year = digitsAt(line, 0, 4);
    const month = digitsAt(line, 5, 2);
    const day = digitsAt(line, 8, 2);
    const hour = digitsAt(line, 11, 2);
    const minute = digitsAt(line, 14, 2);
    const second = digitsAt(line, 17, 2);
    if (
      year < 1000 ||
      line.charCodeAt(4) !== SLASH ||
      line.charCodeAt(7) !== SLASH ||
      line.charCodeAt(10) !== SPACE ||
      line.charCodeAt(13) !== COLON ||
      line.charCodeAt(16) !== COLON ||
      !isValidDateTime(month, day, hour, minute, second)
    ) {
      return this.fail(0, 'timestamp like 2026/11/24 19:04:06');
    }
    if (!line.startsWith(' [', 19)) return this.fail(19, '" [" before the level');
    const levelEnd = line.indexOf('] ', 21);
    const level = levelEnd < 0 ? '' : line.slice(21, levelEnd);
    if (!LEVELS.has(level))
      return this.fail(21, 'level (debug, info, notice, warn, error, crit, alert, emerg) then "] "');
    // pid#tid:
    let p = levelEnd + 2;
    const hash = line.indexOf('#', p);
    const pid = hash < 0 ? -1 : digitsAt(line, p, hash - p);
    if (pid < 0 || hash === p) return this.fail(p, 'pid#tid');
    const tidEnd = line.indexOf(':', hash + 1);
    if (tidEnd < 0 || digitsAt(line, hash + 1, tidEnd - hash - 1) < 0 || tidEnd === hash + 1) {
      return this.fail(hash + 1, 'thread id then ":"');
    }
    p = tidEnd + 1;
    if (line.charCodeAt(p) === SPACE) p++;
    // *connection-id
    if (line.charCodeAt(p) === 42 /* * */) {
      const end = line.indexOf(' ', p);
      p = end < 0 ? line.length : end + 1;
    }
    const event: Event = {
      ts: localToUtc(year, month - 1, day, hour, minute, second, 0, this.zone),
      host: this.host,
      source: 'error',
      kind: EventKinds.httpError,
      level,
      message: '',
      pid,
      raw: line,
    };
    const client = line.lastIndexOf(CLIENT);
    if (client < p) {
      event.message = line.slice(p);
      return event;
    }
    event.message = line.slice(p, client);
    readContext(event, line, client + 2);
    return event;
  }
}

/** Reads `key: value, key: "value", …` from `at` to the end of the line into the event. */
function readContext(event: Event, line: string, at: number): void {
  let p = at;
  while (p < line.length) {
    const colon = line.indexOf(': ', p);
    if (colon < 0) return;
    const key = line.slice(p, colon);
    let start = colon + 2;
    let end: number;
    let next: number;
    if (line.charCodeAt(start) === 34 /* " */) {
      start++;
      end = line.indexOf('", ', start);
      if (end < 0) end = line.endsWith('"') ? line.length - 1 : line.length;
      next = end + 3;
    } else {
      end = line.indexOf(', ', start);
      if (end < 0) end = line.length;
      next = end + 2;
    }
    const value = line.slice(start, end);
    switch (key) {
      case 'client':
        event.ip = stripPort(value);
        break;
      case 'request':
        applyRequest(event, value);
        break;
      case 'host':
        event.vhost = value;
        break;
      case 'referrer':
        event.referer = value;
        break;
      default:
        break;
    }
    p = next;
  }
}

export const nginxErrorFormat: FormatDefinition = {
  id: 'nginx_error',
  description:
    'nginx error.log (`2026/11/24 19:04:06 [error] 1234#1234: *5 msg, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", host: "x"`)',
  source: 'error',
  create: (ctx) => new NginxErrorParser(ctx),
};
