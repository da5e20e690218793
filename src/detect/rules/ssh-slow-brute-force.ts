import { ownKey } from '../strings.js';
import type { Rule } from '../types.js';
import {
  HOUR,
  MINUTE,
  ThresholdCounter,
  during,
  onHosts,
  onSshFailure,
  plural,
  sources,
  sshFailuresByAddress,
} from './kit.js';

const failure = (host: string, port: string): string =>
  `Nov 24 01:00:00 ${host} sshd[77]: Failed password for root from 193.32.162.9 port ${port} ssh2`;

/** A brute force slowed down to stay under per-minute limits (fail2ban's default findtime is 10 min). */
export const sshSlowBruteForce: Rule = {
  meta: {
    id: 'ssh-slow-brute-force',
    category: 'brute-force',
    severity: 'medium',
    description:
      'Failed SSH logins from one address kept up for hours at a low rate, counted across all hosts, never fast enough for the per-minute rule.',
    mitre: 'T1110.001 Brute Force: Password Guessing',
    thresholds: { failures: 30, windowMs: 12 * HOUR, burst: 10, burstWindowMs: 5 * MINUTE },
    thresholdDocs: {
      failures: 'failed logins from one address',
      windowMs: 'within this time',
      burst: 'an address that reached this many…',
      burstWindowMs: '…within this time is a fast brute force, not a slow one',
    },
    action:
      'Block the address on every host; low-rate attacks evade rate limits, so block lists are the defence.',
    suppressedBy: ['ssh-brute-force', 'ssh-password-spraying'],
    examples: {
      valid: [
        {
          name: 'the internet’s background noise: a few tries a day',
          lines: [{ line: failure('web1', '4{i}'), times: 4, every: '5h' }],
        },
      ],
      invalid: [
        {
          name: 'one try every seven minutes for ten hours, alternating hosts',
          lines: [
            { line: failure('web1', '3{i}'), times: 43, every: '14m' },
            { line: failure('web2', '5{i}'), times: 43, every: '14m' },
          ],
          alerts: [{ rule: 'ssh-slow-brute-force', severity: 'medium' }],
        },
      ],
    },
  },
  create(ctx) {
    const t = ctx.thresholds;
    const counter = new ThresholdCounter(ctx, sshFailuresByAddress(ctx, t.windowMs ?? 0), t.failures ?? 0);
    const burst = sshFailuresByAddress(ctx, t.burstWindowMs ?? 0);
    /** Addresses that went fast, with when: they belong to the fast rule for a whole window. */
    const fast = new Map<string, number>();
    const windowMs = t.windowMs ?? 0;
    let nextSweep = 0;
    return {
      on: onSshFailure(ctx, (event) => {
        const ip = event.ip;
        if (ip === undefined) return;
        if (burst.add(ip, event.ts, event) >= (t.burst ?? 0))
          fast.set(fast.has(ip) ? ip : ownKey(ip), event.ts);
        const wentFast = fast.get(ip);
        const slow = wentFast === undefined || event.ts - wentFast > windowMs;
        counter.add(ip, event, slow);
      }),
      tick: (now) => {
        if (now < nextSweep) return;
        nextSweep = now + (t.burstWindowMs ?? 0);
        for (const [ip, ts] of fast) if (now - ts > windowMs) fast.delete(ip);
      },
    };
  },
  describe: (incident) =>
    `slow brute force: ${plural(incident.count, 'failed SSH login')} from ${sources(incident)}${onHosts(incident)} ${during(incident)}`,
};
