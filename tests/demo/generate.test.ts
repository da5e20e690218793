import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoAttack, type DemoResult } from '../../src/demo/generate.js';
import { buildMembers, MEMBER_COUNT, NAT_ADDRESSES } from '../../src/demo/members.js';
import { ErrorCodes } from '../../src/errors.js';
import { collectFacts, localHour, TEN_MINUTES, ZONE, type DemoFacts, type SmallEvent } from './facts.js';

/**
 * The demo month is generated once for 3 weeks (enough for `access.log`, `.1` and `.2.gz`, and
 * every attack: the 4-week schedule folds into shorter runs) and read back with the real parsers.
 */

const START_MS = Date.parse('2026-10-25T23:00:00Z'); // 2026-10-26 00:00 in Berlin
const WEEKS = 3;
const END_MS = START_MS + WEEKS * 7 * 86_400_000;
const THURSDAY = '2026-10-29';
const TUESDAY = '2026-10-27';

let root: string;
let main: DemoResult;
let facts: DemoFacts;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'logwarden-demo-'));
  main = await generateDemo({ outDir: join(root, 'main'), weeks: WEEKS });
  facts = await collectFacts(join(root, 'main'), main.attacks);
}, 180_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function attack(id: string): DemoAttack {
  const found = main.attacks.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no attack ${id} in the manifest`);
  return found;
}

function eventsOf(a: DemoAttack): SmallEvent[] {
  const ips = new Set(a.sourceIps);
  return facts.attackEvents.filter((e) => e.ip !== undefined && ips.has(e.ip));
}

const count = (events: readonly SmallEvent[], test: (e: SmallEvent) => boolean): number =>
  events.filter(test).length;
const spanMinutes = (a: DemoAttack): number => (Date.parse(a.end) - Date.parse(a.start)) / 60_000;
const localWeekday = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short' }).format(new Date(iso));

function fileHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function lastLine(file: string): string {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').trimEnd();
  return text.slice(text.lastIndexOf('\n') + 1);
}

describe('generateDemo: files', () => {
  it('writes weekly rotated access and auth logs per host, the older weeks gzip-compressed', () => {
    const names = main.files.map((f) => relative(join(root, 'main'), f));
    const expected = ['web1', 'web2'].flatMap((host) =>
      ['access.log', 'auth.log'].flatMap((base) => [
        `access_logs/${host}/${base}.2.gz`,
        `access_logs/${host}/${base}.1`,
        `access_logs/${host}/${base}`,
      ]),
    );
    expect(names).toEqual(expected);
    for (const file of main.files) {
      expect(existsSync(file), file).toBe(true);
      if (file.endsWith('.gz')) expect(() => gunzipSync(readFileSync(file)), file).not.toThrow();
    }
    expect(existsSync(main.manifestPath)).toBe(true);
    expect(existsSync(main.iocPath)).toBe(true);
    expect([...fileHashes(join(root, 'main')).keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives each file the modification time of its last line', () => {
    for (const file of main.files) {
      const line = lastLine(file);
      const mtime = statSync(file).mtimeMs;
      if (file.includes('access.log')) {
        const m = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)\]/.exec(line);
        expect(m, line).not.toBeNull();
        const [, d, mon, y, time, oh, om] = m ?? [];
        expect(Math.round(mtime), file).toBe(Date.parse(`${d} ${mon} ${y} ${time} GMT${oh}${om}`));
      } else if (file.includes('web2')) {
        const iso = line.slice(0, line.indexOf(' '));
        expect(Math.round(mtime), file).toBe(Date.parse(iso.replace(/(\.\d{3})\d+/, '$1')));
      } else {
        const parts = new Intl.DateTimeFormat('en-US', {
          timeZone: ZONE,
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
        }).formatToParts(new Date(mtime));
        const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
        const bsd = `${part('month')} ${part('day').padStart(2, ' ')} ${part('hour')}:${part('minute')}:${part('second')}`;
        expect(line.slice(0, 15), file).toBe(bsd);
      }
    }
  });

  it('is parsed completely by the real parsers, in time order, inside the month', () => {
    const { report } = facts;
    expect(report.unparsed).toBe(0);
    expect(report.warnings).toEqual([]);
    expect(report.lines).toBe(main.lines);
    expect(Object.keys(report.formats).sort()).toEqual(['combined', 'syslog']);
    for (const file of report.files) {
      expect(file.format, file.file).toBe(file.file.includes('access.log') ? 'combined' : 'syslog');
      expect(file.host, file.file).toBe(file.file.includes('/web1/') ? 'web1' : 'web2');
    }
    expect(Object.keys(report.hosts).sort()).toEqual(['web1', 'web2']);
    expect(facts.disorder).toBe(0);
    expect(facts.firstTs).toBeGreaterThanOrEqual(START_MS);
    expect(facts.lastTs).toBeLessThan(END_MS);
  });

  it('writes 25–40k access lines per server on a weekday, more on Thursday', () => {
    const perDay = new Map<string, number>();
    for (const file of main.files.filter((f) => f.endsWith('/access.log.1'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/ \[(\d\d\/\w{3})\//g)) {
        const key = `${file.includes('web1') ? 'web1' : 'web2'} ${m[1] ?? ''}`;
        perDay.set(key, (perDay.get(key) ?? 0) + 1);
      }
    }
    for (const host of ['web1', 'web2']) {
      for (const day of ['02/Nov', '03/Nov', '04/Nov', '06/Nov']) {
        expect(perDay.get(`${host} ${day}`)).toBeGreaterThan(25_000);
        expect(perDay.get(`${host} ${day}`)).toBeLessThan(40_000);
      }
      expect(perDay.get(`${host} 05/Nov`)).toBeGreaterThan(perDay.get(`${host} 04/Nov`) ?? 0);
    }
  });
});

describe('generateDemo: manifest', () => {
  it('is written as attacks.json with the options used', () => {
    const manifest: unknown = JSON.parse(readFileSync(main.manifestPath, 'utf8'));
    expect(manifest).toEqual({
      seed: 1,
      start: '2026-10-26',
      weeks: WEEKS,
      timezone: ZONE,
      attacks: main.attacks,
    });
  });

  it('lists every attack once, on a weekday inside the month, in order of start', () => {
    const ids = main.attacks.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      [
        'http-5xx-outage',
        'ioc-match',
        'ssh-brute-force',
        'ssh-brute-force-prefix',
        'ssh-deploy-compromise',
        'ssh-password-spraying',
        'ssh-slow-brute-force',
        'sudo-failure-deploy',
        'web-credential-stuffing',
        'web-injection',
        'web-injection-scanner-ua',
        'web-login-brute-force',
        'web-login-compromise',
        'web-nikto-scan',
        'web-nikto-scanner-ua',
        'web-sensitive-path',
      ].sort(),
    );
    const starts = main.attacks.map((a) => a.start);
    expect(starts).toEqual([...starts].sort());
    for (const a of main.attacks) {
      expect(a.rules.length, a.id).toBeGreaterThan(0);
      expect(
        a.hosts.every((h) => h === 'web1' || h === 'web2'),
        a.id,
      ).toBe(true);
      expect(Date.parse(a.start), a.id).toBeGreaterThanOrEqual(START_MS);
      expect(Date.parse(a.end), a.id).toBeLessThan(END_MS);
      expect(a.start <= a.end, a.id).toBe(true);
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], a.id).toContain(localWeekday(a.start));
    }
  });

  it('gives each attack the exact time range of the lines of its addresses', () => {
    const scannerUa = attack('web-injection-scanner-ua');
    const sqlmap = eventsOf(scannerUa).filter((e) => e.ua?.startsWith('sqlmap/') === true);
    expect(new Date(sqlmap[0]?.ts ?? 0).toISOString()).toBe(scannerUa.start);
    expect(new Date(sqlmap.at(-1)?.ts ?? 0).toISOString()).toBe(scannerUa.end);
    for (const a of main.attacks.filter((x) => x.sourceIps.length > 0 && x !== scannerUa)) {
      const events = eventsOf(a);
      expect(events.length, a.id).toBeGreaterThan(0);
      const times = events.map((e) => e.ts);
      expect(Math.min(...times), a.id).toBe(Date.parse(a.start));
      expect(Math.max(...times), a.id).toBeLessThanOrEqual(Date.parse(a.end));
      expect(new Set(events.map((e) => e.host)), a.id).toEqual(new Set(a.hosts));
    }
  });
});

describe('generateDemo: SSH attacks', () => {
  it('brute force: ~300 failed passwords from one address in about 20 minutes on web1', () => {
    const a = attack('ssh-brute-force');
    const events = eventsOf(a);
    expect(count(events, (e) => e.kind === 'auth.failure')).toBeGreaterThanOrEqual(250);
    expect(count(events, (e) => e.kind === 'auth.max_attempts')).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.user))).toEqual(
      new Set(['root', 'admin', 'ubuntu', 'test', undefined]),
    );
    expect(spanMinutes(a)).toBeLessThanOrEqual(22);
  });

  it('prefix brute force: 24 addresses of one /24, each with 4–6 failures, within 30 minutes', () => {
    const a = attack('ssh-brute-force-prefix');
    expect(new Set(a.sourceIps).size).toBe(24);
    expect(new Set(a.sourceIps.map((ip) => ip.split('.').slice(0, 3).join('.'))).size).toBe(1);
    for (const ip of a.sourceIps) {
      const failures = count(facts.attackEvents, (e) => e.ip === ip && e.kind === 'auth.failure');
      expect(failures, ip).toBeGreaterThanOrEqual(4);
      expect(failures, ip).toBeLessThanOrEqual(6);
    }
    expect(spanMinutes(a)).toBeLessThanOrEqual(30);
  });

  it('slow brute force: one failure every 5–9 minutes for 10 hours on both servers', () => {
    const a = attack('ssh-slow-brute-force');
    const failures = eventsOf(a).filter((e) => e.kind === 'auth.failure');
    expect(failures.length).toBeGreaterThanOrEqual(60);
    const gaps = failures.slice(1).map((e, i) => (e.ts - (failures[i]?.ts ?? 0)) / 60_000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4.9);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(9.2);
    expect(spanMinutes(a)).toBeGreaterThan(9.5 * 60);
    expect(new Set(failures.map((e) => e.host))).toEqual(new Set(['web1', 'web2']));
  });

  it('password spraying: 45 user names, most of them invalid, over about an hour', () => {
    const a = attack('ssh-password-spraying');
    const events = eventsOf(a);
    expect(new Set(events.filter((e) => e.kind === 'auth.failure').map((e) => e.user)).size).toBe(45);
    expect(
      new Set(events.filter((e) => e.kind === 'auth.invalid_user').map((e) => e.user)).size,
    ).toBeGreaterThan(35);
    expect(spanMinutes(a)).toBeGreaterThan(50);
    expect(spanMinutes(a)).toBeLessThan(70);
    expect(a.rules).toEqual(['ssh-password-spraying', 'ssh-invalid-user-probing']);
  });

  it('deploy compromise: 30 failures, then an accepted password, then failed sudo', () => {
    const a = attack('ssh-deploy-compromise');
    const events = eventsOf(a);
    const failures = events.filter((e) => e.kind === 'auth.failure' && e.user === 'deploy');
    const success = events.find((e) => e.kind === 'auth.success');
    expect(failures).toHaveLength(30);
    expect(success).toMatchObject({ user: 'deploy', authMethod: 'password', host: 'web2' });
    expect(Math.max(...failures.map((e) => e.ts))).toBeLessThan(success?.ts ?? 0);
    expect(
      (Math.max(...failures.map((e) => e.ts)) - Math.min(...failures.map((e) => e.ts))) / 60_000,
    ).toBeLessThan(10);
    const sudo = attack('sudo-failure-deploy');
    const sudoEvents = facts.attackEvents.filter((e) => e.kind.startsWith('sudo.') && e.user === 'deploy');
    expect(sudoEvents.map((e) => e.kind)).toEqual(['sudo.not_in_sudoers', 'sudo.failure']);
    for (const e of sudoEvents) {
      expect(e).toMatchObject({ host: 'web2', user: 'deploy' });
      expect(e.ts).toBeGreaterThanOrEqual(Date.parse(sudo.start));
      expect(e.ts).toBeLessThanOrEqual(Date.parse(sudo.end));
    }
    expect(Date.parse(sudo.start) - (success?.ts ?? 0)).toBeLessThan(60_000);
  });
});

describe('generateDemo: web attacks', () => {
  it('credential stuffing: 70 addresses, 2–5 POST /login each, 2 successes, inside the Thursday peak', () => {
    const a = attack('web-credential-stuffing');
    const events = eventsOf(a);
    expect(new Set(a.sourceIps).size).toBe(70);
    expect(new Set(a.sourceIps.map((ip) => ip.split('.').slice(0, 2).join('.'))).size).toBe(70);
    const posts = events.filter((e) => e.method === 'POST' && e.path === '/login');
    expect(count(posts, (e) => e.status === 401)).toBeGreaterThan(150);
    expect(count(posts, (e) => e.status === 302)).toBe(2);
    expect(count(events, (e) => e.path === '/dashboard' && e.status === 200)).toBe(2);
    expect(count(events, (e) => e.method === 'GET' && e.path === '/login')).toBe(0);
    for (const ip of a.sourceIps) {
      const n = count(posts, (e) => e.ip === ip);
      expect(n, ip).toBeGreaterThanOrEqual(2);
      expect(n, ip).toBeLessThanOrEqual(5);
    }
    expect(localWeekday(a.start)).toBe('Thu');
    expect(localHour(Date.parse(a.start)).slice(11)).toBe('09');
    expect(localHour(Date.parse(a.end)).slice(11)).toBe('09');
  });

  it('login brute force: ~180 failures from one IPv6 address in 15 minutes, then a success', () => {
    const a = attack('web-login-brute-force');
    expect(isIP(a.sourceIps[0] ?? '')).toBe(6);
    const posts = eventsOf(a).filter((e) => e.method === 'POST' && e.path === '/login');
    expect(count(posts, (e) => e.status === 401)).toBe(180);
    expect(posts.at(-1)?.status).toBe(302);
    expect(eventsOf(a).at(-1)).toMatchObject({ path: '/dashboard', status: 200, host: 'web2' });
    expect(spanMinutes(a)).toBeLessThanOrEqual(16);
    expect(localWeekday(a.start)).toBe('Tue');
    expect(attack('web-login-compromise')).toMatchObject({
      start: a.start,
      end: a.end,
      sourceIps: a.sourceIps,
    });
  });

  it('Nikto: ~900 distinct paths in 12 minutes, mostly 404, with its user agent', () => {
    const a = attack('web-nikto-scan');
    const events = eventsOf(a);
    expect(new Set(events.map((e) => e.path)).size).toBeGreaterThanOrEqual(850);
    expect(count(events, (e) => e.status === 404) / events.length).toBeGreaterThan(0.8);
    expect(count(events, (e) => e.status === 403)).toBeGreaterThan(0);
    expect(count(events, (e) => e.status === 200)).toBeGreaterThan(0);
    expect(events.every((e) => e.ua?.includes('Nikto/2.5.0'))).toBe(true);
    expect(spanMinutes(a)).toBeLessThanOrEqual(12.5);
  });

  it('injection: ~40 requests over 30 minutes, sqlmap, log4shell and Shellshock', () => {
    const a = attack('web-injection');
    const events = eventsOf(a);
    expect(events.length).toBeGreaterThanOrEqual(35);
    expect(events.length).toBeLessThanOrEqual(45);
    expect(spanMinutes(a)).toBeLessThanOrEqual(31);
    const paths = events.map((e) => e.path ?? '').join('\n');
    for (const needle of [
      '%27%20OR%201%3D1--',
      'UNION%20SELECT',
      'sleep(5)',
      '%3Cscript%3E',
      '..%2F',
      ';cat%20/etc/passwd',
    ]) {
      expect(paths).toContain(needle);
    }
    expect(count(events, (e) => e.ua?.startsWith('sqlmap/') === true)).toBeGreaterThan(30);
    expect(count(events, (e) => e.ua?.includes('${jndi:ldap://') === true)).toBe(2);
    expect(count(events, (e) => e.ua?.startsWith('() { :; };') === true)).toBe(1);
    expect(localWeekday(a.start)).toBe('Thu');
  });

  it('outage: most of web2 traffic answered 502/503 for 25 minutes on a Wednesday, no spike elsewhere', () => {
    const a = attack('http-5xx-outage');
    expect(localWeekday(a.start)).toBe('Wed');
    expect(spanMinutes(a)).toBeGreaterThan(20);
    const first = Math.floor(Date.parse(a.start) / TEN_MINUTES);
    const last = Math.floor(Date.parse(a.end) / TEN_MINUTES);
    for (let bucket = first + 1; bucket < last; bucket++) {
      const errors = facts.fiveHundreds.get(`web2 ${bucket}`) ?? 0;
      expect(errors / (facts.requests.get(`web2 ${bucket}`) ?? 1)).toBeGreaterThan(0.7);
    }
    for (const [key, errors] of facts.fiveHundreds) {
      const bucket = Number(key.split(' ')[1]);
      if (key.startsWith('web2') && bucket >= first && bucket <= last) continue;
      expect(errors, key).toBeLessThanOrEqual(3);
    }
  });

  it('sensitive path: .env and .git/config served with 200', () => {
    const events = eventsOf(attack('web-sensitive-path'));
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/.env', status: 200, host: 'web1' }),
        expect.objectContaining({ path: '/.git/config', status: 200, host: 'web1' }),
      ]),
    );
  });

  it('IoC: the address of ioc/bad-ips.txt browses web1 and knocks on SSH once', () => {
    const a = attack('ioc-match');
    const entries = readFileSync(main.iocPath, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(entries.length).toBeGreaterThanOrEqual(20);
    for (const entry of entries) expect(isIP(entry.split('/')[0] ?? ''), entry).not.toBe(0);
    expect(entries).toContain(a.sourceIps[0]);
    const events = eventsOf(a);
    expect(count(events, (e) => e.source === 'access')).toBeGreaterThan(2);
    expect(count(events, (e) => e.source === 'auth')).toBe(1);
  });
});

describe('generateDemo: normal traffic', () => {
  it('has a Thursday morning login peak', () => {
    const hour = (day: string, h: string): number => facts.loginPostsByHour.get(`${day} ${h}`) ?? 0;
    expect(hour(THURSDAY, '09')).toBeGreaterThan(5 * Math.max(1, hour(TUESDAY, '09')));
    let thursday = 0;
    for (const [key, n] of facts.loginPostsByHour) if (key.startsWith(THURSDAY)) thursday += n;
    expect(thursday).toBeGreaterThan(0.9 * MEMBER_COUNT);
    expect(hour(THURSDAY, '09') + hour(THURSDAY, '10')).toBeGreaterThan(thursday / 2);
  });

  it('mistypes 4–8% of logins and sends a few members to password reset', () => {
    const { succeeded, afterTypos, resets } = facts.logins;
    expect(afterTypos / succeeded).toBeGreaterThan(0.04);
    expect(afterTypos / succeeded).toBeLessThan(0.08);
    expect(resets).toBeGreaterThan(0);
  });

  it('shares each carrier-NAT address among many members logging in on Thursday', () => {
    for (const ip of NAT_ADDRESSES) {
      expect(facts.natLogins.get(ip)?.get(THURSDAY), ip).toBeGreaterThanOrEqual(15);
    }
  });

  it('stays below any sane per-address threshold, with 0.5–1% 404s', () => {
    expect(facts.maxNormal401PerTenMinutes).toBeLessThanOrEqual(5);
    expect(facts.maxNormal404PerTenMinutes).toBeLessThanOrEqual(5);
    expect(facts.maxNormalSshFailuresPerTenMinutes).toBeLessThan(10);
    const share404 = (facts.normalStatus.get(404) ?? 0) / facts.normalRequests;
    expect(share404).toBeGreaterThan(0.005);
    expect(share404).toBeLessThan(0.01);
  });

  it('has the uptime monitor check each server every minute', () => {
    for (const host of ['web1', 'web2']) {
      expect(facts.uptime.get(host)).toMatchObject({ count: WEEKS * 7 * 1440 });
      expect(facts.uptime.get(host)?.maxGap).toBeLessThanOrEqual(61_000);
    }
  });

  it('builds ~900 members with unique names, 25 behind each NAT address', () => {
    const members = buildMembers(1);
    expect(members).toHaveLength(MEMBER_COUNT);
    expect(new Set(members.map((m) => m.username)).size).toBe(MEMBER_COUNT);
    for (const m of members) expect(m.username).toMatch(/^[a-z]+(\.[a-z]+)?\d*$|^[a-z]\.[a-z]+$/);
    for (const ip of NAT_ADDRESSES) expect(members.filter((m) => m.mobile === ip)).toHaveLength(25);
    const mobile = members.filter((m) => m.mobile !== undefined).length / MEMBER_COUNT;
    expect(mobile).toBeGreaterThan(0.25);
    expect(mobile).toBeLessThan(0.35);
  });
});

describe('generateDemo: determinism and options', () => {
  it('writes the same bytes for the same seed', async () => {
    await generateDemo({ outDir: join(root, 'again'), weeks: WEEKS });
    expect(fileHashes(join(root, 'again'))).toEqual(fileHashes(join(root, 'main')));
  }, 120_000);

  it('writes other logs for another seed; offsets follow the zone across the DST change', async () => {
    const options = { start: '2026-10-19', weeks: 1 };
    await generateDemo({ outDir: join(root, 'seed1'), seed: 1, ...options });
    await generateDemo({ outDir: join(root, 'seed2'), seed: 2, ...options });
    const one = readFileSync(join(root, 'seed1/access_logs/web1/access.log'), 'utf8');
    const two = readFileSync(join(root, 'seed2/access_logs/web1/access.log'), 'utf8');
    expect(one).not.toBe(two);
    expect(one).toContain('[25/Oct/2026:01:00:07 +0200]');
    expect(one).toContain('[25/Oct/2026:04:00:07 +0100]');
    const auth = readFileSync(join(root, 'seed1/access_logs/web2/auth.log'), 'utf8');
    expect(auth).toMatch(/^2026-10-19T00:17:01\.\d{6}\+02:00 web2 CRON\[\d+\]: /m);
    expect(auth).toMatch(/^2026-10-25T23:17:01\.\d{6}\+01:00 web2 CRON\[\d+\]: /m);
  }, 120_000);

  it('rejects a start that is not a Monday, a bad week count and an unknown zone', async () => {
    const outDir = join(root, 'bad');
    await expect(generateDemo({ outDir, start: '2026-10-27' })).rejects.toMatchObject({
      code: ErrorCodes.usage,
    });
    await expect(generateDemo({ outDir, start: '2026-02-30' })).rejects.toMatchObject({
      code: ErrorCodes.usage,
    });
    await expect(generateDemo({ outDir, weeks: 0 })).rejects.toMatchObject({ code: ErrorCodes.usage });
    await expect(generateDemo({ outDir, timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: ErrorCodes.usage,
    });
    await expect(generateDemo({ outDir, seed: -1 })).rejects.toMatchObject({ code: ErrorCodes.usage });
  });
});
