import { EventKinds } from '../../events.js';
import type { Emit } from '../types.js';
import { authEvent, intAt, ipAddress, userIpPort, type LineInfo, type Peer } from './common.js';

/**
 * OpenSSH server messages (`sshd`, and `sshd-session` / `sshd-auth` of OpenSSH ≥ 9.8).
 * Dispatch is a switch on the first character, then `startsWith`; the variable parts are found
 * from the end of the message (` from `, ` port `), so odd user names cannot shift the address.
 */

const peer: Peer = { user: undefined, ip: undefined, port: -1 };
const PREAUTH = ' [preauth]';
const MAX_ATTEMPTS = 'maximum authentication attempts exceeded for ';
const NO_IDENT = 'Did not receive identification string from ';
const BANNER = 'banner exchange: Connection from ';
const NEGOTIATE = 'Unable to negotiate with ';
const DISPATCH_FATAL = 'ssh_dispatch_run_fatal: Connection from ';
const REVERSE = 'reverse mapping checking getaddrinfo for ';
const RECEIVED = 'Received disconnect from ';
const CLOSED = 'Connection closed by ';
const RESET = 'Connection reset by ';
const DISCONNECTED = 'Disconnected from ';

export function parseSshd(line: LineInfo, message: string, emit: Emit): boolean {
  let msg = message.endsWith(PREAUTH) ? message.slice(0, -PREAUTH.length) : message;
  if (msg.startsWith('error: ')) msg = msg.slice(7);
  switch (msg.charCodeAt(0)) {
    case 70: // F
      if (msg.startsWith('Failed ')) return attempt(line, msg, 7, EventKinds.authFailure, emit);
      return false;
    case 65: // A
      if (msg.startsWith('Accepted ')) return attempt(line, msg, 9, EventKinds.authSuccess, emit);
      if (msg.startsWith('Address ') && msg.endsWith('POSSIBLE BREAK-IN ATTEMPT!')) {
        const end = msg.indexOf(' ', 8);
        emit(authEvent(line, EventKinds.authProbe, undefined, ipAddress(msg.slice(8, end)), -1));
        return true;
      }
      return false;
    case 73: // I
      if (msg.startsWith('Invalid user ')) return invalidUser(line, msg, emit);
      return false;
    case 67: // C
      if (msg.startsWith(CLOSED))
        return peerEvent(line, msg, CLOSED.length, msg.length, EventKinds.authDisconnect, emit);
      if (msg.startsWith(RESET))
        return peerEvent(line, msg, RESET.length, msg.length, EventKinds.authDisconnect, emit);
      return false;
    case 68: // D
      return startsWithD(line, msg, emit);
    case 82: // R
      if (msg.startsWith(RECEIVED)) return receivedDisconnect(line, msg, emit);
      return false;
    case 109: // m
      if (msg.startsWith(MAX_ATTEMPTS)) {
        return attemptTail(line, msg, MAX_ATTEMPTS.length, EventKinds.authMaxAttempts, undefined, emit);
      }
      return false;
    case 98: // b
      if (msg.startsWith(BANNER)) {
        const end = msg.indexOf(':', msg.indexOf(' port ', BANNER.length));
        return peerEvent(line, msg, BANNER.length, end < 0 ? msg.length : end, EventKinds.authProbe, emit);
      }
      return false;
    case 107: // k
      if (msg.startsWith('kex_exchange_identification: ')) {
        emit(authEvent(line, EventKinds.authProbe, undefined, undefined, -1));
        return true;
      }
      return false;
    case 85: // U
      if (msg.startsWith(NEGOTIATE)) {
        const end = msg.indexOf(':', msg.indexOf(' port ', NEGOTIATE.length));
        return peerEvent(line, msg, NEGOTIATE.length, end < 0 ? msg.length : end, EventKinds.authProbe, emit);
      }
      return false;
    case 66: // B
      if (msg.startsWith('Bad protocol version identification ')) {
        const from = msg.lastIndexOf(' from ');
        if (from < 0) return false;
        return peerEvent(line, msg, from + 6, msg.length, EventKinds.authProbe, emit);
      }
      return false;
    case 115: // s
      if (msg.startsWith(DISPATCH_FATAL)) {
        const portAt = msg.indexOf(' port ', DISPATCH_FATAL.length);
        const end = portAt < 0 ? msg.indexOf(':', DISPATCH_FATAL.length) : msg.indexOf(':', portAt);
        return peerEvent(
          line,
          msg,
          DISPATCH_FATAL.length,
          end < 0 ? msg.length : end,
          EventKinds.authProbe,
          emit,
        );
      }
      return false;
    case 114: // r
      if (msg.startsWith(REVERSE)) {
        const open = msg.indexOf(' [', REVERSE.length);
        const close = open < 0 ? -1 : msg.indexOf(']', open);
        const ip = close < 0 ? undefined : ipAddress(msg.slice(open + 2, close));
        emit(authEvent(line, EventKinds.authProbe, undefined, ip, -1));
        return true;
      }
      return false;
    default:
      return false;
  }
}

function startsWithD(line: LineInfo, msg: string, emit: Emit): boolean {
  if (msg.startsWith(DISCONNECTED)) {
    return peerEvent(line, msg, DISCONNECTED.length, msg.length, EventKinds.authDisconnect, emit);
  }
  if (msg.startsWith(NO_IDENT)) {
    return peerEvent(line, msg, NO_IDENT.length, msg.length, EventKinds.authProbe, emit);
  }
  if (msg.startsWith('Disconnecting')) {
    // `Disconnecting authenticating user X IP port N: Too many authentication failures`, also
    // `invalid user X …`, and old `Disconnecting: Too many authentication failures` (no address).
    const tooMany = msg.includes('Too many authentication failures');
    const kind = tooMany ? EventKinds.authMaxAttempts : EventKinds.authDisconnect;
    const next = msg.charCodeAt(13);
    if (next === 58 /* : */) {
      emit(authEvent(line, kind, undefined, undefined, -1));
      return true;
    }
    if (next !== 32) return false;
    const portAt = msg.indexOf(' port ', 14);
    const end = portAt < 0 ? msg.indexOf(':', 14) : msg.indexOf(':', portAt);
    return peerEvent(line, msg, 14, end < 0 ? msg.length : end, kind, emit);
  }
  return false;
}

/** `Failed|Accepted METHOD for [invalid user ]X from IP port N ssh2[: …]`; `at` is just after the verb. */
function attempt(line: LineInfo, msg: string, at: number, kind: string, emit: Emit): boolean {
  const space = msg.indexOf(' ', at);
  if (space < 0 || !msg.startsWith(' for ', space)) return false;
  let method = msg.slice(at, space);
  const slash = method.indexOf('/');
  if (slash > 0) method = method.slice(0, slash);
  return attemptTail(line, msg, space + 5, kind, method, emit);
}

/** `[invalid user ]X from IP port N …` at `at`. */
function attemptTail(
  line: LineInfo,
  msg: string,
  at: number,
  kind: string,
  method: string | undefined,
  emit: Emit,
): boolean {
  const from = msg.lastIndexOf(' from ');
  if (from < at - 1) return false;
  const userStart = msg.startsWith('invalid user ', at) ? at + 13 : at;
  const user = userStart <= from ? msg.slice(userStart, from) : '';
  const ipStart = from + 6;
  const ipEnd = msg.indexOf(' ', ipStart);
  const ip = ipAddress(ipEnd < 0 ? msg.slice(ipStart) : msg.slice(ipStart, ipEnd));
  const port = ipEnd >= 0 && msg.startsWith(' port ', ipEnd) ? intAt(msg, ipEnd + 6) : -1;
  emit(authEvent(line, kind, user, ip, port, method));
  return true;
}

/** `Invalid user X from IP[ port N]`. */
function invalidUser(line: LineInfo, msg: string, emit: Emit): boolean {
  const from = msg.lastIndexOf(' from ');
  if (from < 12) {
    emit(authEvent(line, EventKinds.authInvalidUser, msg.slice(13), undefined, -1));
    return true;
  }
  userIpPort(msg, from + 6, msg.length, peer);
  emit(authEvent(line, EventKinds.authInvalidUser, msg.slice(13, from), peer.ip, peer.port));
  return true;
}

/** `[authenticating user X |invalid user X |user X ]IP[ port N]` in msg[start, end). */
function peerEvent(
  line: LineInfo,
  msg: string,
  start: number,
  end: number,
  kind: string,
  emit: Emit,
): boolean {
  userIpPort(msg, start, end, peer);
  emit(authEvent(line, kind, peer.user, peer.ip, peer.port));
  return true;
}

/** `Received disconnect from IP port N:11: …`, old `Received disconnect from IP: 11: …`. */
function receivedDisconnect(line: LineInfo, msg: string, emit: Emit): boolean {
  const portAt = msg.indexOf(' port ', RECEIVED.length);
  let end: number;
  if (portAt >= 0) {
    end = msg.indexOf(':', portAt);
  } else {
    end = msg.indexOf(': ', RECEIVED.length);
  }
  return peerEvent(line, msg, RECEIVED.length, end < 0 ? msg.length : end, EventKinds.authDisconnect, emit);
}
