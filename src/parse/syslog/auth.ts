import type { Emit } from '../types.js';
import type { LineInfo } from './common.js';
import { parseOldPam, parsePamMessage } from './pam.js';
import { parseSshd } from './sshd.js';
import { parseLogind } from './logind.js';
import { parseSu } from './su.js';
import { parseSudo } from './sudo.js';

export type { LineInfo } from './common.js';

/**
 * Turns the message of an authentication-related syslog line into `auth`-source events.
 * Returns false, emitting nothing, when the message is not one it knows: the caller then emits
 * `syslog.other`. Dispatch: PAM prefix (any program), then a switch on the program, then
 * `startsWith` on the message; a handler only slices once a prefix picked the case.
 */
export function parseAuthMessage(line: LineInfo, message: string, emit: Emit): boolean {
  if (message.charCodeAt(0) === 112 /* p */ && message.startsWith('pam_')) {
    return parsePamMessage(line, message, emit);
  }
  switch (line.program) {
    case 'sshd':
    case 'sshd-session':
    case 'sshd-auth':
      return parseSshd(line, message, emit);
    case 'sudo':
      return parseSudo(line, message, emit);
    case 'su':
      return parseSu(line, message, emit);
    case 'systemd-logind':
      return parseLogind(line, message, emit);
    default:
      return line.program.endsWith('(pam_unix)') && parseOldPam(line, message, emit);
  }
}
