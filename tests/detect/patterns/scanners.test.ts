import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createScannerAgentMatcher,
  isResearchScanner,
  RESEARCH_SCANNERS,
  SCANNER_AGENTS,
} from '../../../src/detect/patterns/scanners.js';
import { fuzzStrings, PATHOLOGICAL } from './fuzz.js';

const matchScanner = createScannerAgentMatcher();

/** User agents the tools send by default, as seen in access logs. */
const TOOLS: readonly (readonly [string, string])[] = [
  ['sqlmap/1.7.2#stable (https://sqlmap.org)', 'sqlmap'],
  ['Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)', 'Nikto'],
  ['Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'Nmap'],
  ['masscan/1.3 (https://github.com/robertdavidgraham/masscan)', 'masscan'],
  ['masscan-ng/1.3 (https://github.com/bi-zone/masscan-ng)', 'masscan-ng'],
  ['Mozilla/5.0 zgrab/0.x', 'zgrab'],
  ['Acunetix Web Vulnerability Scanner', 'Acunetix'],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.0 Safari/537.36 Netsparker',
    'Netsparker',
  ],
  ['w3af.org', 'w3af'],
  ['WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)', 'WPScan'],
  ['Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', 'Nuclei'],
  ['httpx - Open-source project (github.com/projectdiscovery/httpx)', 'httpx'],
  ['DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)', 'DirBuster'],
  ['gobuster/3.6', 'gobuster'],
  ['Fuzz Faster U Fool v2.1.0-dev', 'ffuf'],
  ['feroxbuster/2.10.1', 'feroxbuster'],
  ['Wfuzz/2.4', 'wfuzz'],
  ['Mozilla/5.0 [en] (X11, U; OpenVAS-VT 9.0.3)', 'OpenVAS'],
  ['Mozilla/5.0 [en] (X11, U; Nessus SOAP)', 'Nessus'],
  ['Arachni/v1.5.1', 'Arachni'],
  ['Mozilla/4.0 (Hydra)', 'Hydra'],
  ['ZmEu', 'ZmEu'],
  ['Morfeus Fucking Scanner', 'Morfeus'],
  ['Jaeles Scanner', 'jaeles'],
  ['Wapiti-2.3.0 (wapiti.sourceforge.net)', 'Wapiti'],
  ['Mozilla/5.0 SF/2.10b', 'skipfish'],
  ['Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1) Havij', 'Havij'],
  ['BlackWidow', 'BlackWidow'],
  ['commix/v3.8 (https://commixproject.com)', 'commix'],
  ['Mozilla/5.0 Jorgee', 'Jorgee'],
  ['Mozilla/5.0 (l9explore/1.2.2)', 'l9explore'],
  ['Mozilla/5.0 (l9tcpid/v1.1.0)', 'l9tcpid'],
  ['WhatWeb/0.5.5', 'WhatWeb'],
  ['Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)', 'CensysInspect'],
  [
    'Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers&#39; presences on the Internet.',
    'Expanse',
  ],
  [
    'Mozilla/5.0 (compatible; InternetMeasurement/1.0; +https://internet-measurement.com/)',
    'InternetMeasurement',
  ],
  ['Mozilla/5.0 (l9scan/2.0; +https://leakix.net)', 'LeakIX'],
  ['Mozilla/5.0 (compatible; NetcraftSurveyAgent/1.0; +info@netcraft.com)', 'NetcraftSurveyAgent'],
  ['HTTP Banner Detection (https://security.ipip.net)', 'HTTP Banner Detection'],
];

/** Browsers, search engines, link previews, monitors and HTTP libraries: never a scanner. */
const ORDINARY: readonly string[] = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Twitterbot/1.0',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'WhatsApp/2.23.20.0',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  'curl/8.5.0',
  'Wget/1.21.4',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  'Go-http-client/2.0',
  'okhttp/4.12.0',
  'axios/1.6.8',
  'PostmanRuntime/7.37.3',
  'Apache-HttpClient/4.5.14 (Java/17.0.10)',
  'Prometheus/2.51.0',
  'ELB-HealthChecker/2.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.179 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
  'Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)',
  'Jobs%20App/5.2.1 CFNetwork/1494.0.7 Darwin/23.4.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
  // Tool names inside longer words do not count.
  'nucleic-acid-pipeline/1.0',
  'Mozilla/5.0 (compatible; SnmapperBot/1.0)',
];

describe('createScannerAgentMatcher', () => {
  it.each(TOOLS)('%s is %s', (ua, name) => {
    expect(matchScanner(ua)).toBe(name);
  });

  it.each(ORDINARY)('%s is not a scanner', (ua) => {
    expect(matchScanner(ua)).toBeUndefined();
  });

  it('recognises every token of every listed tool', () => {
    for (const { name, tokens } of [...SCANNER_AGENTS, ...RESEARCH_SCANNERS]) {
      for (const token of tokens)
        expect(matchScanner(`Mozilla/5.0 (compatible; ${token}/1.0)`), token).toBe(name);
    }
  });

  it('finds no scanner in the user agents of a real access log', () => {
    const agents = readFileSync('tests/fixtures/real/elastic_apache_1k.log', 'utf8')
      .split('\n')
      .map((line) => line.split('"')[5])
      .filter((ua): ua is string => ua !== undefined);
    expect(agents.length).toBeGreaterThan(990);
    expect(agents.filter((ua) => matchScanner(ua) !== undefined)).toEqual([]);
  });

  it('answers undefined for a missing or empty user agent', () => {
    expect(matchScanner(undefined)).toBeUndefined();
    expect(matchScanner('')).toBeUndefined();
  });

  it('adds extra tokens, matched literally and reported as written', () => {
    const match = createScannerAgentMatcher(['EvilScan', 'probe.v2(beta)']);
    expect(match('Mozilla/5.0 evilscan/1.0')).toBe('EvilScan');
    expect(match('x probe.v2(beta) y')).toBe('probe.v2(beta)');
    expect(match('x probeXv2(beta) y')).toBeUndefined();
    expect(match('sqlmap/1.8')).toBe('sqlmap');
  });

  it('stays correct after its cache fills up and is cleared', () => {
    const match = createScannerAgentMatcher();
    for (let i = 0; i < 25_000; i++) {
      const ua = i % 7 === 0 ? `sqlmap/1.${i}` : `Mozilla/5.0 (Build ${i})`;
      expect(match(ua)).toBe(i % 7 === 0 ? 'sqlmap' : undefined);
    }
    expect(match(`${'A'.repeat(600)} Nikto/2.5`)).toBe('Nikto');
  });

  it('never throws on random and pathological input', () => {
    const names = new Set([...SCANNER_AGENTS, ...RESEARCH_SCANNERS].map((a) => a.name));
    for (const s of [...fuzzStrings(10_000, 41), ...PATHOLOGICAL]) {
      const name = matchScanner(s);
      if (name !== undefined) expect(names.has(name)).toBe(true);
    }
  });
});

describe('isResearchScanner', () => {
  it('tells internet-wide research scanners from attack tools', () => {
    expect(isResearchScanner('CensysInspect')).toBe(true);
    expect(isResearchScanner('Shodan')).toBe(true);
    expect(isResearchScanner('sqlmap')).toBe(false);
    expect(isResearchScanner('Nmap')).toBe(false);
  });
});
