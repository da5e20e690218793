import { networkPrefix } from '../network.js';
import type { Rule } from '../types.js';
import { DistinctCounter } from '../distinct.js';
import {
  MINUTE,
  ThresholdCounter,
  during,
  evidenceOf,
  onHosts,
  onSshFailure,
  plural,
  sshFailuresByNetwork,
  usersOf,
} from './kit.js';

const failure = (octet: string, at: string): string =>
  `Nov 24 04:${at} web2 sshd[900]: Failed password for admin from 45.155.205.${octet} port 5100 ssh2`;

/** Failed SSH logins spread over the addresses of one network, each address staying under the per-address threshold. */
export const sshBruteForcePrefix: Rule = {
  meta: {
    id: 'ssh-brute-force-prefix',
    category: 'brute-force',
    severity: 'medium',
    description:
      'Many failed SSH logins from several addresses of one network (IPv4 /24, IPv6 /64): a brute force spread to stay under per-address limits.',
    mitre: 'T1110.001 Brute Force: Password Guessing',
    thresholds: { failures: 30, addresses: 3, windowMs: 30 * MINUTE },
    thresholdDocs: {
      failures: 'failed logins from the network',
      addresses: 'from at least this many of its addresses',
      windowMs: 'within this time',
    },
    action:
      'Block the network, e.g. `nft add element inet filter blocklist { {ip} }`; check that no login from it succeeded.',
    examples: {
      valid: [
        {
          name: 'one address alone is the per-address rule’s business',
          lines: [{ line: failure('7', '00:00'), times: 40, every: '20s' }],
        },
        {
          name: 'a few addresses of one network, a few tries each',
          lines: [{ line: failure('1{i}', '00:00'), times: 8, every: '3m' }],
        },
      ],
      invalid: [
        {
          name: 'a hundred addresses of a /24, one try each',
          lines: [{ line: failure('{i}', '00:00'), times: 100, every: '10s' }],
          alerts: [{ rule: 'ssh-brute-force-prefix', count: 100, source_ip_count: 1 }],
        },
      ],
    },
  },
  create(ctx) {
    const windowMs = ctx.thresholds.windowMs ?? 0;
    const minAddresses = ctx.thresholds.addresses ?? 0;
    const counter = new ThresholdCounter(
      ctx,
      sshFailuresByNetwork(ctx, windowMs),
      ctx.thresholds.failures ?? 0,
      (event) => (event.ip === undefined ? undefined : networkPrefix(event.ip)),
    );
    const addresses = new DistinctCounter(windowMs, { sharedKeys: true, sharedValues: true });
    return {
      on: onSshFailure(ctx, (event) => {
        if (event.ip === undefined) return;
        const prefix = networkPrefix(event.ip);
        // While its incident is open, the event only extends it: no distinct-address work.
        if (ctx.extend(prefix, event, prefix)) return;
        const distinct = addresses.add(prefix, event.ip, event.ts);
        const ready = distinct >= minAddresses;
        // Counted either way: the network's failures add up while its addresses do. The finding
        // is only built (a closure per failure otherwise) once there are enough addresses.
        counter.addUnextended(
          prefix,
          event,
          ready,
          ready
            ? () => ({
                ...evidenceOf(event),
                ips: [prefix],
                users: usersOf(event),
                facts: { addresses: distinct },
              })
            : undefined,
        );
      }),
    };
  },
  describe: (incident) =>
    `${plural(incident.count, 'failed SSH login')} from ${String(incident.facts.addresses ?? 'several')} addresses of ${incident.key}${onHosts(incident)} ${during(incident)}`,
};
