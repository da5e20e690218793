import { EventKinds } from '../../events.js';
import { networkPrefix } from '../network.js';
import type { Rule } from '../types.js';
import {
  HOUR,
  eventFinding,
  onSshFailure,
  plural,
  sshFailuresByAddress,
  sshFailuresByNetwork,
} from './kit.js';

const failure = (i: string): string =>
  `Nov 24 06:00:00 web2 sshd-session[50]: Failed password for deploy from 203.0.113.66 port 6${i} ssh2`;
const success =
  'Nov 24 06:20:00 web2 sshd-session[51]: Accepted password for deploy from 203.0.113.66 port 7000 ssh2';

/** A login that succeeds after many failures from the same place: the guessing worked. */
export const sshSuccessAfterFailures: Rule = {
  meta: {
    id: 'ssh-success-after-failures',
    category: 'compromise',
    severity: 'critical',
    description:
      'An SSH login succeeds from an address (or its /24) that failed many times shortly before: a guessed password.',
    mitre: 'T1078 Valid Accounts',
    thresholds: { failures: 5, networkFailures: 20, windowMs: HOUR },
    thresholdDocs: {
      failures: 'failed logins from the address before the success',
      networkFailures: 'or failed logins from its /24 (/64)',
      windowMs: 'within this time',
    },
    action:
      'Treat {host} as compromised: lock the account {user}, kill its sessions (`loginctl terminate-user {user}`), block {ip}, rotate credentials and review what the session did.',
    examples: {
      valid: [
        {
          name: 'a typo, then the right password',
          lines: [failure('1'), failure('2'), success],
        },
      ],
      invalid: [
        {
          name: 'thirty failures, then in',
          lines: [{ line: failure('{i}'), times: 30, every: '20s' }, success],
          alerts: [{ rule: 'ssh-success-after-failures', severity: 'critical', category: 'compromise' }],
        },
      ],
    },
  },
  create(ctx) {
    const t = ctx.thresholds;
    const byAddress = sshFailuresByAddress(ctx, t.windowMs ?? 0);
    const byNetwork = sshFailuresByNetwork(ctx, t.windowMs ?? 0);
    return {
      on: {
        ...onSshFailure(ctx, (event) => {
          if (event.ip === undefined) return;
          byAddress.add(event.ip, event.ts, event);
          byNetwork.add(networkPrefix(event.ip), event.ts, event);
        }),
        [EventKinds.authSuccess]: (event) => {
          const ip = event.ip;
          if (ip === undefined) return;
          const key = `${ip}\u0000${event.user ?? ''}`;
          // The same account logging in again from there while it is open: the incident grows.
          if (ctx.extend(key, event)) return;
          const failures = byAddress.count(ip, event.ts);
          const network = byNetwork.count(networkPrefix(ip), event.ts);
          if (failures < (t.failures ?? 0) && network < (t.networkFailures ?? 0)) return;
          ctx.report({
            key,
            ts: event.ts,
            ...eventFinding(event),
            facts: { failures: Math.max(failures, network), method: event.authMethod ?? 'unknown method' },
          });
        },
      },
    };
  },
  describe: (incident) =>
    `SSH login as ${incident.users[0] ?? '?'} on ${incident.hosts[0] ?? '?'} from ${incident.ips[0] ?? '?'} (${String(incident.facts.method)}) after ${plural(Number(incident.facts.failures ?? 0), 'failed login')}`,
};
