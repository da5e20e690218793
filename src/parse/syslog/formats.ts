import { Buffer } from 'node:buffer';
import { EventKinds, type Event } from '../../events.js';
import type { Emit, FormatDefinition, LineParser, ParseContext, ParseFailure } from '../types.js';
import { parseAuthMessage } from './auth.js';
import type { LineInfo } from './common.js';
import { SyslogFramer } from './framing.js';
import { PARSES } from '../scanning.js';

/**
 * The three syslog formats. Each framed line goes through {@link parseAuthMessage}; a message no
 * auth handler knows becomes `syslog.other` (source `syslog`, with program, pid and message), so
 * every framed line is at least one event. `raw` is the line on every event.
 *
 * `FormatDefinition.source` is `auth` for all three: these files (auth.log, secure, the journal)
 * are read for their authentication events; the events themselves say `auth` or `syslog`.
 */

/** Upper bound on the N of `message repeated N times` (a corrupt count must not exhaust memory). */
export const MAX_REPEAT = 100_000;

const REPEATED = 'message repeated ';

function otherEvent(line: LineInfo, message: string): Event {
  const e: Event = {
    ts: line.ts,
    host: line.host,
    source: 'syslog',
    kind: EventKinds.syslogOther,
    raw: line.raw,
    message,
  };
  if (line.program !== '') e.program = line.program;
  if (line.pid >= 0) e.pid = line.pid;
  return e;
}

/** Emits the events of one framed message: auth events, or `syslog.other`; handles `message repeated`. */
export function dispatchMessage(line: LineInfo, message: string, emit: Emit): void {
  if (message.charCodeAt(0) === 109 /* m */ && message.startsWith(REPEATED)) {
    const count = repeatCount(message);
    if (count > 0) {
      const open = message.indexOf('[', REPEATED.length);
      const close = message.lastIndexOf(']');
      let from = open + 1;
      if (message.charCodeAt(from) === 32) from++;
      const inner = close > from ? message.slice(from, close) : message.slice(from);
      const events: Event[] = [];
      if (!parseAuthMessage(line, inner, (e) => events.push(e))) events.push(otherEvent(line, inner));
      for (let i = 0; i < count; i++) {
        for (const e of events) emit(i === 0 ? e : { ...e });
      }
      return;
    }
  }
  if (!parseAuthMessage(line, message, emit)) emit(otherEvent(line, message));
}

/** N of `message repeated N times: [`, or 0 when the message is not of that form. */
function repeatCount(message: string): number {
  let i = REPEATED.length;
  let n = 0;
  while (i < REPEATED.length + 7) {
    const c = message.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) break;
    n = n * 10 + (c - 48);
    i++;
  }
  if (i === REPEATED.length || !message.startsWith(' times: [', i)) return 0;
  return Math.min(n, MAX_REPEAT);
}

function framedParser(format: string, ctx: ParseContext, rfc5424: boolean): LineParser {
  const framer = new SyslogFramer(ctx);
  const frame = framer.frame;
  const read = rfc5424 ? (line: string) => framer.read5424(line) : (line: string) => framer.read3164(line);
  return {
    format,
    parse(line: string, emit: Emit): boolean {
      if (!read(line)) return false;
      dispatchMessage(frame, frame.message, emit);
      return true;
    },
    diagnose(line: string): ParseFailure {
      return read(line) ? PARSES : framer.failure;
    },
  };
}

export const syslogFormat: FormatDefinition = {
  id: 'syslog',
  description:
    'RFC 3164 syslog (`Dec 10 06:55:46 host prog[pid]: msg`) and the ISO 8601 form of Debian 12 rsyslog: auth.log, secure, messages',
  source: 'auth',
  create: (ctx) => framedParser('syslog', ctx, false),
};

export const rfc5424Format: FormatDefinition = {
  id: 'rfc5424',
  description: 'RFC 5424 syslog (`<34>1 2026-11-24T19:04:06.003Z host app procid msgid [sd] msg`)',
  source: 'auth',
  create: (ctx) => framedParser('rfc5424', ctx, true),
};

interface MutableLine {
  ts: number;
  host: string;
  program: string;
  pid: number;
  raw: string;
}

const REALTIME_EXPECTED = '"__REALTIME_TIMESTAMP" (microseconds since the epoch, as a string)';

/** `journalctl -o json` record → frame fields and message; a string naming what is wrong otherwise. */
function readJournal(line: string, ctx: ParseContext, out: MutableLine): string | ParseFailure {
  if (line.charCodeAt(0) !== 123 /* { */) return { offset: 0, expected: 'a JSON object ("{")' };
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    const at = /position (\d+)/.exec(String(error));
    return { offset: at ? Number(at[1]) : 0, expected: 'valid JSON' };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { offset: 0, expected: 'a JSON object ("{")' };
  }
  const r = record as Record<string, unknown>;
  const realtime = r.__REALTIME_TIMESTAMP;
  const micros = typeof realtime === 'string' && /^\d{1,17}$/.test(realtime) ? Number(realtime) : Number.NaN;
  if (Number.isNaN(micros)) return { offset: 0, expected: REALTIME_EXPECTED };
  out.ts = Math.floor(micros / 1000);
  out.host = typeof r._HOSTNAME === 'string' && r._HOSTNAME !== '' ? r._HOSTNAME : ctx.host;
  const ident = r.SYSLOG_IDENTIFIER;
  const comm = r._COMM;
  out.program = typeof ident === 'string' ? ident : typeof comm === 'string' ? comm : '';
  out.pid = pidOf(r._PID);
  if (out.pid < 0) out.pid = pidOf(r.SYSLOG_PID);
  out.raw = line;
  return journalMessage(r.MESSAGE);
}

function pidOf(value: unknown): number {
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : -1;
}

/** MESSAGE is a string, or an array of byte values when it is not valid UTF-8 text. */
function journalMessage(value: unknown): string {
  if (typeof value === 'string') return value;
  if (
    Array.isArray(value) &&
    value.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) <= 255)
  ) {
    return Buffer.from(value as number[]).toString('utf8');
  }
  return '';
}

export const journaldFormat: FormatDefinition = {
  id: 'journald',
  description: 'systemd journal as `journalctl -o json` (one JSON object a line)',
  source: 'auth',
  create(ctx) {
    const line: MutableLine = { ts: 0, host: '', program: '', pid: -1, raw: '' };
    return {
      format: 'journald',
      parse(text: string, emit: Emit): boolean {
        const message = readJournal(text, ctx, line);
        if (typeof message !== 'string') return false;
        dispatchMessage(line, message, emit);
        return true;
      },
      diagnose(text: string): ParseFailure {
        const result = readJournal(text, ctx, line);
        return typeof result === 'string' ? PARSES : result;
      },
    };
  },
};
