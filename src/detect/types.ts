import type { Event } from '../events.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for low … 3 for critical: severities compared. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const CATEGORIES = [
  'brute-force',
  'scan',
  'web-attack',
  'error-spike',
  'compromise',
  'anomaly',
  'ioc',
  'health',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The Alert record of DESIGN.md: one line of the alert log, and the payload of every channel. */
export interface Alert {
  /** Stable for the same incident: the same logs analyzed twice give the same id. */
  readonly id: string;
  readonly rule: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly count: number;
  /** Addresses or CIDR blocks (`/24`, `/64`); capped, `source_ip_count` says how many there were. */
  readonly source_ips: readonly string[];
  readonly source_ip_count: number;
  readonly hosts: readonly string[];
  readonly users: readonly string[];
  readonly message: string;
  readonly evidence: readonly string[];
  /** Suggested next step for a person reading the alert. */
  readonly action: string;
  readonly mitre: string;
}

/** Tunable numbers of a rule; durations are in milliseconds, named `…Ms`. */
export type Thresholds = Readonly<Record<string, number>>;

/**
 * A rule example, RuleTester style: log lines and what they must raise. A line may be repeated:
 * `{ line, times, every }` parses `line` with `{i}` replaced by 0…times-1 and shifts the i-th
 * event by `i × every`, so a 300-attempt brute force is one entry.
 */
export type ExampleLine = string | { readonly line: string; readonly times: number; readonly every: string };

export interface RuleExample {
  readonly name: string;
  readonly lines: readonly ExampleLine[];
  /** Thresholds to use for this example instead of the rule's defaults. */
  readonly thresholds?: Thresholds;
}

export interface InvalidRuleExample extends RuleExample {
  /** The alerts this rule must raise, partially matched, in order of first_seen. */
  readonly alerts: readonly Partial<Omit<Alert, 'source_ips' | 'hosts' | 'users'>>[];
}

export interface RuleMeta {
  readonly id: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly description: string;
  /** MITRE ATT&CK technique, e.g. `T1110.001 Password Guessing`. */
  readonly mitre: string;
  readonly thresholds: Thresholds;
  /** What each threshold means, for `rules list` and the docs. */
  readonly thresholdDocs: Readonly<Record<string, string>>;
  /** Suggested next step, with `{ip}` / `{host}` / `{user}` filled from the incident. */
  readonly action: string;
  /**
   * Rules that already tell of the same attack (same key): while one of them has an incident open
   * for the key, this rule stays silent, so one attack is one alert.
   */
  readonly suppressedBy?: readonly string[];
  readonly examples: {
    readonly valid: readonly RuleExample[];
    readonly invalid: readonly InvalidRuleExample[];
  };
}

/** What a rule tells the engine about one piece of an incident. */
export interface Finding {
  /** Identifies the incident within the rule: the address, the /24, the host, … */
  readonly key: string;
  readonly ts: number;
  /** Opening an incident: when the activity that led to it began (default `ts`). */
  readonly since?: number;
  /** Events this finding adds to the incident (default 1). */
  readonly count?: number;
  /** Source addresses or CIDR blocks involved. */
  readonly ips?: readonly string[];
  readonly hosts?: readonly string[];
  readonly users?: readonly string[];
  /** At least this severity (the rule's default otherwise). */
  readonly severity?: Severity;
  readonly evidence?: readonly string[];
  /**
   * Addresses that turned out not to belong to the incident (a member who failed, then logged
   * in): taken out of its addresses, and `count` (negative) takes their events out of its count.
   */
  readonly retract?: readonly string[];
  /** Numbers the rule's message needs (distinct users, rate, …); the latest value wins. */
  readonly facts?: Readonly<Record<string, number | string>>;
}

export interface RuleContext {
  readonly thresholds: Thresholds;
  readonly options: DetectOptions;
  report(finding: Finding): void;
  /**
   * Adds the event to this rule's open incident for the key (count, time, address — or `source`,
   * e.g. its /24 — and user; a recent evidence line now and then; `facts` updated) without
   * building a finding; false when none is open.
   */
  extend(key: string, event: Event, source?: string, facts?: Readonly<Record<string, number>>): boolean;
  /**
   * State shared by the rules of one engine under a name (made by `create` on first use), such as
   * the counts of failed SSH logins per address several rules keep over different windows.
   */
  shared<T>(name: string, create: () => T): T;
  /** True while a rule of `suppressedBy` has an incident open for the key: a report would be dropped. */
  suppressed(key: string, now: number): boolean;
  /** True while this rule has an incident open for the key (it is still within the cooldown). */
  isActive(key: string, now: number): boolean;
}

export type EventHandler = (event: Event) => void;

export interface RuleHandlers {
  /** Handlers by event kind (`http.request`, `auth.failure`, `web.login_failure`, …). */
  readonly on: Readonly<Record<string, EventHandler>>;
  /** Called as event time advances (at most once per event-time second), for rules that judge rates. */
  readonly tick?: (now: number) => void;
  /** End of input: judge what is still pending (the current minute of a rate). */
  readonly flush?: () => void;
}

/** The state an incident's message is written from. */
export interface IncidentView {
  readonly key: string;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly ips: readonly string[];
  readonly ipCount: number;
  readonly hosts: readonly string[];
  readonly users: readonly string[];
  readonly userCount: number;
  readonly facts: Readonly<Record<string, number | string>>;
}

export interface Rule {
  readonly meta: RuleMeta;
  create(context: RuleContext): RuleHandlers;
  /** The alert's one-line message. */
  describe(incident: IncidentView): string;
}

/** How a web application answers a login, so failures and successes can be told apart. */
export interface WebLoginOptions {
  /** Login endpoints (path without query), e.g. `/login`, `/wp-login.php`. */
  readonly paths: readonly string[];
  readonly methods: readonly string[];
  /** Statuses that mean the login failed (e.g. 401, 403, or 200 for forms re-rendered on failure). */
  readonly failureStatus: readonly number[];
  /** Statuses that mean it succeeded (e.g. 302 to the dashboard, 200 for JSON APIs). */
  readonly successStatus: readonly number[];
  /**
   * Where the application sends a failed login (a path prefix); a redirect (3xx) followed by a
   * GET of it from the same client is a failure. Unset: a GET of a login path (back to the form).
   */
  readonly failureRedirect: string | undefined;
}

export interface Allowlist {
  readonly ips: readonly string[];
  readonly users: readonly string[];
  /** Path prefixes. */
  readonly paths: readonly string[];
  /** Case-insensitive substrings of the user agent. */
  readonly userAgents: readonly string[];
}

export interface RuleSettings {
  readonly enabled?: boolean | undefined;
  readonly severity?: Severity | undefined;
  readonly thresholds?: Readonly<Record<string, number>> | undefined;
}

export interface DetectOptions {
  /** Quiet time after which an incident closes; activity after it opens a new one. */
  readonly cooldownMs: number;
  readonly allowlist: Allowlist;
  readonly rules: Readonly<Record<string, RuleSettings>>;
  readonly webLogin: WebLoginOptions;
  /** Known-bad addresses and CIDR blocks (IoC lists, already read by the caller). */
  readonly iocs: readonly string[];
  readonly sensitivePaths: { readonly extra: readonly string[]; readonly allow: readonly string[] };
  readonly scannerAgents: readonly string[];
}
