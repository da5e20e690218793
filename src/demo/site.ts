import type { Random } from './random.js';

/**
 * What the demo portal looks like from its access log: pages, assets, searches, browsers and the
 * fixed addresses of its well-known visitors (crawlers, uptime monitor, staff, CI).
 */

export const SITE = 'https://jobs.turnanewleaf.example';

const STYLESHEET = '/static/app.3f9c2a71.css';
const SCRIPT = '/static/app.8d41e0b6.js';
export const ASSETS: readonly (readonly [path: string, bytes: number])[] = [
  [STYLESHEET, 48213],
  [SCRIPT, 183742],
  ['/img/logo.png', 7421],
  ['/favicon.ico', 1150],
];

/** Open job ids: `/jobs/<id>` answers 200. */
const JOB_IDS = { first: 40100, last: 41999 } as const;
/** Expired job ids still linked from elsewhere: `/jobs/<id>` answers 404. */
const OLD_JOB_IDS = { first: 31000, last: 39999 } as const;

export const DESKTOP_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
] as const;

export const MOBILE_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
] as const;

export const BROWSER_AGENTS: readonly string[] = [...DESKTOP_AGENTS, ...MOBILE_AGENTS];

export function isAppleMobile(agent: string): boolean {
  return agent.includes('iPhone') || agent.includes('iPad');
}

export const GOOGLEBOT_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
export const BINGBOT_AGENT =
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36';
export const UPTIME_AGENT = 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)';

/** Fixed addresses of the well-known, legitimate visitors. */
export const KNOWN_ADDRESSES = {
  googlebot: ['66.249.66.1', '66.249.66.12', '66.249.66.40', '66.249.79.133'],
  bingbot: ['40.77.167.15', '40.77.167.61', '157.55.39.200'],
  uptimeMonitor: '69.162.124.235',
  /** The office network the staff log in from over SSH. */
  officeNetwork: '81.169.201.0/24',
  alice: '81.169.201.21',
  bob: '81.169.201.34',
  /** The CI runner that deploys as `deploy`. */
  ci: '3.121.52.18',
} as const;

export const EXTERNAL_REFERERS = [
  'https://www.google.com/',
  'https://www.google.de/',
  'https://www.bing.com/',
  'https://duckduckgo.com/',
  'https://www.linkedin.com/',
  'https://www.facebook.com/',
] as const;

/** What people search for, as typed: encoded like a browser's form submission (`+` for spaces). */
const SEARCHES = (
  "warehouse|forklift driver|c++|c#|sales & marketing|o'brien|part time|nurse|care assistant|" +
  'kitchen help|electrician|bookkeeping|cleaner|java developer|delivery driver|customer service|' +
  'retail|admin assistant|teaching assistant|security guard|apprenticeship|night shift|remote|' +
  'data entry|bilingual|café barista|mechanic|carpenter|painter|gardener|receptionist|call center|' +
  'it support|accountant|social worker|childcare|elderly care|cook|dishwasher|plumber|welder|' +
  'truck driver|logistics|hotel|housekeeping|mini job|german course|english|translator|r&d|' +
  'full-time|office|berlin|hamburg|training|cashier|shelf stacker|seasonal|sales|marketing'
).split('|');

export const SEARCH_QUERIES: readonly string[] = SEARCHES.map((q) => new URLSearchParams({ q }).toString());

export function jobId(random: Random): number {
  return random.int(JOB_IDS.first, JOB_IDS.last);
}

export function oldJobId(random: Random): number {
  return random.int(OLD_JOB_IDS.first, OLD_JOB_IDS.last);
}

/** Response sizes of the app's pages (bytes of body), roughly what a server-rendered page weighs. */
const PAGE_BYTES = {
  home: [14200, 14900],
  about: [8300, 8500],
  login: [5100, 5250],
  loginFailed: [5310, 5420],
  dashboard: [9000, 14000],
  search: [12000, 30000],
  job: [7000, 11000],
  jobs: [21000, 26000],
  profile: [6500, 7200],
  passwordReset: [4200, 4300],
  notFound: [4110, 4160],
} as const satisfies Record<string, readonly [number, number]>;

export function pageBytes(random: Random, page: keyof typeof PAGE_BYTES): number {
  const [min, max] = PAGE_BYTES[page];
  return random.int(min, max);
}

/** nginx's own error pages (no app behind them). */
export const NGINX_PAGE_BYTES = { 404: 153, 502: 157, 503: 197 } as const;

/** Paths every server on the internet is asked for by background scanners; all answer 404 here. */
export const BACKGROUND_PROBE_PATHS = [
  '/.env',
  '/wp-login.php',
  '/.git/config',
  '/phpmyadmin/',
  '/wp-admin/setup-config.php',
  '/xmlrpc.php',
  '/config.json',
  '/.aws/credentials',
  '/admin/.env',
  '/server-status',
  '/actuator/env',
  '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
  '/.DS_Store',
  '/owa/auth/logon.aspx',
  '/wp-content/plugins/',
  '/info.php',
  '/api/.env',
  '/backup.sql',
] as const;

export const BACKGROUND_PROBE_AGENTS = [
  'python-requests/2.31.0',
  'curl/8.4.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36',
] as const;

/** Local-hour weights of anonymous traffic: quiet nights, a morning and an evening peak. */
export const HOURLY_VISITS = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.8, 1.3, 1.6, 1.7, 1.7, 1.6, 1.5, 1.5, 1.4, 1.3, 1.2, 1.2, 1.3,
  1.3, 1.1, 0.8, 0.5,
] as const;
