import { LoginKinds } from '../login.js';
import { own } from '../strings.js';
import type { Rule } from '../types.js';
import { DistinctCounter } from '../distinct.js';
import { SlidingCounter } from '../windows.js';
import { MINUTE, ThresholdCounter, during, evidenceOf, ipsOf, onHosts, plural, sources } from './kit.js';

const post = (ip: string, status: number, at = '09:00:00', agent = 'Chrome/126.0'): string =>
  `${ip} - - [26/Nov/2026:${at} +0000] "POST /login HTTP/1.1" ${String(status)} 512 "https://jobs.example.org/login" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${agent}"`;
/** Where an application that redirects both outcomes sends a failed login. */
const backToForm = (ip: string, at: string): string =>
  `${ip} - - [26/Nov/2026:${at} +0000] "GET /login?error=1 HTTP/1.1" 200 5310 "https://jobs.example.org/login" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0"`;
/** Where a browser goes after a successful login. */
const dashboard = (ip: string, at: string, agent = 'Chrome/126.0'): string =>
  `${ip} - - [26/Nov/2026:${at} +0000] "GET /dashboard HTTP/1.1" 200 9120 "https://jobs.example.org/login" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${agent}"`;

/** Many failed logins to the web application from one address. */
export const webLoginBruteForce: Rule = {
  meta: {
    id: 'web-login-brute-force',
    category: 'brute-force',
    severity: 'medium',
    description:
      'Many failed logins to the web application from one address (failures told by status, see `detection.webLogin`).',
    mitre: 'T1110.001 Brute Force: Password Guessing',
    thresholds: { failures: 20, windowMs: 10 * MINUTE },
    thresholdDocs: { failures: 'failed web logins from one address', windowMs: 'within this time' },
    action: 'Block {ip} or rate-limit the login endpoint; check whether any login from it succeeded.',
    examples: {
      valid: [
        {
          name: 'a carrier NAT address: many members, a few typos',
          lines: [
            { line: post('100.64.12.1', 302, '09:00:00', 'Member/{i}'), times: 25, every: '20s' },
            { line: dashboard('100.64.12.1', '09:00:02', 'Member/{i}'), times: 25, every: '20s' },
            { line: post('100.64.12.1', 401, '09:00:05', 'Typo/{i}'), times: 6, every: '90s' },
          ],
        },
      ],
      invalid: [
        {
          name: 'two hundred failures in fifteen minutes',
          lines: [{ line: post('45.155.205.99', 401), times: 200, every: '4s' }],
          alerts: [{ rule: 'web-login-brute-force', count: 200, severity: 'high' }],
        },
        {
          name: 'failures redirected back to the login form',
          lines: [
            { line: post('45.155.205.97', 302), times: 30, every: '10s' },
            { line: backToForm('45.155.205.97', '09:00:01'), times: 30, every: '10s' },
          ],
          alerts: [{ rule: 'web-login-brute-force', count: 30 }],
        },
      ],
    },
  },
  create(ctx) {
    const counter = new ThresholdCounter(ctx, ctx.thresholds.windowMs ?? 0, ctx.thresholds.failures ?? 0);
    return {
      on: {
        [LoginKinds.failure]: (event) => {
          if (event.ip === undefined) return;
          counter.add(event.ip, event, true, () => ({ ...evidenceOf(event), ips: ipsOf(event) }));
        },
      },
    };
  },
  describe: (incident) =>
    `${plural(incident.count, 'failed web login')} from ${sources(incident)}${onHosts(incident)} ${during(incident)}`,
};

/** A web login that succeeds from an address after many failures. */
export const webSuccessAfterFailures: Rule = {
  meta: {
    id: 'web-success-after-failures',
    category: 'compromise',
    severity: 'critical',
    description:
      'A web login succeeds from an address that failed many times shortly before: a guessed password.',
    mitre: 'T1078 Valid Accounts',
    thresholds: { failures: 10, windowMs: 30 * MINUTE },
    thresholdDocs: {
      failures: 'failed web logins from the address before the success',
      windowMs: 'within this time',
    },
    action:
      'Find the account that logged in from {ip} at that time (application log), reset its password, end its sessions and review its recent activity.',
    examples: {
      valid: [
        {
          name: 'three typos, then in',
          lines: [
            { line: post('78.46.1.2', 401), times: 3, every: '20s' },
            post('78.46.1.2', 302, '09:02:00'),
          ],
        },
      ],
      invalid: [
        {
          name: 'a hundred failures, then in',
          lines: [
            { line: post('45.155.205.98', 401), times: 100, every: '3s' },
            post('45.155.205.98', 302, '09:06:00'),
          ],
          alerts: [{ rule: 'web-success-after-failures', severity: 'critical', count: 1 }],
        },
      ],
    },
  },
  create(ctx) {
    const failures = new SlidingCounter(ctx.thresholds.windowMs ?? 0);
    return {
      on: {
        [LoginKinds.failure]: (event) => {
          if (event.ip !== undefined) failures.add(event.ip, event.ts);
        },
        [LoginKinds.success]: (event) => {
          const ip = event.ip;
          if (ip === undefined) return;
          const before = failures.count(ip, event.ts);
          if (before < (ctx.thresholds.failures ?? 0)) return;
          ctx.report({ key: ip, ts: event.ts, ...evidenceOf(event), ips: [ip], facts: { failures: before } });
        },
      },
    };
  },
  describe: (incident) =>
    `web login succeeded from ${incident.ips[0] ?? '?'}${onHosts(incident)} after ${plural(Number(incident.facts.failures ?? 0), 'failed login')}`,
};

const STUFFING_KEY = 'login';
/** Failed logins after which an address's success is the attack's, not a member's typo. */
const SUSPECT_FAILURES = 4;

/**
 * Credential stuffing: many addresses, each failing a few times and never getting in. Members who
 * mistype succeed a moment later and leave the count; stuffing addresses stay in it.
 */
export const webCredentialStuffing: Rule = {
  meta: {
    id: 'web-credential-stuffing',
    category: 'brute-force',
    severity: 'high',
    description:
      'Failed web logins from many addresses that do not then succeed, within minutes: a list of stolen credentials being tried through many proxies. A peak of real members who mistype and then succeed does not count.',
    mitre: 'T1110.004 Brute Force: Credential Stuffing',
    thresholds: { addresses: 15, failures: 30, windowMs: 15 * MINUTE },
    thresholdDocs: {
      addresses: 'addresses whose login failed and has not succeeded since',
      failures: 'failed logins in all',
      windowMs: 'within this time',
    },
    action:
      'Rate-limit or challenge (CAPTCHA) the login endpoint, block the listed addresses, and force a password reset for accounts that logged in from them.',
    examples: {
      valid: [
        {
          name: 'a Thursday peak: typos followed by success',
          lines: [
            { line: post('84.10.{i}.7', 401, '09:00:00'), times: 40, every: '15s' },
            { line: post('84.10.{i}.7', 302, '09:00:20'), times: 40, every: '15s' },
          ],
        },
      ],
      invalid: [
        {
          name: 'sixty addresses, three failures each',
          lines: [
            { line: post('37.120.{i}.9', 401, '09:10:00'), times: 60, every: '5s' },
            { line: post('37.120.{i}.9', 401, '09:16:00'), times: 60, every: '5s' },
            { line: post('37.120.{i}.9', 401, '09:22:00'), times: 60, every: '5s' },
          ],
          alerts: [{ rule: 'web-credential-stuffing', count: 180 }],
        },
      ],
    },
  },
  create(ctx) {
    const t = ctx.thresholds;
    const windowMs = t.windowMs ?? 0;
    const failing = new DistinctCounter(windowMs);
    const failures = new SlidingCounter(windowMs);
    /** Failures per address since its last success (forgotten when no address is failing). */
    const failuresByAddress = new Map<string, number>();
    const shapeHolds = (now: number): boolean =>
      failing.count(STUFFING_KEY, now) >= (t.addresses ?? 0) &&
      failures.count(STUFFING_KEY, now) >= (t.failures ?? 0);
    let nextSweep = 0;
    return {
      on: {
        [LoginKinds.failure]: (event) => {
          const ip = event.ip;
          if (ip === undefined) return;
          const addresses = failing.add(STUFFING_KEY, ip, event.ts);
          const count = failures.add(STUFFING_KEY, event.ts);
          if (failuresByAddress.size >= 100_000) failuresByAddress.clear();
          const before = failuresByAddress.get(ip);
          if (before === undefined) failuresByAddress.set(own(ip), 1);
          else failuresByAddress.set(ip, before + 1);
          // Only while the attack's shape holds: members' typos after it ends do not extend it.
          if (addresses < (t.addresses ?? 0) || count < (t.failures ?? 0)) return;
          if (ctx.extend(STUFFING_KEY, event, undefined, { addresses })) return;
          ctx.report({
            key: STUFFING_KEY,
            ts: event.ts,
            count,
            since: failures.oldest(STUFFING_KEY),
            ...evidenceOf(event),
            ips: failing.values(STUFFING_KEY, event.ts),
            facts: { addresses },
          });
        },
        [LoginKinds.success]: (event) => {
          const ip = event.ip;
          if (ip === undefined) return;
          const failed = failuresByAddress.get(ip) ?? 0;
          const repeatedFailures = failed >= SUSPECT_FAILURES;
          failing.remove(STUFFING_KEY, ip);
          failuresByAddress.delete(ip);
          if (!repeatedFailures && failed > 0 && ctx.isActive(STUFFING_KEY, event.ts)) {
            // A member who mistyped, then got in: not one of the attack's addresses after all.
            ctx.report({ key: STUFFING_KEY, ts: event.ts, count: -failed, retract: [ip] });
            return;
          }
          // An address of the attack that failed again and again, then got in: a stolen password
          // worked. A member who mistyped once or twice and then got in is not news.
          if (!repeatedFailures || !ctx.isActive(STUFFING_KEY, event.ts) || !shapeHolds(event.ts)) return;
          ctx.report({
            key: STUFFING_KEY,
            ts: event.ts,
            count: 0,
            severity: 'critical',
            ...evidenceOf(event),
            ips: [ip],
            facts: { lastSuccess: ip },
          });
        },
      },
      tick: (now) => {
        if (now < nextSweep) return;
        nextSweep = now + MINUTE;
        if (failing.count(STUFFING_KEY, now) === 0) failuresByAddress.clear();
      },
    };
  },
  describe: (incident) =>
    `credential stuffing: ${plural(incident.count, 'failed web login')} from ${plural(incident.ipCount, 'address', 'addresses')}${onHosts(incident)} ${during(incident)}${incident.facts.lastSuccess === undefined ? '' : `; a login from ${String(incident.facts.lastSuccess)} succeeded`}`,
};
