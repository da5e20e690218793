import { own } from '../strings.js';

/**
 * Attack tools and internet-wide scanners that name themselves in the User-Agent. Tools can be
 * told to send a browser's user agent, so a miss proves nothing; a hit is certain. Generic HTTP
 * clients (curl, python-requests, Go-http-client, okhttp) are left out on purpose: monitoring,
 * webhooks and integrations use them every minute.
 */

export interface ScannerAgent {
  /** Name reported for a match, in the tool's own spelling. */
  readonly name: string;
  /**
   * Case-insensitive substrings of the user agent. Where a token begins or ends with a letter or
   * digit, no letter or digit may stand next to it: `nuclei` is not found in `nucleic`.
   */
  readonly tokens: readonly string[];
}

const agent = (name: string, ...tokens: string[]): ScannerAgent => ({ name, tokens });

export const SCANNER_AGENTS: readonly ScannerAgent[] = [
  agent('sqlmap', 'sqlmap'), // sqlmap/1.7.2#stable (https://sqlmap.org)
  agent('Nikto', 'nikto'), // Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)
  agent('Nmap', 'nmap'), // Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)
  agent('masscan-ng', 'masscan-ng'),
  agent('masscan', 'masscan'), // masscan/1.3 (https://github.com/robertdavidgraham/masscan)
  agent('zgrab', 'zgrab'), // Mozilla/5.0 zgrab/0.x
  agent('Acunetix', 'acunetix'),
  agent('Netsparker', 'netsparker'),
  agent('w3af', 'w3af'), // w3af.org
  agent('WPScan', 'wpscan'), // WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)
  agent('Nuclei', 'nuclei'), // Nuclei - Open-source project (github.com/projectdiscovery/nuclei)
  agent('httpx', 'github.com/projectdiscovery/httpx'), // httpx - Open-source project (github.com/projectdiscovery/httpx)
  agent('DirBuster', 'dirbuster'), // DirBuster-1.0-RC1 (http://www.owasp.org/…)
  agent('gobuster', 'gobuster'), // gobuster/3.6
  agent('ffuf', 'fuzz faster u fool', 'ffuf'), // Fuzz Faster U Fool v2.1.0-dev
  agent('feroxbuster', 'feroxbuster'), // feroxbuster/2.10.1
  agent('wfuzz', 'wfuzz'), // Wfuzz/2.4
  agent('OpenVAS', 'openvas'), // Mozilla/5.0 [en] (X11, U; OpenVAS-VT 9.0.3)
  agent('Nessus', 'nessus'), // Mozilla/5.0 [en] (X11, U; Nessus SOAP)
  agent('Arachni', 'arachni'), // Arachni/v1.5.1
  agent('Hydra', '(hydra)'), // Mozilla/4.0 (Hydra)
  agent('ZmEu', 'zmeu'),
  agent('Morfeus', 'morfeus'), // Morfeus Fucking Scanner
  agent('jaeles', 'jaeles'), // Jaeles Scanner
  agent('Wapiti', 'wapiti'), // Wapiti-2.3.0 (wapiti.sourceforge.net)
  agent('skipfish', 'skipfish', 'mozilla/5.0 sf/'), // Mozilla/5.0 SF/2.10b
  agent('Havij', 'havij'),
  agent('BlackWidow', 'blackwidow'),
  agent('commix', 'commix'), // commix/v3.8 (https://commixproject.com)
  agent('Jorgee', 'jorgee'), // Mozilla/5.0 Jorgee
  agent('l9explore', 'l9explore'), // Mozilla/5.0 (l9explore/1.2.2)
  agent('l9tcpid', 'l9tcpid'),
  agent('WhatWeb', 'whatweb'), // WhatWeb/0.5.5
  agent('Nettacker', 'nettacker'),
  agent('Tsunami', 'tsunamisecurityscanner'),
  agent('sqlninja', 'sqlninja'),
  agent('XSStrike', 'xsstrike'),
  agent('Ghauri', 'ghauri'),
  agent('WPProbe', 'wpprobe'),
  agent('CMSmap', 'cmsmap'),
  agent('DotDotPwn', 'dotdotpwn'),
];

/**
 * Internet-wide research and attack-surface scanners: they probe everything, announce
 * themselves and are not targeting this site. Reported, but usually not worth an alert.
 */
export const RESEARCH_SCANNERS: readonly ScannerAgent[] = [
  agent('CensysInspect', 'censysinspect'), // Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)
  agent('Shodan', 'shodan'),
  agent('Expanse', 'expanse, a palo alto networks company'),
  agent('InternetMeasurement', 'internetmeasurement'), // (compatible; InternetMeasurement/1.0; +https://internet-measurement.com/)
  agent('LeakIX', 'l9scan'), // Mozilla/5.0 (l9scan/2.0; +https://leakix.net)
  agent('NetcraftSurveyAgent', 'netcraftsurveyagent'),
  agent('HTTP Banner Detection', 'http banner detection'), // HTTP Banner Detection (https://security.ipip.net)
];

const RESEARCH_NAMES: ReadonlySet<string> = new Set(RESEARCH_SCANNERS.map((a) => a.name));

/** True for names from {@link RESEARCH_SCANNERS}. */
export function isResearchScanner(name: string): boolean {
  return RESEARCH_NAMES.has(name);
}

export type ScannerAgentMatcher = (ua: string | undefined) => string | undefined;

/** User agents repeat massively; this bounds the memory a flood of random ones can take. */
const CACHE_LIMIT = 10_000;
/** Longer user agents are payloads, not tools: match them, never keep them. */
const CACHEABLE_LENGTH = 512;
/** User agents compared directly before the cache is consulted. */
const RECENT = 4;
/** Characters sampled for the fingerprint, counted from the end, where browsers put their versions. */
const SAMPLED_FROM_END = [2, 5, 9, 14, 16, 18, 20, 23, 27, 33];

/**
 * Length and a dozen characters of a user agent. Hashing a fresh 120-character string for a Map
 * costs more than the rest of the matcher; equal fingerprints are confirmed by comparing strings.
 */
function fingerprint(ua: string): number {
  const n = ua.length;
  let h = Math.imul(n, 0x9e3779b1);
  for (const back of SAMPLED_FROM_END) h = Math.imul(h ^ ua.charCodeAt(n - back), 0x01000193);
  h = Math.imul(h ^ ua.charCodeAt(n >> 1), 0x01000193);
  h = Math.imul(h ^ ua.charCodeAt(n >> 2), 0x01000193);
  return h & 0x3fffffff;
}

interface CachedAgent {
  readonly ua: string;
  readonly name: string | null;
}

/** Results by user agent: the last few compared directly, the rest by fingerprint. */
class AgentCache {
  private readonly byFingerprint = new Map<number, CachedAgent[]>();
  private size = 0;
  // The few clients active right now make most consecutive requests.
  private readonly recentUa: string[] = new Array<string>(RECENT).fill('');
  private readonly recentName: (string | null)[] = new Array<string | null>(RECENT).fill(null);
  private next = 0;

  /** The result for `ua`: cached, or computed by `match` and cached. */
  resolve(ua: string, match: (ua: string) => string | null): string | null {
    // Length and one character near the end, where versions differ, reject most before comparing.
    const n = ua.length;
    const probe = n > 24 ? n - 21 : 0;
    const probeChar = ua.charCodeAt(probe);
    for (let i = 0; i < RECENT; i++) {
      const recent = this.recentUa[i] ?? '';
      if (recent.length === n && recent.charCodeAt(probe) === probeChar && recent === ua) {
        return this.recentName[i] ?? null;
      }
    }
    const key = fingerprint(ua);
    let bucket = this.byFingerprint.get(key);
    // A loop, not `find`: its callback would be one more allocation per request.
    let entry: CachedAgent | undefined;
    if (bucket !== undefined) {
      for (const cached of bucket) {
        if (cached.ua === ua) {
          entry = cached;
          break;
        }
      }
    }
    if (entry === undefined) {
      if (this.size >= CACHE_LIMIT) {
        this.byFingerprint.clear();
        this.size = 0;
        bucket = undefined;
      }
      // A key sliced from a log line would keep the whole line, or the whole read buffer, alive.
      entry = { ua: own(ua), name: match(ua) };
      if (bucket === undefined) this.byFingerprint.set(key, [entry]);
      else bucket.push(entry);
      this.size++;
    }
    // The cached copy, not `ua`: small, and still in the processor's cache when compared next.
    this.recentUa[this.next] = entry.ua;
    this.recentName[this.next] = entry.name;
    this.next = (this.next + 1) % RECENT;
    return entry.name;
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isAlphanumeric = (c: string): boolean => /[a-z0-9]/i.test(c);

function tokenPattern(token: string): string {
  const before = isAlphanumeric(token.charAt(0)) ? '(?<![a-z0-9])' : '';
  const after = isAlphanumeric(token.charAt(token.length - 1)) ? '(?![a-z0-9])' : '';
  return before + escapeRegExp(token) + after;
}

/**
 * A matcher returning the tool's name for a user agent, or undefined. `extra` adds tokens, each
 * reported under its own spelling. Results are cached per user agent string.
 */
export function createScannerAgentMatcher(extra: readonly string[] = []): ScannerAgentMatcher {
  const nameByToken = new Map<string, string>();
  for (const { name, tokens } of [
    ...SCANNER_AGENTS,
    ...RESEARCH_SCANNERS,
    ...extra.map((t) => agent(t, t)),
  ]) {
    for (const token of tokens) {
      const lower = token.toLowerCase();
      if (lower !== '' && !nameByToken.has(lower)) nameByToken.set(lower, name);
    }
  }
  // Longest first, so `masscan-ng` wins over `masscan` at the same position.
  const tokens = [...nameByToken.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(tokens.map(tokenPattern).join('|'), 'i');
  const match = (ua: string): string | null => {
    const m = pattern.exec(ua);
    return m === null ? null : (nameByToken.get(m[0].toLowerCase()) ?? null);
  };

  const cache = new AgentCache();
  return (ua) => {
    if (ua === undefined || ua === '') return undefined;
    return (ua.length > CACHEABLE_LENGTH ? match(ua) : cache.resolve(ua, match)) ?? undefined;
  };
}
