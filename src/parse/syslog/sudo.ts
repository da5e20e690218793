import { EventKinds } from '../../events.js';
import type { Emit } from '../types.js';
import { authEvent, type LineInfo } from './common.js';

/**
 * sudo: `alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls`,
 * `bob : user NOT in sudoers ; TTY=…`, `alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=…` (newer sudo
 * may start with `PWD=` or `HOST=`). The user is the one who ran sudo, not the target.
 */
export function parseSudo(line: LineInfo, message: string, emit: Emit): boolean {
  let start = 0;
  while (message.charCodeAt(start) === 32) start++;
  const sep = message.indexOf(' : ', start);
  if (sep <= start) return false;
  const user = message.slice(start, sep);
  const at = sep + 3;
  let kind: string;
  if (
    message.startsWith('TTY=', at) ||
    message.startsWith('PWD=', at) ||
    message.startsWith('HOST=', at) ||
    message.startsWith('USER=', at)
  ) {
    if (!message.includes('COMMAND=', at)) return false;
    kind = EventKinds.sudoCommand;
  } else if (
    message.startsWith('user NOT in sudoers', at) ||
    message.startsWith('user NOT authorized on host', at)
  ) {
    kind = EventKinds.sudoNotInSudoers;
  } else {
    const semi = message.indexOf(' ; ', at);
    const head = semi < 0 ? message.slice(at) : message.slice(at, semi);
    if (!head.endsWith('incorrect password attempts') && !head.endsWith('incorrect password attempt'))
      return false;
    kind = EventKinds.sudoFailure;
  }
  emit(authEvent(line, kind, user, undefined, -1));
  return true;
}
