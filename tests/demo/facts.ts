import { join } from 'node:path';
import { resolveConfig } from '../../src/config/load.js';
import type { DemoAttack } from '../../src/demo/generate.js';
import { NAT_ADDRESSES } from '../../src/demo/members.js';
import { KNOWN_ADDRESSES } from '../../src/demo/site.js';
import type { Event } from '../../src/events.js';
import { analyze, type AnalyzeReport } from '../../src/pipeline/analyze.js';

/**
 * What the demo tests check, gathered in one pass of the real `analyze` over the generated logs:
 * the month is ~1M lines, so events are folded into counters as they stream by, and only the
 * events of attack addresses are kept.
 */

export const ZONE = 'Europe/Berlin';
export const TEN_MINUTES = 600_000;

/** An event kept without its raw line. */
export type SmallEvent = Event;

export interface DemoFacts {
  report: AnalyzeReport;
  /** Events that went backwards in time within one host's access or auth stream. */
  disorder: number;
  firstTs: number;
  lastTs: number;
  /** Every event of an address named in the manifest, plus every sudo event. */
  attackEvents: SmallEvent[];
  /** Normal traffic (no attack address): requests and their statuses. */
  normalRequests: number;
  normalStatus: Map<number, number>;
  /** Most 401s one normal address got in a 10-minute bucket. */
  maxNormal401PerTenMinutes: number;
  /** Most 404s one normal address got in a 10-minute bucket, crawlers and monitor included. */
  maxNormal404PerTenMinutes: number;
  /** Requests and 5xx per `host bucket` (10-minute buckets since the epoch), outside attack addresses. */
  requests: Map<string, number>;
  fiveHundreds: Map<string, number>;
  /** Most SSH failures (failed password or invalid user) of one normal address in a 10-minute bucket. */
  maxNormalSshFailuresPerTenMinutes: number;
  /** `POST /login` of normal addresses by local `yyyy-mm-dd hh`. */
  loginPostsByHour: Map<string, number>;
  /** Successful logins (302) and those preceded by 1+ failures, for addresses of one member. */
  logins: { succeeded: number; afterTypos: number; resets: number };
  /** Successful logins from each NAT address by local date. */
  natLogins: Map<string, Map<string, number>>;
  /** Uptime monitor checks per host and the largest gap between two, in ms. */
  uptime: Map<string, { count: number; maxGap: number; last: number }>;
}

const hourFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
});

/** `2026-11-05 09` in the demo zone. */
export function localHour(ts: number): string {
  return hourFormat.format(new Date(ts)).replace(', ', ' ');
}

function bump<K>(map: Map<K, number>, key: K, by = 1): number {
  const value = (map.get(key) ?? 0) + by;
  map.set(key, value);
  return value;
}

export async function collectFacts(dataDir: string, attacks: readonly DemoAttack[]): Promise<DemoFacts> {
  const attackIps = new Set(attacks.flatMap((a) => a.sourceIps));
  const nat = new Set<string>(NAT_ADDRESSES);
  const facts: Omit<DemoFacts, 'report'> = {
    disorder: 0,
    firstTs: Number.POSITIVE_INFINITY,
    lastTs: Number.NEGATIVE_INFINITY,
    attackEvents: [],
    normalRequests: 0,
    normalStatus: new Map(),
    maxNormal401PerTenMinutes: 0,
    maxNormal404PerTenMinutes: 0,
    requests: new Map(),
    fiveHundreds: new Map(),
    maxNormalSshFailuresPerTenMinutes: 0,
    loginPostsByHour: new Map(),
    logins: { succeeded: 0, afterTypos: 0, resets: 0 },
    natLogins: new Map(NAT_ADDRESSES.map((ip) => [ip, new Map<string, number>()])),
    uptime: new Map(),
  };
  const lastOfStream = new Map<string, number>();
  const per401 = new Map<string, number>();
  const per404 = new Map<string, number>();
  const perSsh = new Map<string, number>();
  const failuresBeforeLogin = new Map<string, number>();

  const onEvent = (event: Event): void => {
    const { ts, host, ip } = event;
    const stream = `${host} ${event.source}`;
    if (ts < (lastOfStream.get(stream) ?? 0)) facts.disorder++;
    lastOfStream.set(stream, ts);
    facts.firstTs = Math.min(facts.firstTs, ts);
    facts.lastTs = Math.max(facts.lastTs, ts);
    const bucket = Math.floor(ts / TEN_MINUTES);
    if (
      (ip !== undefined && attackIps.has(ip)) ||
      (event.kind.startsWith('sudo.') && event.kind !== 'sudo.command')
    ) {
      const small: SmallEvent = { ...event };
      delete small.raw;
      facts.attackEvents.push(small);
      return;
    }
    if (event.kind === 'http.request' && ip !== undefined && event.status !== undefined) {
      facts.normalRequests++;
      bump(facts.normalStatus, event.status);
      bump(facts.requests, `${host} ${bucket}`);
      if (event.status >= 500) bump(facts.fiveHundreds, `${host} ${bucket}`);
      if (event.status === 401) {
        facts.maxNormal401PerTenMinutes = Math.max(
          facts.maxNormal401PerTenMinutes,
          bump(per401, `${ip} ${bucket}`),
        );
      }
      if (event.status === 404) {
        facts.maxNormal404PerTenMinutes = Math.max(
          facts.maxNormal404PerTenMinutes,
          bump(per404, `${ip} ${bucket}`),
        );
      }
      if (ip === KNOWN_ADDRESSES.uptimeMonitor) {
        const seen = facts.uptime.get(host) ?? { count: 0, maxGap: 0, last: ts };
        seen.maxGap = Math.max(seen.maxGap, ts - seen.last);
        seen.count++;
        seen.last = ts;
        facts.uptime.set(host, seen);
      }
      if (event.method === 'POST' && event.path === '/login') {
        bump(facts.loginPostsByHour, localHour(ts));
        if (event.status === 302 && nat.has(ip)) {
          const byDay = facts.natLogins.get(ip);
          if (byDay !== undefined) bump(byDay, localHour(ts).slice(0, 10));
        }
        if (!nat.has(ip)) {
          // Outside the NAT exits an address is one member's: a login is the run of attempts up to a 302.
          if (event.status === 401) bump(failuresBeforeLogin, ip);
          if (event.status === 302) {
            facts.logins.succeeded++;
            if ((failuresBeforeLogin.get(ip) ?? 0) > 0) facts.logins.afterTypos++;
            failuresBeforeLogin.delete(ip);
          }
        }
      }
      if (event.method === 'POST' && event.path === '/password-reset' && !nat.has(ip)) {
        facts.logins.resets++;
        failuresBeforeLogin.delete(ip);
      }
      return;
    }
    if ((event.kind === 'auth.failure' || event.kind === 'auth.invalid_user') && ip !== undefined) {
      facts.maxNormalSshFailuresPerTenMinutes = Math.max(
        facts.maxNormalSshFailuresPerTenMinutes,
        bump(perSsh, `${ip} ${bucket}`),
      );
    }
  };

  const config = resolveConfig({ timezone: ZONE }, undefined, dataDir);
  const report = await analyze({
    config,
    paths: [join(dataDir, 'access_logs')],
    onWarning: () => undefined,
    onEvent,
  });
  return { ...facts, report };
}
