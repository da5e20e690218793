import { EventKinds, type Event } from '../../events.js';
import type { Rule } from '../types.js';
import { DistinctCounter } from '../distinct.js';
import { HOUR, during, evidenceOf, ipsOf, onHosts, plural, sources } from './kit.js';

const invalid = (user: string): string =>
  `Nov 24 02:00:00 web1 sshd[600]: Failed password for invalid user ${user} from 141.98.11.20 port 40000 ssh2`;

/** One address trying many different user names, a few passwords each. */
export const sshPasswordSpraying: Rule = {
  meta: {
    id: 'ssh-password-spraying',
    category: 'brute-force',
    severity: 'medium',
    description:
      'One address fails SSH logins for many different user names: guessing accounts, not one password.',
    mitre: 'T1110.003 Brute Force: Password Spraying',
    thresholds: { users: 10, windowMs: HOUR },
    thresholdDocs: { users: 'distinct user names tried by one address', windowMs: 'within this time' },
    action: 'Block the address; check the user names tried against real accounts ({user} …).',
    suppressedBy: ['ssh-brute-force'],
    examples: {
      valid: [
        {
          name: 'root and admin, the usual background guesses',
          lines: [
            invalid('admin'),
            'Nov 24 02:00:05 web1 sshd[601]: Failed password for root from 141.98.11.20 port 40001 ssh2',
          ],
        },
      ],
      invalid: [
        {
          name: 'forty user names over an hour',
          lines: [{ line: invalid('user{i}'), times: 40, every: '90s' }],
          alerts: [{ rule: 'ssh-password-spraying', count: 40 }],
        },
      ],
    },
  },
  create(ctx) {
    const minUsers = ctx.thresholds.users ?? 0;
    const users = new DistinctCounter(ctx.thresholds.windowMs ?? 0, { sharedKeys: true, sharedValues: true });
    const observe = (event: Event): void => {
      const ip = event.ip;
      if (ip === undefined || event.user === undefined) return;
      // While its incident is open, the incident counts the user names: no window work per event.
      if (ctx.extend(ip, event)) return;
      // A brute force from the address is already reported and would hide this one: while it
      // lasts, its failures are not counted again here (the window work is most of the cost).
      if (ctx.suppressed(ip, event.ts)) return;
      const distinct = users.add(ip, event.user, event.ts);
      if (distinct < minUsers) return;
      ctx.report({
        key: ip,
        ts: event.ts,
        // Opening, it takes in the attempts that led up to it.
        count: distinct,
        since: users.oldest(ip),
        ...evidenceOf(event),
        ips: ipsOf(event),
        users: users.values(ip, event.ts),
        facts: { users: distinct },
      });
    };
    return {
      on: { [EventKinds.authFailure]: observe, [EventKinds.authInvalidUser]: observe },
    };
  },
  describe: (incident) =>
    `${plural(incident.userCount, 'user name')} tried over SSH by ${sources(incident)}${onHosts(incident)} ${during(incident)}`,
};
