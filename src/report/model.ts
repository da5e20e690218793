import type { Category, Severity } from '../detect/types.js';

/**
 * Everything the weekly report shows, computed from history (src/report/weekly.ts) and rendered
 * without further queries (HTML, CSV, the email summary). Times are ISO 8601 UTC instants;
 * renderers show them in `timezone`. Counts are whole numbers; rates are 0–1.
 */
export interface WeeklyReport {
  /** ISO week in the configured zone, `2026-W47`. */
  readonly week: string;
  readonly timezone: string;
  /** Monday 00:00 and the next Monday 00:00 in `timezone`, as UTC instants. */
  readonly start: string;
  readonly end: string;
  readonly generatedAt: string;
  readonly headline: Headline;
  readonly timeline: readonly HostTimeline[];
  /** This week's Thursday first (when it is in the week), then up to four Thursdays before it. */
  readonly thursdays: readonly ThursdayPeak[];
  readonly topAddresses: readonly OffendingAddress[];
  readonly topUsers: readonly TargetedUser[];
  readonly topMissingPaths: readonly MissingPath[];
  readonly endpoints: readonly Endpoint[];
  readonly incidents: readonly IncidentRow[];
  readonly coverage: readonly HostCoverage[];
}

export interface Headline {
  /** One sentence a non-specialist can act on: whether anything needs doing, and what. */
  readonly sentence: string;
  readonly needsAction: boolean;
  /** Every severity, most severe first, even when zero. */
  readonly bySeverity: readonly { severity: Severity; thisWeek: number; lastWeek: number }[];
  /** Categories seen in either week. */
  readonly byCategory: readonly { category: Category; thisWeek: number; lastWeek: number }[];
  readonly requests: { thisWeek: number; lastWeek: number };
  readonly failedLogins: { thisWeek: number; lastWeek: number };
}

export interface HourCounts {
  /** Start of the hour (UTC instant). */
  readonly hour: string;
  readonly requests: number;
  /** Failed SSH and web logins. */
  readonly failedLogins: number;
  readonly status401: number;
  readonly status404: number;
  readonly status5xx: number;
}

export interface IncidentMark {
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface HostTimeline {
  readonly host: string;
  /** Every hour of the week (168, or 167/169 across a DST change), zeros included. */
  readonly hours: readonly HourCounts[];
  readonly incidents: readonly IncidentMark[];
}

export interface ThursdayPeak {
  /** Local date, `2026-11-19`. */
  readonly date: string;
  /** Successful web logins (members log in on the web site; SSH is staff and attackers). */
  readonly logins: number;
  /** Distinct members who logged in: user names where the log has them, else client addresses. */
  readonly members: number;
  readonly failures: number;
  /** Failed web logins, and failures / (failures + logins) (0 when there were none). */
  readonly failureRate: number;
  /** Busiest local hour of the day, `09:00`, and its logins. */
  readonly peakHour: string;
  readonly peakLogins: number;
}

export interface OffendingAddress {
  readonly ip: string;
  /** Events from it that rules counted against it (in incidents). */
  readonly count: number;
  readonly categories: readonly Category[];
  readonly hosts: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Seen in the last 24 hours of the week. */
  readonly active: boolean;
}

export interface TargetedUser {
  readonly user: string;
  readonly failures: number;
  /** Distinct addresses that tried it. */
  readonly addresses: number;
}

export interface MissingPath {
  readonly path: string;
  readonly count: number;
  readonly addresses: number;
}

export interface Endpoint {
  readonly path: string;
  readonly requests: number;
  readonly errors5xx: number;
  readonly errorRate: number;
  /** 95th percentile response time, when the log format records it. */
  readonly p95Ms: number | null;
}

export interface IncidentRow {
  readonly id: string;
  readonly rule: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly durationMs: number;
  readonly count: number;
  readonly sourceIps: readonly string[];
  readonly sourceIpCount: number;
  readonly hosts: readonly string[];
  /** User names tried or used (capped, as in the alert). */
  readonly users: readonly string[];
  readonly message: string;
  readonly evidence: readonly string[];
  readonly action: string;
  /** MITRE ATT&CK technique of the rule. */
  readonly mitre: string;
}

export interface CoverageGap {
  readonly start: string;
  readonly end: string;
  readonly hours: number;
}

export interface HostCoverage {
  readonly host: string;
  /** Event sources seen this week (`access`, `auth`, `syslog`, `error`). */
  readonly sources: readonly string[];
  readonly hoursWithData: number;
  readonly hoursTotal: number;
  /** Runs of at least two hours with no line at all. */
  readonly gaps: readonly CoverageGap[];
  readonly lines: number;
  readonly unparsed: number;
  readonly unparsedRate: number;
}
