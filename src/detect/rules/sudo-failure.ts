import { EventKinds, type Event } from '../../events.js';
import type { Rule } from '../types.js';
import { MINUTE, ThresholdCounter, during, evidenceOf, plural, usersOf } from './kit.js';

const failed = (user: string): string =>
  `Nov 24 06:21:00 web2 sudo:   ${user} : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/${user} ; USER=root ; COMMAND=/bin/bash`;
const notInSudoers =
  'Nov 24 06:21:30 web2 sudo:   deploy : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash';

/** Someone on the host trying to become root without the right: a stolen account escalating. */
export const sudoFailure: Rule = {
  meta: {
    id: 'sudo-failure',
    category: 'compromise',
    severity: 'medium',
    description:
      'sudo refused: a user not in sudoers (at once, high), or repeated wrong passwords from one user on one host.',
    mitre: 'T1548.003 Abuse Elevation Control Mechanism: Sudo and Sudo Caching',
    thresholds: { failures: 2, windowMs: 30 * MINUTE },
    thresholdDocs: { failures: 'failed sudo commands by one user on one host', windowMs: 'within this time' },
    action: 'Ask {user} whether it was them; if not, lock the account and review its sessions on {host}.',
    examples: {
      valid: [{ name: 'one mistyped sudo password', lines: [failed('alice')] }],
      invalid: [
        {
          name: 'a user not in sudoers',
          lines: [notInSudoers],
          alerts: [{ rule: 'sudo-failure', severity: 'high', count: 1 }],
        },
        {
          name: 'wrong passwords twice',
          lines: [failed('bob'), failed('bob')],
          alerts: [{ rule: 'sudo-failure', severity: 'medium', count: 2 }],
        },
      ],
    },
  },
  create(ctx) {
    const counter = new ThresholdCounter(ctx, ctx.thresholds.windowMs ?? 0, ctx.thresholds.failures ?? 0);
    const key = (event: Event): string => `${event.host}\u0000${event.user ?? ''}`;
    return {
      on: {
        [EventKinds.sudoFailure]: (event) => {
          counter.add(key(event), event);
        },
        [EventKinds.sudoNotInSudoers]: (event) => {
          ctx.report({
            key: key(event),
            ts: event.ts,
            severity: 'high',
            ...evidenceOf(event),
            users: usersOf(event),
          });
        },
      },
    };
  },
  describe: (incident) =>
    `${plural(incident.count, 'refused sudo command')} by ${incident.users[0] ?? '?'} on ${incident.hosts[0] ?? '?'} ${during(incident)}`,
};
