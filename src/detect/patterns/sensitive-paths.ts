import { decodePathForMatching } from './decode.js';

/**
 * Paths that scanners request to find leaked secrets, admin panels, debug endpoints and known
 * exploitable software. A request for one is a probe whatever the answer; a 200 is worse.
 */

export type SensitivePathGroup = 'secret' | 'admin' | 'info' | 'exploit';

export interface SensitivePath {
  /** Case-insensitive. Ending in `/`: everything under it (and the folder itself). Otherwise the exact path, or anything under it. */
  readonly path: string;
  readonly group: SensitivePathGroup;
  readonly reason: string;
}

const entry = (path: string, group: SensitivePathGroup, reason: string): SensitivePath => ({
  path,
  group,
  reason,
});

export const SENSITIVE_PATHS: readonly SensitivePath[] = [
  // Secrets: files that hold credentials or source.
  entry('/.env', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.local', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.production', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.prod', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.development', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.dev', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.staging', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.bak', 'secret', 'backup of a dotenv file'),
  entry('/.env.backup', 'secret', 'backup of a dotenv file'),
  entry('/.env.old', 'secret', 'backup of a dotenv file'),
  entry('/.env.save', 'secret', 'editor backup of a dotenv file'),
  entry('/.git/config', 'secret', 'git remote URLs, sometimes with credentials'),
  entry('/.git/HEAD', 'secret', 'first step of dumping a deployed git repository'),
  entry('/.git/', 'secret', 'git metadata: the whole source history can be downloaded'),
  entry('/.git-credentials', 'secret', 'git credential store in plain text'),
  entry('/.svn/entries', 'secret', 'Subversion metadata: file list and source'),
  entry('/.svn/wc.db', 'secret', 'Subversion working-copy database'),
  entry('/.svn/', 'secret', 'Subversion metadata'),
  entry('/.hg/', 'secret', 'Mercurial metadata: the whole source history'),
  entry('/.aws/credentials', 'secret', 'AWS access keys'),
  entry('/.aws/config', 'secret', 'AWS configuration'),
  entry('/.ssh/id_rsa', 'secret', 'SSH private key'),
  entry('/.ssh/', 'secret', 'SSH keys and authorized_keys'),
  entry('/id_rsa', 'secret', 'SSH private key left in the web root'),
  entry('/.htpasswd', 'secret', 'Apache basic-auth password hashes'),
  entry('/.htaccess', 'secret', 'Apache per-directory configuration'),
  entry('/.DS_Store', 'secret', 'macOS folder index: lists files in the directory'),
  entry('/.npmrc', 'secret', 'npm registry tokens'),
  entry('/.docker/config.json', 'secret', 'Docker registry credentials'),
  entry('/.kube/config', 'secret', 'Kubernetes cluster credentials'),
  entry('/.bash_history', 'secret', 'shell history: commands, sometimes passwords'),
  entry('/.pgpass', 'secret', 'PostgreSQL passwords'),
  entry('/.my.cnf', 'secret', 'MySQL client passwords'),
  entry('/.vscode/sftp.json', 'secret', 'VS Code SFTP extension config with server passwords'),
  entry('/sftp-config.json', 'secret', 'Sublime SFTP config with server passwords'),
  entry('/docker-compose.yml', 'secret', 'service definitions, often with passwords'),
  entry('/docker-compose.yaml', 'secret', 'service definitions, often with passwords'),
  entry('/config.php.bak', 'secret', 'backup of a PHP config: served as text, with passwords'),
  entry('/wp-config.php', 'secret', 'WordPress database credentials (probed for misconfigured PHP)'),
  entry('/wp-config.php.bak', 'secret', 'backup of wp-config.php, served as text'),
  entry('/wp-config.php.old', 'secret', 'backup of wp-config.php, served as text'),
  entry('/wp-config.php.save', 'secret', 'editor backup of wp-config.php, served as text'),
  entry('/wp-config.php~', 'secret', 'editor backup of wp-config.php, served as text'),
  entry('/web.config', 'secret', 'IIS/ASP.NET configuration with connection strings'),
  entry('/backup.sql', 'secret', 'database dump'),
  entry('/dump.sql', 'secret', 'database dump'),
  entry('/database.sql', 'secret', 'database dump'),
  entry('/db.sql', 'secret', 'database dump'),
  entry('/backup.zip', 'secret', 'site backup archive'),
  entry('/backup.tar.gz', 'secret', 'site backup archive'),

  // Admin panels and logins.
  entry('/phpmyadmin', 'admin', 'phpMyAdmin database console'),
  entry('/pma', 'admin', 'phpMyAdmin under its short name'),
  entry('/myadmin', 'admin', 'phpMyAdmin under a common alias'),
  entry('/mysqladmin', 'admin', 'phpMyAdmin under a common alias'),
  entry('/adminer.php', 'admin', 'Adminer single-file database console'),
  entry('/adminer', 'admin', 'Adminer database console'),
  entry('/wp-login.php', 'admin', 'WordPress login (password spraying)'),
  entry('/wp-admin', 'admin', 'WordPress admin'),
  entry('/xmlrpc.php', 'admin', 'WordPress XML-RPC: multicall password brute force'),
  entry('/administrator/', 'admin', 'Joomla administrator login'),
  entry('/manager/html', 'admin', 'Tomcat manager: WAR upload means code execution'),
  entry('/host-manager/html', 'admin', 'Tomcat host manager'),
  entry('/solr/admin', 'admin', 'Apache Solr admin'),
  entry('/jenkins', 'admin', 'Jenkins: the script console runs code'),
  entry('/hudson', 'admin', 'Hudson (Jenkins predecessor) script console'),
  entry('/console', 'admin', 'WebLogic admin console'),
  entry('/jmx-console', 'admin', 'JBoss JMX console'),
  entry('/web-console', 'admin', 'JBoss web console'),

  // Server and framework information.
  entry('/server-status', 'info', 'Apache mod_status: client IPs and URLs being served'),
  entry('/server-info', 'info', 'Apache mod_info: full server configuration'),
  entry('/nginx_status', 'info', 'nginx stub_status'),
  entry('/phpinfo.php', 'info', 'phpinfo(): configuration, paths and environment'),
  entry('/phpinfo', 'info', 'phpinfo(): configuration, paths and environment'),
  entry('/info.php', 'info', 'phpinfo() under a common name'),
  entry('/actuator/env', 'info', 'Spring Boot environment: properties and secrets'),
  entry('/actuator/heapdump', 'info', 'Spring Boot heap dump: secrets in memory'),
  entry('/actuator/threaddump', 'info', 'Spring Boot thread dump'),
  entry('/actuator/configprops', 'info', 'Spring Boot configuration properties'),
  entry('/actuator/jolokia', 'info', 'Jolokia JMX bridge: can lead to code execution'),
  entry('/jolokia', 'info', 'Jolokia JMX bridge: can lead to code execution'),
  entry('/_profiler', 'info', 'Symfony profiler: requests, config and secrets'),
  entry('/_debugbar', 'info', 'Laravel Debugbar: queries and session data'),
  entry('/debug/pprof', 'info', 'Go pprof profiling endpoints'),
  entry('/telescope', 'info', 'Laravel Telescope: requests, queries and exceptions'),
  entry('/elmah.axd', 'info', 'ASP.NET error log with request details'),
  entry('/trace.axd', 'info', 'ASP.NET request trace'),

  // Known-vulnerable software and exploit kits.
  entry(
    '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
    'exploit',
    'PHPUnit eval-stdin RCE (CVE-2017-9841)',
  ),
  entry('/cgi-bin/', 'exploit', 'CGI scripts: Shellshock and Apache 2.4.49 traversal probes'),
  entry('/boaform/admin/formLogin', 'exploit', 'Boa/Realtek router login, brute-forced by IoT botnets'),
  entry('/HNAP1', 'exploit', 'D-Link HNAP interface, exploited by IoT botnets'),
  entry('/GponForm/diag_Form', 'exploit', 'GPON router command injection (CVE-2018-10561)'),
  entry('/shell', 'exploit', 'router web shell abused by Mozi-style botnets (`/shell?cd+/tmp;wget …`)'),
  entry('/.well-known/../', 'exploit', 'traversal out of the ACME challenge folder'),
  entry('/owa/auth/logon.aspx', 'exploit', 'Exchange OWA: ProxyLogon/ProxyShell reconnaissance'),
  entry('/autodiscover/autodiscover.xml', 'exploit', 'Exchange Autodiscover: ProxyShell entry point'),
  entry('/ecp/', 'exploit', 'Exchange control panel: ProxyLogon entry point'),
  entry('/remote/fgt_lang', 'exploit', 'Fortinet SSL-VPN credential leak (CVE-2018-13379)'),
  entry('/+CSCOE+/logon.html', 'exploit', 'Cisco ASA WebVPN reconnaissance'),
  entry('/vpn/../vpns/', 'exploit', 'Citrix ADC traversal (CVE-2019-19781)'),
  entry('/_ignition/execute-solution', 'exploit', 'Laravel Ignition RCE (CVE-2021-3129)'),
  entry('/ctrlt/DeviceUpgrade_1', 'exploit', 'Huawei HG532 command injection (CVE-2017-17215)'),
  entry('/setup.cgi', 'exploit', 'Netgear DGN command injection'),
  entry('/tmUnblock.cgi', 'exploit', 'Linksys E-series command injection (TheMoon worm)'),
  entry('/picsdesc.xml', 'exploit', 'Realtek SDK UPnP command injection (CVE-2014-8361)'),
  entry('/wls-wsat/', 'exploit', 'WebLogic WLS-WSAT deserialization (CVE-2017-10271)'),
  entry('/_async/', 'exploit', 'WebLogic async deserialization (CVE-2019-2725)'),
  entry('/mgmt/tm/util/bash', 'exploit', 'F5 BIG-IP iControl REST RCE (CVE-2022-1388)'),
  entry('/actuator/gateway/routes', 'exploit', 'Spring Cloud Gateway code injection (CVE-2022-22947)'),
  entry('/api/jsonws/invoke', 'exploit', 'Liferay JSON web service deserialization (CVE-2020-7961)'),
  entry('/nice ports,/Trinity.txt.bak', 'exploit', 'Nmap service-detection probe'),
];

export type SensitivePathMatcher = (target: string) => SensitivePath | undefined;

interface Candidate {
  readonly entry: SensitivePath;
  /** Lowercased path. */
  readonly lower: string;
  readonly prefix: boolean;
}

interface PathIndex {
  /** Candidates by the key of their first segment, matched at the start of the path. */
  readonly root: Map<number, Candidate[]>;
  /** The same for entries also matched below other folders (`/api/.env`, `/laravel/vendor/…`). */
  readonly deep: Map<number, Candidate[]>;
}

const SLASH = 47;
const PERCENT = 37;
const QUESTION = 63;
const KEY_MASK = 0x3fffffff;

const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step over an ASCII-lowercased character. */
function hashStep(hash: number, c: number): number {
  return Math.imul(hash ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
}

/**
 * Key of `s[from, to)` lowercased (ASCII), kept in the small-integer range so the Map lookup
 * allocates nothing. Collisions only cost a comparison: candidates are always verified.
 */
function segmentKey(s: string, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let i = from; i < to; i++) hash = hashStep(hash, s.charCodeAt(i));
  return hash & KEY_MASK;
}

function segmentEnd(s: string, from: number, to: number): number {
  const slash = s.indexOf('/', from);
  return slash < 0 || slash > to ? to : slash;
}

/**
 * Hidden files and folders (`.env`, `.git/`) and Composer's `vendor/` are probed under every app
 * prefix (`/api/.env`, `/laravel/vendor/phpunit/…`), so they match at any depth. `.well-known`
 * is legitimately served, and its entry is about traversal from the root.
 */
function matchesAtAnyDepth(firstSegment: string): boolean {
  return (firstSegment.startsWith('.') && firstSegment !== '.well-known') || firstSegment === 'vendor';
}

function buildIndex(entries: readonly SensitivePath[]): PathIndex {
  const index: PathIndex = { root: new Map(), deep: new Map() };
  const add = (map: Map<number, Candidate[]>, key: number, candidate: Candidate): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [candidate]);
    else list.push(candidate);
  };
  for (const e of entries) {
    const lower = e.path.toLowerCase();
    const candidate: Candidate = { entry: e, lower, prefix: lower.endsWith('/') };
    const end = segmentEnd(lower, 1, lower.length);
    const key = segmentKey(lower, 1, end);
    add(index.root, key, candidate);
    if (matchesAtAnyDepth(lower.slice(1, end))) add(index.deep, key, candidate);
  }
  // Most specific first: `/.git/config` before `/.git/`.
  for (const map of [index.root, index.deep]) {
    for (const list of map.values()) list.sort((a, b) => b.lower.length - a.lower.length);
  }
  return index;
}

/** True at the end of the path component: the end of the text or the start of the query. */
const endsPath = (c: number): boolean => Number.isNaN(c) || c === QUESTION;

/**
 * Whether `path` at `at` (case-insensitively, ASCII) is `c`, or below it. Works on raw targets
 * (a `?` ends the path) as well as on normalized path components.
 */
function candidateMatches(c: Candidate, path: string, at: number): boolean {
  const lower = c.lower;
  for (let k = 0; k < lower.length; k++) {
    let ch = path.charCodeAt(at + k);
    if (ch >= 65 && ch <= 90) ch += 32;
    if (ch !== lower.charCodeAt(k)) {
      // A folder entry also matches the folder itself: `/administrator` for `/administrator/`.
      return c.prefix && k === lower.length - 1 && endsPath(ch);
    }
  }
  if (c.prefix) return true;
  const next = path.charCodeAt(at + lower.length);
  return endsPath(next) || next === SLASH;
}

function firstMatch(
  list: readonly Candidate[] | undefined,
  path: string,
  at: number,
): SensitivePath | undefined {
  if (list === undefined) return undefined;
  for (const c of list) if (candidateMatches(c, path, at)) return c.entry;
  return undefined;
}

/** Match on a decoded, lowercased path component with single slashes. */
function matchNormalized(index: PathIndex, path: string): SensitivePath | undefined {
  const root = firstMatch(index.root.get(segmentKey(path, 1, segmentEnd(path, 1, path.length))), path, 0);
  if (root !== undefined || index.deep.size === 0) return root;
  for (let at = path.indexOf('/', 1); at > 0; at = path.indexOf('/', at + 1)) {
    const list = index.deep.get(segmentKey(path, at + 1, segmentEnd(path, at + 1, path.length)));
    const deep = firstMatch(list, path, at);
    if (deep !== undefined) return deep;
  }
  return undefined;
}

function normalize(component: string): string {
  const decoded = component.includes('%') ? decodePathForMatching(component) : component.toLowerCase();
  return decoded.includes('//') ? decoded.replace(/\/{2,}/g, '/') : decoded;
}

function lookup(index: PathIndex, target: string): SensitivePath | undefined {
  let start = 0;
  if (target.charCodeAt(0) !== SLASH) {
    // Absolute form, as proxy probes send it: `GET http://host/.env`.
    const scheme = target.indexOf('://');
    if (scheme < 0) return undefined;
    start = target.indexOf('/', scheme + 3);
    if (start < 0) return undefined;
  }
  // Fast path: one pass over the first segment for its key, a Map lookup by number, candidates
  // compared in place, and for deeper paths one search for a hidden file or vendor/.
  const n = target.length;
  let slow = target.charCodeAt(start + 1) === SLASH;
  let hash = FNV_OFFSET;
  let i = start + 1;
  for (; i < n; i++) {
    const c = target.charCodeAt(i);
    if (c === SLASH || c === QUESTION) break;
    if (c === PERCENT) slow = true;
    hash = hashStep(hash, c);
  }
  if (!slow) {
    const list = index.root.get(hash & KEY_MASK);
    if (list === undefined) {
      if (!mayMatchDeeper(index, target, i)) return undefined;
    } else {
      const hit = firstMatch(list, target, start);
      // Only escapes or doubled slashes later in the path could still make a root entry match.
      if (hit !== undefined) return hit;
      if (!target.includes('%') && !target.includes('//') && !mayMatchDeeper(index, target, i))
        return undefined;
    }
  }
  const query = target.indexOf('?', i);
  return matchNormalized(index, normalize(target.slice(start, query < 0 ? n : query)));
}

/** A segment that is hidden (`/.git`) or `vendor/`: anywhere, the match is verified on the path. */
const DEEP_SEGMENT = /\/(?:\.|vendor\/)/;

/** Whether the path after the first segment, stopped at `from`, may hold a segment of the deep index. */
function mayMatchDeeper(index: PathIndex, target: string, from: number): boolean {
  return index.deep.size > 0 && target.charCodeAt(from) === SLASH && DEEP_SEGMENT.test(target);
}

function toEntry(item: string | SensitivePath): SensitivePath {
  if (typeof item !== 'string') return item;
  const path = item.startsWith('/') ? item : `/${item}`;
  return { path, group: 'secret', reason: 'listed as sensitive in the configuration' };
}

/**
 * A matcher over the built-in list plus `extra` paths (strings are `secret`), where requests
 * under an `allow`ed path never match: a site that really runs WordPress allows `/wp-login.php`
 * and `/wp-admin/`. Matching is case-insensitive on the decoded path component (the query is
 * ignored), and costs one pass over the first path segment for ordinary requests.
 */
export function createSensitivePathMatcher(
  extra: readonly (string | SensitivePath)[] = [],
  allow: readonly string[] = [],
): SensitivePathMatcher {
  const index = buildIndex([...SENSITIVE_PATHS, ...extra.map(toEntry)]);
  if (allow.length === 0) return (target) => lookup(index, target);
  const allowed = buildIndex(allow.map(toEntry));
  return (target) => {
    const hit = lookup(index, target);
    return hit === undefined || lookup(allowed, target) !== undefined ? undefined : hit;
  };
}

const builtIn = createSensitivePathMatcher();

/** The built-in entry a request target asks for, or undefined. */
export function matchSensitivePath(target: string): SensitivePath | undefined {
  return builtIn(target);
}
