import { EventKinds, type Event } from '../../events.js';
import { AddressSet } from '../network.js';
import type { Rule } from '../types.js';
import { during, eventFinding, onHosts, plural, sources } from './kit.js';

/** Traffic from addresses on a known-bad list (the IoC files of the config). */
export const iocMatch: Rule = {
  meta: {
    id: 'ioc-match',
    category: 'ioc',
    severity: 'high',
    description:
      'Any request or login attempt from an address or network listed in the configured IoC files.',
    mitre: 'T1071 Application Layer Protocol',
    thresholds: {},
    thresholdDocs: {},
    action: 'Block {ip}; look at everything it did (`grep -rF {ip} /var/log/nginx /var/log/auth.log*`).',
    examples: { valid: [], invalid: [] },
  },
  create(ctx) {
    const bad = new AddressSet(ctx.options.iocs);
    const observe = (event: Event): void => {
      const ip = event.ip;
      if (ip === undefined || !bad.has(ip) || ctx.extend(ip, event)) return;
      ctx.report({ key: ip, ts: event.ts, ...eventFinding(event) });
    };
    if (bad.size === 0) return { on: {} };
    return {
      on: {
        [EventKinds.httpRequest]: observe,
        [EventKinds.authFailure]: observe,
        [EventKinds.authSuccess]: observe,
        [EventKinds.authInvalidUser]: observe,
        [EventKinds.authDisconnect]: observe,
        [EventKinds.authProbe]: observe,
      },
    };
  },
  describe: (incident) =>
    `${plural(incident.count, 'event')} from ${sources(incident)}, on an IoC list,${onHosts(incident)} ${during(incident)}`,
};
