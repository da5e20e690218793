import { isIP } from 'node:net';
import { EventKinds, type Event } from '../../events.js';
import { digitsAt, localToUtc, monthAt, isValidDateTime } from '../time.js';
import type { FormatDefinition } from '../types.js';
import { ScanningParser } from '../scanning.js';

/**
 * Apache `error_log`, 2.4 and 2.2, read by offset:
 *   [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1234:tid 5678] [client 1.2.3.4:5678] AH00124: msg
 *   [Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] msg
 * Timestamps carry no zone: they are read in the file's time zone.
 */

const SPACE = 32;
const LBRACKET = 91;
const RBRACKET = 93;
const COLON = 58;

function isLower(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

class ApacheErrorParser extends ScanningParser {
  readonly format = 'apache_error';

  protected scan(line: string): Event | null {
    if (line.charCodeAt(0) !== LBRACKET) return this.fail(0, '"[" before the timestamp');
    // [Www Mmm dd hh:mm:ss[.uuuuuu] yyyy]
    const month = monthAt(line, 5);
    const day = digitsAt(line, 9, 2);
    const hour = digitsAt(line, 12, 2);
    const minute = digitsAt(line, 15, 2);
    const second = digitsAt(line, 18, 2);
    if (
      line.charCodeAt(4) !== SPACE ||
      line.charCodeAt(8) !== SPACE ||
      line.charCodeAt(11) !== SPACE ||
      line.charCodeAt(14) !== COLON ||
      line.charCodeAt(17) !== COLON ||
      !isValidDateTime(month + 1, day, hour, minute, second)
    ) {
      return this.fail(1, 'timestamp like Wed Oct 11 14:32:52 2000');
    }
    let p = 20;
    let ms = 0;
    if (line.charCodeAt(p) === 46 /* . */) {
      let end = p + 1;
      while (end < line.length && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
      if (end === p + 1) return this.fail(p + 1, 'fraction of a second');
      ms = digitsAt(`${line.slice(p + 1, Math.min(end, p + 4))}00`, 0, 3);
      p = end;
    }
    const year = digitsAt(line, p + 1, 4);
    if (line.charCodeAt(p) !== SPACE || year < 0 || line.charCodeAt(p + 5) !== RBRACKET) {
      return this.fail(p, '" yyyy]" closing the timestamp');
    }
    p += 6;
    if (line.charCodeAt(p) !== SPACE || line.charCodeAt(p + 1) !== LBRACKET) {
      return this.fail(p, '" [" before the level');
    }
    const levelStart = p + 2;
    const levelEnd = line.indexOf(']', levelStart);
    if (levelEnd <= levelStart) return this.fail(levelStart, 'level like "error" or "core:error" then "]"');
    const colon = line.lastIndexOf(':', levelEnd);
    const nameStart = colon >= levelStart ? colon + 1 : levelStart;
    for (let i = nameStart; i < levelEnd; i++) {
      if (!isLower(line.charCodeAt(i))) return this.fail(i, 'level like "error" or "core:error" then "]"');
    }
    if (nameStart === levelEnd) return this.fail(nameStart, 'level like "error" or "core:error" then "]"');
    const apache24 = nameStart > levelStart;
    const event: Event = {
      ts: localToUtc(year, month, day, hour, minute, second, ms, this.zone),
      host: this.host,
      source: 'error',
      kind: EventKinds.httpError,
      level: line.slice(nameStart, levelEnd),
      message: '',
      raw: line,
    };
    p = levelEnd + 1;
    if (line.charCodeAt(p) === SPACE) p++;

    // [pid 1234:tid 5678] or [pid 1234]
    if (line.startsWith('[pid ', p)) {
      let end = p + 5;
      let pid = 0;
      while (end < line.length && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) {
        pid = pid * 10 + line.charCodeAt(end) - 48;
        end++;
      }
      if (end > p + 5) event.pid = pid;
      const close = line.indexOf(']', end);
      if (close < 0) return this.fail(end, '"]" closing the pid');
      p = close + 1;
      if (line.charCodeAt(p) === SPACE) p++;
    }

    // [client 1.2.3.4:5678], possibly after `file(line):` and `(errno)text:` prefixes.
    let message = line.slice(p);
    const client = message.indexOf('[client ');
    if (client >= 0) {
      let close = message.indexOf(']', client + 8);
      if (message.charCodeAt(client + 8) === LBRACKET && close > 0) close = message.indexOf(']', close + 1);
      if (close > client + 8) {
        const address = clientAddress(message.slice(client + 8, close), apache24);
        if (address !== undefined) {
          event.ip = address;
          const after = message.charCodeAt(close + 1) === SPACE ? close + 2 : close + 1;
          message = message.slice(0, client) + message.slice(after);
        }
      }
    }
    event.message = message.trim();
    return event;
  }
}

/**
 * The address of `[client …]`: `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:5678`, and in 2.4 `2001:db8::1:5678`
 * (address and port joined by a colon). Undefined when it is no IP address.
 */
function clientAddress(text: string, apache24: boolean): string | undefined {
  if (isIP(text) === 4) return text;
  if (text.charCodeAt(0) === LBRACKET) {
    const close = text.indexOf(']');
    const inner = text.slice(1, close);
    return close > 0 && isIP(inner) === 6 ? inner : undefined;
  }
  const colon = text.lastIndexOf(':');
  if (colon > 0) {
    const head = text.slice(0, colon);
    const family = isIP(head);
    if (family === 4 || (family === 6 && apache24)) return head;
  }
  return isIP(text) === 6 ? text : undefined;
}

export const apacheErrorFormat: FormatDefinition = {
  id: 'apache_error',
  description:
    'Apache error_log, 2.4 (`[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1:tid 2] [client 1.2.3.4:5678] msg`) and 2.2 (`[Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] msg`)',
  source: 'error',
  create: (ctx) => new ApacheErrorParser(ctx),
};
