import { HOUR, MINUTE, SATURDAY, SECOND, THURSDAY } from './clock.js';
import { HOST_NAMES, type AccessLog, type Activity, type DemoContext } from './context.js';
import { type Member, visitorAddress } from './members.js';
import { randomFor, type Random } from './random.js';
import {
  ASSETS,
  BACKGROUND_PROBE_AGENTS,
  BACKGROUND_PROBE_PATHS,
  BINGBOT_AGENT,
  BROWSER_AGENTS,
  EXTERNAL_REFERERS,
  GOOGLEBOT_AGENT,
  HOURLY_VISITS,
  KNOWN_ADDRESSES,
  NGINX_PAGE_BYTES,
  SEARCH_QUERIES,
  SITE,
  UPTIME_AGENT,
  isAppleMobile,
  jobId,
  oldJobId,
  pageBytes,
} from './site.js';

/**
 * Normal web traffic of one day: members logging in (everyone on Thursday), anonymous visitors,
 * crawlers, the uptime monitor, a few 404s and 500s, and the internet's background probing.
 * None of it is an attack.
 */

/** How one login attempt of a member ends. */
type LoginOutcome = 'clean' | 'typo' | 'reset';

const TYPO_SHARE = 0.06;
const RESET_SHARE = 0.01;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** A browser session on one host: a clock that moves forward and writes requests. */
class Visit {
  constructor(
    private readonly log: AccessLog,
    private readonly random: Random,
    readonly ip: string,
    readonly agent: string,
    public t: number,
  ) {}

  wait(minSeconds: number, maxSeconds: number): this {
    this.t += Math.round(this.random.between(minSeconds, maxSeconds) * SECOND);
    return this;
  }

  get(path: string, status: number, bytes: number, referer: string): this {
    this.log.request(this.t, this.ip, 'GET', path, status, bytes, referer, this.agent);
    return this;
  }

  post(path: string, status: number, bytes: number, referer: string): this {
    this.log.request(this.t, this.ip, 'POST', path, status, bytes, referer, this.agent);
    return this;
  }

  /** Stylesheet, script, logo and favicon, fetched right after the first page. */
  assets(referer: string): this {
    let at = this.t;
    for (const [path, bytes] of ASSETS) {
      at += this.random.int(20, 400);
      this.log.request(at, this.ip, 'GET', path, 200, bytes, referer, this.agent);
    }
    if (isAppleMobile(this.agent) && this.random.chance(0.2)) {
      at += this.random.int(100, 900);
      this.log.request(
        at,
        this.ip,
        'GET',
        '/apple-touch-icon.png',
        404,
        NGINX_PAGE_BYTES[404],
        '-',
        this.agent,
      );
    }
    return this;
  }
}

/**
 * The day's web traffic as activities, each writing no line before its start: the caller runs them
 * in order of start, so it can write out everything older than the next start as it goes.
 */
export function planWebDay(ctx: DemoContext, day: number): Activity[] {
  const activities: Activity[] = [];
  planMemberLogins(ctx, day, randomFor(ctx.seed, 'web', day), activities);
  const weekday = ctx.calendar.weekday(day);
  const dayStart = ctx.calendar.dayStarts[day] ?? 0;
  for (const host of HOST_NAMES) {
    const log = ctx.hosts[host].access;
    const random = randomFor(ctx.seed, 'web', host, day);
    const visits =
      weekday >= SATURDAY
        ? random.int(1900, 2300)
        : weekday === THURSDAY
          ? random.int(4700, 5100)
          : random.int(4100, 4600);
    for (let i = 0; i < visits; i++) {
      const hour = random.weighted(HOURS, HOURLY_VISITS);
      const start = ctx.calendar.at(day, hour + random.next());
      activities.push({
        start,
        run: () => {
          anonymousVisit(log, start, random);
        },
      });
    }
    activities.push({
      start: dayStart,
      run: () => {
        uptimeChecks(ctx, log, day, host === 'web1' ? 7 : 37);
        crawlers(ctx, log, day, random);
        serverErrors(ctx, log, day, random);
        backgroundProbes(ctx, log, day, random);
      },
    });
  }
  return activities;
}

/** Which members log in on `day`, when, from where and how it goes. */
function planMemberLogins(ctx: DemoContext, day: number, random: Random, activities: Activity[]): void {
  const weekday = ctx.calendar.weekday(day);
  const thursday = weekday === THURSDAY;
  const share = thursday ? 0.97 : weekday >= SATURDAY ? random.between(0.03, 0.05) : random.between(0.1, 0.2);
  for (const member of ctx.members) {
    if (!random.chance(share)) continue;
    let hours: number;
    if (thursday) {
      // 07:30–14:00, most between 09:00 and 10:30.
      hours = random.chance(0.85) ? random.normal(9.75, 0.75) : random.between(7.5, 14);
      hours = Math.min(14, Math.max(7.5, hours));
    } else if (weekday >= SATURDAY) {
      hours = random.between(10, 21);
    } else {
      hours = random.chance(0.5) ? random.normal(10.5, 1.5) : random.normal(19, 1.8);
      hours = Math.min(22.5, Math.max(7, hours));
    }
    const roll = random.next();
    const outcome: LoginOutcome =
      roll < TYPO_SHARE ? 'typo' : roll < TYPO_SHARE + RESET_SHARE ? 'reset' : 'clean';
    const log = ctx.hosts[random.chance(0.5) ? 'web1' : 'web2'].access;
    const start = ctx.calendar.at(day, hours);
    activities.push({
      start,
      run: () => {
        memberSession(log, random, member, thursday, start, outcome);
      },
    });
  }
}

function memberSession(
  log: AccessLog,
  random: Random,
  member: Member,
  thursday: boolean,
  start: number,
  outcome: LoginOutcome,
): void {
  const mobileShare = member.behindNat && thursday ? 0.85 : 0.4;
  const onMobile = member.mobile !== undefined && random.chance(mobileShare);
  const ip = onMobile ? (member.mobile ?? member.home) : member.home;
  const agent = onMobile || random.chance(0.35) ? member.mobileAgent : member.desktopAgent;
  const v = new Visit(log, random, ip, agent, start);
  const login = `${SITE}/login`;
  v.get('/login', 200, pageBytes(random, 'login'), random.pick([`${SITE}/`, '-', '-', `${SITE}/jobs`]));
  if (random.chance(0.5)) v.assets(login);
  v.wait(6, 25);
  if (outcome !== 'clean') {
    const failures = outcome === 'typo' ? random.int(1, 3) : random.int(2, 4);
    for (let i = 0; i < failures; i++) {
      v.post('/login', 401, pageBytes(random, 'loginFailed'), login).wait(3, 60);
    }
  }
  if (outcome === 'reset') {
    v.get('/password-reset', 200, pageBytes(random, 'passwordReset'), login).wait(20, 60);
    v.post('/password-reset', 302, 0, `${SITE}/password-reset`).wait(0.3, 1.5);
    v.get('/password-reset/sent', 200, pageBytes(random, 'passwordReset'), `${SITE}/password-reset`);
    return;
  }
  v.post('/login', 302, 0, login).wait(1, 3);
  v.get('/dashboard', 200, pageBytes(random, 'dashboard'), login);
  let page = `${SITE}/dashboard`;
  const searches = random.int(1, 4);
  for (let s = 0; s < searches; s++) {
    const search = `/jobs?${random.pick(SEARCH_QUERIES)}`;
    v.wait(5, 60).get(search, 200, pageBytes(random, 'search'), page);
    const views = random.int(0, 3);
    for (let j = 0; j < views; j++) {
      const job = `/jobs/${jobId(random)}`;
      v.wait(5, 90).get(job, 200, pageBytes(random, 'job'), `${SITE}${search}`);
      page = `${SITE}${job}`;
      if (random.chance(0.12)) {
        v.wait(20, 120).post(`${job}/apply`, 302, 0, page).wait(0.3, 1.5);
        v.get('/dashboard', 200, pageBytes(random, 'dashboard'), page);
        page = `${SITE}/dashboard`;
      }
    }
  }
  if (random.chance(0.3)) {
    v.wait(5, 40).get('/profile', 200, pageBytes(random, 'profile'), page);
    page = `${SITE}/profile`;
  }
  if (random.chance(0.6)) {
    v.wait(5, 60).get('/logout', 302, 0, page).wait(0.2, 1);
    v.get('/', 200, pageBytes(random, 'home'), page);
  }
}

/** A job seeker who is not logged in: a landing page, assets, a few pages. */
function anonymousVisit(log: AccessLog, start: number, random: Random): void {
  const agent = random.pick(BROWSER_AGENTS);
  const v = new Visit(log, random, visitorAddress(random), agent, start);
  const external = random.chance(0.6) ? random.pick(EXTERNAL_REFERERS) : '-';
  const entry = random.next();
  let page: string;
  if (entry < 0.015) {
    v.get(`/jobs/${oldJobId(random)}`, 404, pageBytes(random, 'notFound'), external);
    if (random.chance(0.5)) return;
    page = '/';
    v.wait(2, 10).get(page, 200, pageBytes(random, 'home'), `${SITE}/jobs`);
  } else if (entry < 0.5) {
    page = '/';
    v.get(page, 200, pageBytes(random, 'home'), external);
  } else if (entry < 0.85) {
    page = `/jobs/${jobId(random)}`;
    v.get(page, 200, pageBytes(random, 'job'), external);
  } else {
    page = '/jobs';
    v.get(page, 200, pageBytes(random, 'jobs'), external);
  }
  if (random.chance(0.7)) v.assets(`${SITE}${page}`);
  let views = 0;
  while (views < 12 && random.chance(0.75)) {
    views++;
    v.wait(4, 80);
    const referer = `${SITE}${page}`;
    const kind = random.next();
    if (kind < 0.2) {
      page = '/jobs';
      v.get(page, 200, pageBytes(random, 'jobs'), referer);
    } else if (kind < 0.55) {
      page = `/jobs?${random.pick(SEARCH_QUERIES)}`;
      v.get(page, 200, pageBytes(random, 'search'), referer);
    } else if (kind < 0.9) {
      page = `/jobs/${jobId(random)}`;
      v.get(page, 200, pageBytes(random, 'job'), referer);
    } else if (kind < 0.96) {
      page = '/about';
      v.get(page, 200, pageBytes(random, 'about'), referer);
    } else {
      v.get('/login', 200, pageBytes(random, 'login'), referer);
      return;
    }
  }
}

/** `GET /health` once a minute, all day, at the same second. */
function uptimeChecks(ctx: DemoContext, log: AccessLog, day: number, second: number): void {
  const start = ctx.calendar.dayStarts[day] ?? 0;
  const end = ctx.calendar.dayStarts[day + 1] ?? start;
  for (let t = start + second * SECOND; t < end; t += MINUTE) {
    log.request(t, KNOWN_ADDRESSES.uptimeMonitor, 'GET', '/health', 200, 15, '-', UPTIME_AGENT, 'HTTP/1.1');
  }
}

function crawlers(ctx: DemoContext, log: AccessLog, day: number, random: Random): void {
  const start = ctx.calendar.dayStarts[day] ?? 0;
  const end = ctx.calendar.dayStarts[day + 1] ?? start;
  const bots = [
    { agent: GOOGLEBOT_AGENT, addresses: KNOWN_ADDRESSES.googlebot, gap: [150, 420] },
    { agent: BINGBOT_AGENT, addresses: KNOWN_ADDRESSES.bingbot, gap: [360, 840] },
  ] as const;
  for (const bot of bots) {
    const crawl = (t: number, path: string, status: number, bytes: number): void => {
      log.request(t, random.pick(bot.addresses), 'GET', path, status, bytes, '-', bot.agent, 'HTTP/1.1');
    };
    crawl(start + random.int(0, 3) * HOUR + random.int(0, 3599) * SECOND, '/sitemap.xml', 200, 48210);
    for (let i = 0; i < 4; i++) crawl(start + (i * 6 + random.next() * 6) * HOUR, '/robots.txt', 200, 67);
    for (
      let t = start + random.int(0, 300) * SECOND;
      t < end;
      t += random.int(bot.gap[0], bot.gap[1]) * SECOND
    ) {
      if (random.chance(0.015)) crawl(t, `/jobs/${oldJobId(random)}`, 404, pageBytes(random, 'notFound'));
      else crawl(t, `/jobs/${jobId(random)}`, 200, pageBytes(random, 'job'));
    }
  }
}

/** A few app errors a day, never more than one an hour. */
function serverErrors(ctx: DemoContext, log: AccessLog, day: number, random: Random): void {
  for (const hour of random.sample(HOURS.slice(7, 23), random.int(1, 4))) {
    const t = ctx.calendar.at(day, hour + random.next());
    const agent = random.pick(BROWSER_AGENTS);
    const ip = visitorAddress(random);
    if (random.chance(0.5)) {
      log.request(t, ip, 'GET', `/jobs?${random.pick(SEARCH_QUERIES)}`, 500, 612, `${SITE}/jobs`, agent);
    } else {
      log.request(t, ip, 'GET', `/jobs/${jobId(random)}`, 500, 612, '-', agent);
    }
  }
}

/** The internet's constant probing for leaked files and admin panels: a few requests, all 404. */
function backgroundProbes(ctx: DemoContext, log: AccessLog, day: number, random: Random): void {
  const probers = random.int(3, 10);
  for (let i = 0; i < probers; i++) {
    const ip = `${random.pick(PROBE_OCTETS)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
    const agent = random.pick(BACKGROUND_PROBE_AGENTS);
    let t = ctx.calendar.at(day, random.between(0, 24));
    for (const path of random.sample(BACKGROUND_PROBE_PATHS, random.int(1, 3))) {
      log.request(t, ip, 'GET', path, 404, pageBytes(random, 'notFound'), '-', agent, 'HTTP/1.1');
      t += random.int(200, 5000);
    }
  }
}

/** First octets of the background probers (hosting and cloud ranges, disjoint from everyone else). */
const PROBE_OCTETS = [104, 128, 143, 159, 164, 167, 206, 218] as const;
