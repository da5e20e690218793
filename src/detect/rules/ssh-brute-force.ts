import type { Rule } from '../types.js';
import {
  MINUTE,
  ThresholdCounter,
  during,
  onHosts,
  onSshFailure,
  plural,
  sources,
  sshFailuresByAddress,
} from './kit.js';

const failure = (i: string, at: string): string =>
  `Nov 24 03:${at} web1 sshd[812]: Failed password for root from 185.220.101.47 port 4${i} ssh2`;

/** Many failed SSH logins from one address in minutes: password guessing. */
export const sshBruteForce: Rule = {
  meta: {
    id: 'ssh-brute-force',
    category: 'brute-force',
    severity: 'medium',
    description: 'Many failed SSH logins from one address within minutes (on any of the hosts).',
    mitre: 'T1110.001 Brute Force: Password Guessing',
    thresholds: { failures: 10, windowMs: 5 * MINUTE },
    thresholdDocs: { failures: 'failed logins from one address', windowMs: 'within this time' },
    action:
      'Block the address, e.g. `nft add element inet filter blocklist { {ip} }`; check that no login from it succeeded.',
    examples: {
      valid: [
        { name: 'a member of staff mistyping twice', lines: [failure('1', '00:00'), failure('2', '00:09')] },
        {
          name: 'nine tries in five minutes stay under the threshold',
          lines: [{ line: failure('{i}', '00:00'), times: 9, every: '30s' }],
        },
      ],
      invalid: [
        {
          name: 'fifty tries in five minutes',
          lines: [{ line: failure('{i}', '00:00'), times: 50, every: '6s' }],
          alerts: [{ rule: 'ssh-brute-force', count: 50, severity: 'medium' }],
        },
        {
          name: 'a long attack escalates once it is ten times the threshold',
          lines: [{ line: failure('{i}', '00:00'), times: 300, every: '2s' }],
          alerts: [{ count: 300, severity: 'high' }],
        },
      ],
    },
  },
  create(ctx) {
    const counter = new ThresholdCounter(
      ctx,
      sshFailuresByAddress(ctx, ctx.thresholds.windowMs ?? 0),
      ctx.thresholds.failures ?? 0,
    );
    return {
      on: onSshFailure(ctx, (event) => {
        if (event.ip === undefined) return;
        counter.add(event.ip, event);
      }),
    };
  },
  describe: (incident) =>
    `${plural(incident.count, 'failed SSH login')} from ${sources(incident)}${onHosts(incident)} ${during(incident)}`,
};
