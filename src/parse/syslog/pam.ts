import { EventKinds } from '../../events.js';
import type { Emit } from '../types.js';
import { authEvent, ipAddress, pamField, type LineInfo } from './common.js';

/**
 * PAM module messages, in any program:
 * - `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root`
 * - `pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)` / `session closed for user alice`
 * - the old loghub form, where the module is in the tag: `sshd(pam_unix)[19939]: authentication failure; …`
 *
 * `su`/`su-l` authentication failures are `su.failure` (user = ruser, the one who tried);
 * `sudo` ones are left to sudo's own `N incorrect password attempts` line (no double count).
 */

/** `pam_MODULE(SERVICE:TYPE): text`. */
export function parsePamMessage(line: LineInfo, message: string, emit: Emit): boolean {
  const open = message.indexOf('(', 4);
  const colon = open < 0 ? -1 : message.indexOf(':', open);
  const close = colon < 0 ? -1 : message.indexOf('): ', colon);
  if (close < 0) return false;
  return pamText(line, message.slice(open + 1, colon), message, close + 3, emit);
}

/** Old form: program `SERVICE(pam_unix)`, message `authentication failure; …` / `session opened …`. */
export function parseOldPam(line: LineInfo, message: string, emit: Emit): boolean {
  const open = line.program.indexOf('(');
  return pamText(line, line.program.slice(0, open), message, 0, emit);
}

function pamText(line: LineInfo, service: string, msg: string, at: number, emit: Emit): boolean {
  if (msg.startsWith('authentication failure;', at)) {
    if (service === 'sudo' || service === 'sudo-i') return false;
    const rest = at === 0 ? msg : msg.slice(at);
    const rhost = pamField(rest, 'rhost=');
    const user = pamField(rest, 'user=');
    if (service === 'su' || service === 'su-l') {
      emit(authEvent(line, EventKinds.suFailure, pamField(rest, 'ruser=') ?? user, undefined, -1));
      return true;
    }
    const ip = rhost === undefined ? undefined : ipAddress(rhost);
    emit(authEvent(line, EventKinds.authPamFailure, user, ip, -1));
    return true;
  }
  if (msg.startsWith('session opened for user ', at)) {
    emit(authEvent(line, EventKinds.sessionOpen, sessionUser(msg, at + 24), undefined, -1));
    return true;
  }
  if (msg.startsWith('session closed for user ', at)) {
    emit(authEvent(line, EventKinds.sessionClose, sessionUser(msg, at + 24), undefined, -1));
    return true;
  }
  return false;
}

/** `alice(uid=1000) by (uid=0)`, `news by (uid=0)`, `alice` → the user name. */
function sessionUser(msg: string, at: number): string {
  let end = at;
  const n = msg.length;
  while (end < n) {
    const c = msg.charCodeAt(end);
    if (c === 40 /* ( */ || c === 32) break;
    end++;
  }
  return msg.slice(at, end);
}
