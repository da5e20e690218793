import { EventKinds } from '../../events.js';
import type { Rule } from '../types.js';
import { DistinctCounter } from '../distinct.js';
import { MINUTE, during, evidenceOf, ipsOf, onHosts, plural, sources } from './kit.js';

const MAX_PATH = 200;
const missing = (i: string): string =>
  `193.32.162.50 - - [24/Nov/2026:11:00:00 +0000] "GET /admin${i}.php HTTP/1.1" 404 162 "-" "Mozilla/5.0"`;

/** One address asking for many paths that do not exist: content discovery. */
export const web404Scan: Rule = {
  meta: {
    id: 'web-404-scan',
    category: 'scan',
    severity: 'medium',
    description:
      'One address requests many distinct missing paths (404) within minutes: a content-discovery scan.',
    mitre: 'T1595.003 Active Scanning: Wordlist Scanning',
    thresholds: { paths: 30, windowMs: 10 * MINUTE },
    thresholdDocs: { paths: 'distinct paths answered 404 to one address', windowMs: 'within this time' },
    action:
      'Block {ip}; check whether any request of the scan got a 200 (something it should not have found).',
    examples: {
      valid: [
        {
          name: 'a broken link followed a few times',
          lines: [{ line: missing(''), times: 20, every: '5s' }],
        },
        {
          name: 'a crawler meeting a few old links',
          lines: [{ line: missing('{i}'), times: 10, every: '30s' }],
        },
      ],
      invalid: [
        {
          name: 'five hundred paths in ten minutes',
          lines: [{ line: missing('{i}'), times: 500, every: '1s' }],
          alerts: [{ rule: 'web-404-scan', count: 500 }],
        },
      ],
    },
  },
  create(ctx) {
    const minPaths = ctx.thresholds.paths ?? 0;
    const paths = new DistinctCounter(ctx.thresholds.windowMs ?? 0);
    return {
      on: {
        [EventKinds.httpRequest]: (event) => {
          const ip = event.ip;
          if (event.status !== 404 || ip === undefined || event.path === undefined) return;
          // While its incident is open, the event only extends it: no distinct-path work.
          if (ctx.extend(ip, event)) return;
          const distinct = paths.add(ip, event.path.slice(0, MAX_PATH), event.ts);
          if (distinct < minPaths) return;
          ctx.report({
            key: ip,
            ts: event.ts,
            count: distinct,
            since: paths.oldest(ip),
            ...evidenceOf(event),
            ips: ipsOf(event),
            facts: { paths: distinct },
          });
        },
      },
    };
  },
  describe: (incident) =>
    `${plural(incident.count, 'request')} for missing paths from ${sources(incident)}${onHosts(incident)} ${during(incident)}`,
};
