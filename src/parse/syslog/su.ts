import { EventKinds } from '../../events.js';
import type { Emit } from '../types.js';
import { authEvent, type LineInfo } from './common.js';

/**
 * su: util-linux `FAILED SU (to root) alice on pts/0` / `(to root) alice on pts/0`,
 * shadow `Successful su for root by alice` / `FAILED su for root by alice`,
 * old `+ pts/0 alice:root` / `- pts/0 alice:root`. The user is the one who ran su.
 */
export function parseSu(line: LineInfo, message: string, emit: Emit): boolean {
  let kind: string;
  let user: string;
  if (message.startsWith('(to ') || message.startsWith('FAILED SU (to ')) {
    const close = message.indexOf(') ');
    if (close < 0) return false;
    const on = message.indexOf(' on ', close);
    user = message.slice(close + 2, on < 0 ? message.length : on);
    kind = message.charCodeAt(0) === 70 ? EventKinds.suFailure : EventKinds.suSuccess;
  } else if (message.startsWith('Successful su for ') || message.startsWith('FAILED su for ')) {
    const by = message.lastIndexOf(' by ');
    if (by < 0) return false;
    user = message.slice(by + 4);
    kind = message.charCodeAt(0) === 70 ? EventKinds.suFailure : EventKinds.suSuccess;
  } else if (message.startsWith('+ ') || message.startsWith('- ')) {
    const space = message.indexOf(' ', 2);
    const colon = message.indexOf(':', space);
    if (space < 0 || colon < 0) return false;
    user = message.slice(space + 1, colon);
    kind = message.charCodeAt(0) === 45 ? EventKinds.suFailure : EventKinds.suSuccess;
  } else {
    return false;
  }
  emit(authEvent(line, kind, user, undefined, -1));
  return true;
}
