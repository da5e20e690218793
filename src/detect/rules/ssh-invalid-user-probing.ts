import { EventKinds } from '../../events.js';
import type { Rule } from '../types.js';
import { SlidingCounter } from '../windows.js';
import { MINUTE, ThresholdCounter, during, onHosts, plural, sources } from './kit.js';

const probe = (user: string): string =>
  `Nov 24 05:00:00 web1 sshd[700]: Invalid user ${user} from 141.98.11.21 port 51000`;

/** Logins for accounts that do not exist: someone enumerating names (also on key-only servers, which log no password failures). */
export const sshInvalidUserProbing: Rule = {
  meta: {
    id: 'ssh-invalid-user-probing',
    category: 'scan',
    severity: 'low',
    description: 'One address asks SSH for many user names that do not exist on the host.',
    mitre: 'T1087 Account Discovery',
    thresholds: { attempts: 10, windowMs: 15 * MINUTE },
    thresholdDocs: {
      attempts: 'logins for non-existent users from one address',
      windowMs: 'within this time',
    },
    action:
      'Block the address if it continues; make sure password logins are disabled (`PasswordAuthentication no`).',
    suppressedBy: ['ssh-password-spraying', 'ssh-brute-force'],
    examples: {
      valid: [{ name: 'a single wrong name', lines: [probe('admin')] }],
      invalid: [
        {
          name: 'twelve names in two minutes',
          lines: [{ line: probe('probe{i}'), times: 12, every: '10s' }],
          alerts: [{ rule: 'ssh-invalid-user-probing', count: 12 }],
          thresholds: { attempts: 10, windowMs: 15 * MINUTE },
        },
      ],
    },
  },
  create(ctx) {
    const counter = new ThresholdCounter(
      ctx,
      new SlidingCounter(ctx.thresholds.windowMs ?? 0, { sharedKeys: true }),
      ctx.thresholds.attempts ?? 0,
    );
    return {
      on: {
        [EventKinds.authInvalidUser]: (event) => {
          if (event.ip === undefined) return;
          counter.add(event.ip, event);
        },
      },
    };
  },
  describe: (incident) =>
    `${plural(incident.count, 'login')} for non-existent users (${String(incident.userCount)} names) from ${sources(incident)}${onHosts(incident)} ${during(incident)}`,
};
