import type { HourCounts, IncidentRow, WeeklyReport } from '../../src/report/model.js';

/**
 * A hand-built weekly report: week 2026-W47 in Europe/Berlin (UTC+1 in November), two hosts with
 * 168 hours each, and incidents whose strings came from attackers: markup, a spreadsheet formula,
 * a 10 kB path and ANSI escapes.
 */

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  formula: "=cmd|' /C calc'!A0",
  longPath: `/wp-admin/${'A'.repeat(10_240)}`,
  ansi: '\u001b[31mroot\u001b[0m\u001b]0;pwned\u0007',
  quoted: 'say "hi", then\r\nleave',
} as const;

/** The report's section headings, in page order. */
export const SECTION_HEADINGS = [
  'Summary',
  'Activity timeline',
  'Thursday login peak',
  'Top offending addresses',
  'Most targeted user names',
  'Most requested missing pages',
  'Slowest and erroring pages',
  'Incidents',
  'Data coverage',
] as const;

const START_MS = Date.UTC(2026, 10, 15, 23); // Monday 2026-11-16 00:00 in Berlin
const HOUR_MS = 3_600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Office-hours traffic with a Thursday-morning login peak; deterministic. */
function hours(scale: number, seed: number): HourCounts[] {
  return Array.from({ length: 168 }, (_, i) => {
    const localHour = i % 24;
    const day = Math.floor(i / 24);
    const office = localHour >= 8 && localHour <= 18 ? 1 : 0.15;
    const thursday = day === 3 && localHour >= 9 && localHour <= 11 ? 2.5 : 1;
    const wobble = ((i * 37 + seed * 11) % 17) / 17;
    const requests = Math.round(scale * office * thursday * (0.8 + 0.4 * wobble));
    return {
      hour: iso(START_MS + i * HOUR_MS),
      requests,
      failedLogins: ((i * 7 + seed) % 5 === 0 ? 3 : 0) + (day === 2 && localHour === 3 ? 240 : 0),
      status401: Math.round(requests * 0.01),
      status404: Math.round(requests * 0.03) + (day === 4 && localHour === 14 ? 180 : 0),
      status5xx: day === 5 && localHour === 20 && seed === 2 ? 42 : (i + seed) % 29 === 0 ? 1 : 0,
    };
  });
}

function incident(
  id: string,
  overrides: Partial<IncidentRow> & Pick<IncidentRow, 'rule' | 'severity' | 'category'>,
): IncidentRow {
  const firstSeen = overrides.firstSeen ?? iso(START_MS + 50 * HOUR_MS + 12 * 60_000);
  const lastSeen = overrides.lastSeen ?? iso(Date.parse(firstSeen) + 17 * 60_000);
  return {
    id,
    firstSeen,
    lastSeen,
    durationMs: Date.parse(lastSeen) - Date.parse(firstSeen),
    count: 312,
    sourceIps: ['203.0.113.7'],
    sourceIpCount: 1,
    hosts: ['web1.example.org'],
    users: ['root', `admin${HOSTILE.script}`],
    mitre: 'T1110.001 Brute Force: Password Guessing',
    message: '312 failed SSH logins for 41 user names from 203.0.113.7',
    evidence: ['Nov 18 03:12:01 web1 sshd[812]: Failed password for root from 203.0.113.7 port 52113 ssh2'],
    action: 'Block 203.0.113.7 at the firewall if it is not yours.',
    ...overrides,
  };
}

export const SAMPLE_INCIDENTS: readonly IncidentRow[] = [
  incident('inc-1', { rule: 'ssh-brute-force', severity: 'high', category: 'brute-force' }),
  incident('inc-2', {
    rule: 'web-scan',
    severity: 'medium',
    category: 'scan',
    firstSeen: iso(START_MS + 86 * HOUR_MS + 5 * 60_000),
    lastSeen: iso(START_MS + 88 * HOUR_MS + 35 * 60_000),
    count: 1_840,
    sourceIps: ['198.51.100.23', '198.51.100.24', '198.51.100.25', '198.51.100.26', '198.51.100.27'],
    sourceIpCount: 12,
    hosts: ['web1.example.org', `web2${HOSTILE.script}`],
    message: `Scan for ${HOSTILE.longPath}`,
    evidence: [
      `198.51.100.23 - - [19/Nov/2026:14:05:11 +0100] "GET ${HOSTILE.longPath} HTTP/1.1" 404 153`,
      `198.51.100.24 - - [19/Nov/2026:14:05:12 +0100] "GET /${HOSTILE.script} HTTP/1.1" 404 153`,
      `198.51.100.25 - - [19/Nov/2026:14:05:13 +0100] "GET /.env HTTP/1.1" 404 153 "${HOSTILE.ansi}"`,
      '198.51.100.26 - - [19/Nov/2026:14:05:14 +0100] "GET /.git/config HTTP/1.1" 404 153',
    ],
    action: 'Nothing to do unless a request succeeded.',
  }),
  incident('inc-3', {
    rule: `custom-${HOSTILE.script}`,
    severity: 'low',
    category: 'web-attack',
    firstSeen: iso(START_MS + 140 * HOUR_MS + 20 * 60_000),
    lastSeen: iso(START_MS + 140 * HOUR_MS + 21 * 60_000),
    count: 2,
    sourceIps: ['2001:db8::66'],
    hosts: [`web2${HOSTILE.script}`],
    message: `Login form probed with user ${HOSTILE.formula} ${HOSTILE.ansi}`,
    evidence: [`POST /login user=${HOSTILE.formula} ${HOSTILE.quoted}`],
    action: 'None needed.',
  }),
];

export function sampleReport(): WeeklyReport {
  const marks = (host: string) =>
    SAMPLE_INCIDENTS.filter((i) => i.hosts.includes(host)).map(
      ({ id, rule, severity, firstSeen, lastSeen }) => ({
        id,
        rule,
        severity,
        firstSeen,
        lastSeen,
      }),
    );
  const web2 = `web2${HOSTILE.script}`;
  return {
    week: '2026-W47',
    timezone: 'Europe/Berlin',
    start: iso(START_MS),
    end: iso(START_MS + 168 * HOUR_MS),
    generatedAt: '2026-11-23T06:00:12.000Z',
    headline: {
      sentence:
        'Someone tried hundreds of passwords on web1 on Wednesday night and was refused; nothing needs doing.',
      needsAction: false,
      bySeverity: [
        { severity: 'critical', thisWeek: 0, lastWeek: 1 },
        { severity: 'high', thisWeek: 1, lastWeek: 0 },
        { severity: 'medium', thisWeek: 1, lastWeek: 1 },
        { severity: 'low', thisWeek: 1, lastWeek: 4 },
      ],
      byCategory: [
        { category: 'brute-force', thisWeek: 1, lastWeek: 2 },
        { category: 'scan', thisWeek: 1, lastWeek: 3 },
        { category: 'web-attack', thisWeek: 1, lastWeek: 0 },
        { category: 'compromise', thisWeek: 0, lastWeek: 1 },
      ],
      requests: { thisWeek: 187_412, lastWeek: 176_003 },
      failedLogins: { thisWeek: 655, lastWeek: 912 },
    },
    timeline: [
      { host: 'web1.example.org', hours: hours(900, 1), incidents: marks('web1.example.org') },
      { host: web2, hours: hours(300, 2), incidents: marks(web2) },
    ],
    thursdays: [
      {
        date: '2026-11-19',
        logins: 412,
        members: 268,
        failures: 13,
        failureRate: 13 / 425,
        peakHour: '10:00',
        peakLogins: 121,
      },
      {
        date: '2026-11-12',
        logins: 398,
        members: 255,
        failures: 9,
        failureRate: 9 / 407,
        peakHour: '09:00',
        peakLogins: 117,
      },
      {
        date: '2026-11-05',
        logins: 405,
        members: 261,
        failures: 31,
        failureRate: 31 / 436,
        peakHour: '10:00',
        peakLogins: 109,
      },
      {
        date: '2026-10-29',
        logins: 377,
        members: 249,
        failures: 8,
        failureRate: 8 / 385,
        peakHour: '09:00',
        peakLogins: 101,
      },
      {
        date: '2026-10-22',
        logins: 390,
        members: 252,
        failures: 0,
        failureRate: 0,
        peakHour: '11:00',
        peakLogins: 98,
      },
    ],
    topAddresses: [
      {
        ip: '203.0.113.7',
        count: 312,
        categories: ['brute-force'],
        hosts: ['web1.example.org'],
        firstSeen: iso(START_MS + 50 * HOUR_MS),
        lastSeen: iso(START_MS + 51 * HOUR_MS),
        active: false,
      },
      {
        ip: '198.51.100.23',
        count: 1_840,
        categories: ['scan', 'web-attack'],
        hosts: ['web1.example.org', web2],
        firstSeen: iso(START_MS + 86 * HOUR_MS),
        lastSeen: iso(START_MS + 160 * HOUR_MS),
        active: true,
      },
    ],
    topUsers: [
      { user: 'root', failures: 240, addresses: 1 },
      { user: HOSTILE.formula, failures: 12, addresses: 2 },
      { user: HOSTILE.ansi, failures: 3, addresses: 1 },
      { user: HOSTILE.script, failures: 1, addresses: 1 },
    ],
    topMissingPaths: [
      { path: '/.env', count: 180, addresses: 9 },
      { path: HOSTILE.longPath, count: 4, addresses: 1 },
      { path: `-${HOSTILE.quoted}`, count: 2, addresses: 1 },
    ],
    endpoints: [
      { path: '/members/login', requests: 9_120, errors5xx: 12, errorRate: 12 / 9_120, p95Ms: 840 },
      { path: '/api/events', requests: 31_004, errors5xx: 42, errorRate: 42 / 31_004, p95Ms: null },
      { path: `@SUM(1+1)*cmd|' /C calc'!A0`, requests: 3, errors5xx: 3, errorRate: 1, p95Ms: 12 },
    ],
    incidents: SAMPLE_INCIDENTS,
    coverage: [
      {
        host: 'web1.example.org',
        sources: ['access', 'auth', 'error'],
        hoursWithData: 168,
        hoursTotal: 168,
        gaps: [],
        lines: 201_334,
        unparsed: 12,
        unparsedRate: 12 / 201_334,
      },
      {
        host: web2,
        sources: ['access', 'auth'],
        hoursWithData: 163,
        hoursTotal: 168,
        gaps: [{ start: iso(START_MS + 100 * HOUR_MS), end: iso(START_MS + 105 * HOUR_MS), hours: 5 }],
        lines: 61_002,
        unparsed: 1_530,
        unparsedRate: 1_530 / 61_002,
      },
    ],
  };
}
