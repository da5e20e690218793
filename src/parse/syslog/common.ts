import { isIP } from 'node:net';
import type { Event } from '../../events.js';
import { Interner, hashStep } from '../intern.js';
import type { Emit } from '../types.js';

/** What an auth handler needs from the framed line: the rest comes from the message text. */
export interface LineInfo {
  readonly ts: number;
  readonly host: string;
  /** '' when the line has no program. */
  readonly program: string;
  /** -1 when the line has no pid. */
  readonly pid: number;
  readonly raw: string;
}

/** A handler for the message of one program family; false when the message is not one it knows. */
export type AuthHandler = (line: LineInfo, message: string, emit: Emit) => boolean;

/** Addresses of auth events, which every SSH rule looks up (see {@link Interner}). */
const addresses = new Interner();
/** User names of auth events: an incident of an attack looks each one up in its set of names. */
const users = new Interner();

/**
 * Builds an `auth`-source event; empty / absent fields are undefined. Every auth event has the
 * same fields in the same order (one hidden class), whatever its kind: the SSH rules read them
 * all, a few hundred thousand times a second.
 */
export function authEvent(
  line: LineInfo,
  kind: string,
  user: string | undefined,
  ip: string | undefined,
  port: number,
  authMethod?: string,
): Event {
  return {
    ts: line.ts,
    host: line.host,
    source: 'auth',
    kind,
    ip: ip === '' ? undefined : ip,
    user: user === undefined || user === '' ? undefined : users.internName(user),
    raw: line.raw,
    program: line.program === '' ? undefined : line.program,
    pid: line.pid >= 0 ? line.pid : undefined,
    port: port >= 0 ? port : undefined,
    authMethod: authMethod === '' ? undefined : authMethod,
  };
}

/**
 * The address when `text` is an IPv4 or IPv6 address (one shared string per address, see
 * {@link Interner}), else undefined (host names, junk).
 */
export function ipAddress(text: string): string | undefined {
  const n = text.length;
  if (n < 2 || n > 64) return undefined;
  // Fast path: dotted quad, hashed for the interner as it is read.
  let dots = 0;
  let octet = 0;
  let digits = 0;
  let hash = 0x811c9dc5;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    hash = hashStep(hash, c);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255 || digits > 3) break;
    } else if (c === 46 && digits > 0) {
      dots++;
      octet = 0;
      digits = 0;
    } else {
      break;
    }
  }
  if (i === n) return dots === 3 && digits > 0 ? addresses.internHashed(text, hash) : undefined;
  if (!text.includes(':')) return undefined;
  return isIP(text) === 6 ? addresses.intern(text) : undefined;
}

/** Integer of the digits at `at` (at most 7), or -1 when there is none. */
export function intAt(text: string, at: number): number {
  let value = -1;
  for (let i = at; i < at + 7; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) break;
    value = (value < 0 ? 0 : value * 10) + (c - 48);
  }
  return value;
}

/** Result of {@link userIpPort}: reused, copy what you keep. */
export interface Peer {
  user: string | undefined;
  ip: string | undefined;
  port: number;
}

const USER_PREFIXES = ['authenticating user ', 'invalid user ', 'user '] as const;

/**
 * Reads `[authenticating user X |invalid user X |user X ]IP[ port N]` in text[start, end):
 * the address is the last word before ` port` (or before `end`), so a user name with spaces stays whole.
 */
export function userIpPort(text: string, start: number, end: number, out: Peer): Peer {
  out.user = undefined;
  out.port = -1;
  let ipEnd = end;
  const portAt = text.lastIndexOf(' port ', end - 6);
  if (portAt >= start) {
    out.port = intAt(text, portAt + 6);
    ipEnd = portAt;
  }
  const space = text.lastIndexOf(' ', ipEnd - 1);
  const ipStart = space >= start ? space + 1 : start;
  out.ip = ipAddress(text.slice(ipStart, ipEnd));
  if (ipStart > start) {
    for (const prefix of USER_PREFIXES) {
      if (text.startsWith(prefix, start)) {
        out.user = text.slice(start + prefix.length, ipStart - 1);
        break;
      }
    }
  }
  return out;
}

/** Text of `key=value` in a PAM `k=v k=v` list (value up to the next space), or undefined. */
export function pamField(text: string, key: string): string | undefined {
  let at = text.indexOf(key);
  while (at > 0 && text.charCodeAt(at - 1) !== 32 && text.charCodeAt(at - 1) !== 59) {
    at = text.indexOf(key, at + 1);
  }
  if (at < 0) return undefined;
  const from = at + key.length;
  const space = text.indexOf(' ', from);
  const value = space < 0 ? text.slice(from) : text.slice(from, space);
  return value === '' ? undefined : value;
}
