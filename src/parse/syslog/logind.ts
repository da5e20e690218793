import { EventKinds } from '../../events.js';
import type { Emit } from '../types.js';
import { authEvent, type LineInfo } from './common.js';

/**
 * systemd-logind: `New session 12 of user alice.` → session.open;
 * `Removed session 12.` and `Session 12 logged out. Waiting for processes to exit.` → session.close
 * (logind writes both on a logout: rules counting closes should count one of them).
 */
export function parseLogind(line: LineInfo, message: string, emit: Emit): boolean {
  if (message.startsWith('New session ')) {
    const of = message.indexOf(' of user ', 12);
    if (of < 0) return false;
    const end = message.endsWith('.') ? message.length - 1 : message.length;
    emit(authEvent(line, EventKinds.sessionOpen, message.slice(of + 9, end), undefined, -1));
    return true;
  }
  if (
    message.startsWith('Removed session ') ||
    (message.startsWith('Session ') && message.includes(' logged out.', 8))
  ) {
    emit(authEvent(line, EventKinds.sessionClose, undefined, undefined, -1));
    return true;
  }
  return false;
}
