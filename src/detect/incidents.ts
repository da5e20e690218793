import { hash } from 'node:crypto';
import { own, ownKey } from './strings.js';
import {
  SEVERITIES,
  severityRank,
  type Alert,
  type Finding,
  type IncidentView,
  type Rule,
  type Severity,
} from './types.js';

/** How many addresses, users and evidence lines an incident keeps (the counts stay exact). */
const MAX_IPS = 50;
/** Addresses tracked per incident (so that a retracted one can be taken out); beyond, only counted. */
const MAX_TRACKED_IPS = 10_000;
const MAX_USERS = 50;
const MAX_EVIDENCE = 5;
const EVIDENCE_CHARS = 500;

export type IncidentChange = 'opened' | 'escalated' | 'closed';

export class Incident implements IncidentView {
  count = 0;
  lastSeen: number;
  severity: Severity;
  readonly ipSet = new Set<string>();
  ipCount = 0;
  readonly hostSet = new Set<string>();
  readonly userSet = new Set<string>();
  userCount = 0;
  readonly evidence: string[] = [];
  facts: Record<string, number | string> = {};
  /** Count at which the recent evidence line is next replaced. */
  private evidenceRefreshAt = 0;
  /** Count when the severity last rose, for escalation by volume. */
  private escalatedAt: number;
  /** Closed: no longer among the open ones (the expiry queue may still hold it). */
  closed = false;
  /** The `lastSeen` it was queued for expiry with (see {@link IncidentTracker.expire}). */
  queuedLastSeen: number;
  /** Address and user of the last bump (strings of the last event; compared, never kept long). */
  private lastIp: string | undefined;
  private lastUser: string | undefined;

  constructor(
    readonly rule: Rule,
    readonly key: string,
    readonly firstSeen: number,
    severity: Severity,
    countAtOpen: number,
  ) {
    this.lastSeen = firstSeen;
    this.queuedLastSeen = firstSeen;
    this.severity = severity;
    this.escalatedAt = Math.max(1, countAtOpen);
  }

  get ips(): string[] {
    const ips: string[] = [];
    for (const ip of this.ipSet) {
      if (ips.length >= MAX_IPS) break;
      ips.push(ip);
    }
    return ips;
  }
  get hosts(): string[] {
    return [...this.hostSet].sort();
  }
  get users(): string[] {
    return [...this.userSet];
  }

  /** Merges a finding in; true when the severity rose. */
  add(finding: Finding): boolean {
    if (finding.retract !== undefined) {
      if (!finding.retract.some((ip) => this.ipSet.has(ip))) return false;
      for (const ip of finding.retract) if (this.ipSet.delete(ip)) this.ipCount--;
      this.count = Math.max(0, this.count + (finding.count ?? 0));
      return false;
    }
    this.count += finding.count ?? 1;
    if (finding.ts > this.lastSeen) this.lastSeen = finding.ts;
    for (const ip of finding.ips ?? []) {
      if (this.ipSet.has(ip)) continue;
      this.ipCount++;
      if (this.ipSet.size < MAX_TRACKED_IPS) this.ipSet.add(ownKey(ip));
    }
    for (const host of finding.hosts ?? []) if (!this.hostSet.has(host)) this.hostSet.add(ownKey(host));
    for (const user of finding.users ?? []) {
      if (this.userSet.has(user)) continue;
      this.userCount++;
      if (this.userSet.size < MAX_USERS) this.userSet.add(ownKey(user));
    }
    for (const line of finding.evidence ?? []) this.keepEvidence(line);
    if (finding.facts !== undefined) {
      for (const [name, value] of Object.entries(finding.facts)) {
        this.facts[name] = typeof value === 'string' ? own(value) : value;
      }
    }
    let target = this.severity;
    if (finding.severity !== undefined && severityRank(finding.severity) > severityRank(target))
      target = finding.severity;
    return this.escalateByVolume(target);
  }

  private escalateByVolume(wanted: Severity): boolean {
    let target = wanted;
    // Volume: ten times the activity that opened it raises the severity one step (never to critical).
    if (
      this.count >= this.escalatedAt * 10 &&
      severityRank(target) < severityRank('high') &&
      target === this.severity
    ) {
      target = SEVERITIES[severityRank(target) + 1] ?? target;
    }
    if (target === this.severity) return false;
    this.severity = target;
    this.escalatedAt = this.count;
    return true;
  }

  /**
   * The first lines (how it started) and a recent one (how it goes on), refreshed each time the
   * count doubles: copying every line of a long attack would cost more than the rest of its work.
   */
  private keepEvidence(line: string): void {
    if (this.evidence.length >= MAX_EVIDENCE - 1) {
      if (this.count < this.evidenceRefreshAt) return;
      this.evidenceRefreshAt = this.count * 2;
    }
    const text = own(line.length > EVIDENCE_CHARS ? `${line.slice(0, EVIDENCE_CHARS)}…` : line);
    if (this.evidence.length < MAX_EVIDENCE - 1) this.evidence.push(text);
    else this.evidence[MAX_EVIDENCE - 1] = text;
  }

  /** One more event of an open incident: the cheap path for the events of a long attack. */
  bump(ts: number, ip: string | undefined, user: string | undefined, line: string | undefined): boolean {
    this.count++;
    if (ts > this.lastSeen) this.lastSeen = ts;
    // Most events of an incident repeat the previous one's address and user: no set lookup then.
    if (ip !== undefined && ip !== this.lastIp) {
      this.lastIp = ip;
      if (!this.ipSet.has(ip)) {
        this.ipCount++;
        if (this.ipSet.size < MAX_TRACKED_IPS) this.ipSet.add(ownKey(ip));
      }
    }
    if (user !== undefined && user !== this.lastUser) {
      this.lastUser = user;
      if (!this.userSet.has(user)) {
        this.userCount++;
        if (this.userSet.size < MAX_USERS) this.userSet.add(ownKey(user));
      }
    }
    if (line !== undefined && this.count >= this.evidenceRefreshAt) this.keepEvidence(line);
    return this.escalateByVolume(this.severity);
  }

  toAlert(): Alert {
    const meta = this.rule.meta;
    const ips = this.ips;
    const hosts = this.hosts;
    const users = this.users;
    return {
      id: incidentId(meta.id, this.key, this.firstSeen),
      rule: meta.id,
      category: meta.category,
      severity: this.severity,
      first_seen: isoTime(this.firstSeen),
      last_seen: isoTime(this.lastSeen),
      count: this.count,
      source_ips: ips,
      source_ip_count: this.ipCount,
      hosts,
      users,
      message: this.rule.describe(this),
      evidence: [...this.evidence],
      action: fillAction(meta.action, ips[0] ?? '', hosts[0] ?? '', users[0] ?? ''),
      mitre: meta.mitre,
    };
  }
}

/** A rule's action text cut at its `{ip}`, `{host}` and `{user}`: text, name, text, name, …, text. */
const actionParts = new Map<string, string[]>();

/** The action with the incident's first address, host and user in place of the placeholders. */
function fillAction(template: string, ip: string, host: string, user: string): string {
  let parts = actionParts.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(ip|host|user)\}/);
    actionParts.set(template, parts);
  }
  let text = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    text += (name === 'ip' ? ip : name === 'host' ? host : user) + (parts[i + 1] ?? '');
  }
  return text;
}

/** Start of the day last formatted by {@link isoTime}, and its `2026-11-24T`. */
let isoDayStart = Number.NaN;
let isoDayPrefix = '';

/**
 * `new Date(ms).toISOString()`, a fifth of the cost: the date is kept from the last call (an
 * incident's first and last event are mostly on the same day, and incidents close in time order).
 */
export function isoTime(ms: number): string {
  const within = ms - isoDayStart;
  if (!(within >= 0 && within < DAY_MS) || !Number.isInteger(ms)) {
    const iso = new Date(ms).toISOString();
    if (!Number.isInteger(ms) || iso.length !== 24) return iso;
    isoDayStart = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
    isoDayPrefix = iso.slice(0, 11);
    return iso;
  }
  const hour = Math.floor(within / HOUR_MS);
  const minute = Math.floor((within % HOUR_MS) / 60_000);
  const second = Math.floor((within % 60_000) / 1000);
  const milli = within % 1000;
  return `${isoDayPrefix}${two(hour)}:${two(minute)}:${two(second)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${String(milli)}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${String(n)}` : String(n);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Same rule, same key, same start: the same incident, whichever run saw it. */
export function incidentId(rule: string, key: string, firstSeen: number): string {
  // The one-shot form: the same digest as createHash().update().digest(), a third of the time.
  return hash('sha256', `${rule}\u0000${key}\u0000${String(firstSeen)}`, 'hex').slice(0, 16);
}

export type IncidentListener = (alert: Alert, change: IncidentChange) => void;

/**
 * Turns findings into incidents: one per rule and key while activity continues; it closes after
 * `cooldownMs` of quiet (event time), and activity after that opens a new one.
 */
export class IncidentTracker {
  /** Open incidents by rule, then by key. */
  private readonly open = new Map<string, Map<string, Incident>>();
  private readonly closed: Alert[] = [];
  /** Open incidents, soonest to go quiet first (a binary heap by `queuedLastSeen`). */
  private readonly due: Incident[] = [];

  constructor(
    private readonly cooldownMs: number,
    private readonly listener: IncidentListener | undefined,
  ) {}

  report(rule: Rule, severity: Severity, finding: Finding): void {
    const byKey = this.incidentsOf(rule.meta.id);
    let incident = byKey.get(finding.key);
    if (incident !== undefined && finding.ts - incident.lastSeen > this.cooldownMs) {
      this.close(byKey, incident);
      incident = undefined;
    }
    if (incident === undefined) {
      const since = finding.since !== undefined && finding.since < finding.ts ? finding.since : finding.ts;
      incident = new Incident(rule, keptKey(finding.key), since, severity, finding.count ?? 1);
      byKey.set(incident.key, incident);
      incident.add(finding);
      this.queue(incident);
      this.listener?.(incident.toAlert(), 'opened');
      return;
    }
    const escalated = incident.add(finding);
    if (escalated) this.listener?.(incident.toAlert(), 'escalated');
  }

  /** The open incidents of one rule, by key: rules resolve it once, not per event. */
  incidentsOf(rule: string): Map<string, Incident> {
    let byKey = this.open.get(rule);
    if (byKey === undefined) {
      byKey = new Map();
      this.open.set(rule, byKey);
    }
    return byKey;
  }

  /** Adds one event to the rule's open incident for the key; false when there is none. */
  extend(
    byKey: Map<string, Incident>,
    key: string,
    ts: number,
    ip?: string,
    user?: string,
    line?: string,
    facts?: Readonly<Record<string, number>>,
  ): boolean {
    const incident = byKey.get(key);
    if (incident === undefined || ts - incident.lastSeen > this.cooldownMs) return false;
    if (facts !== undefined) Object.assign(incident.facts, facts);
    if (incident.bump(ts, ip, user, line)) this.listener?.(incident.toAlert(), 'escalated');
    return true;
  }

  /** Whether the incident for the key among a rule's open ones (from `incidentsOf`) is still active. */
  isOpenIn(byKey: Map<string, Incident>, key: string, now: number): boolean {
    const incident = byKey.get(key);
    return incident !== undefined && now - incident.lastSeen <= this.cooldownMs;
  }

  /**
   * Closes incidents quiet for longer than the cooldown at event time `now`. Only the incidents
   * queued to be quiet by now are looked at: one whose activity went on is queued again for its
   * new `lastSeen`, so each is looked at about once per cooldown, however many are open.
   */
  expire(now: number): void {
    const due = this.due;
    for (let top = due[0]; top !== undefined && now - top.queuedLastSeen > this.cooldownMs; top = due[0]) {
      popMin(due);
      if (top.closed) continue;
      if (now - top.lastSeen > this.cooldownMs) this.close(this.incidentsOf(top.rule.meta.id), top);
      else this.queue(top);
    }
  }

  private queue(incident: Incident): void {
    incident.queuedLastSeen = incident.lastSeen;
    pushMin(this.due, incident);
  }

  /** Incidents closed so far, then taken: the caller owns them. */
  takeClosed(): Alert[] {
    return this.closed.splice(0);
  }

  /** Every incident still open, as it stands. */
  openAlerts(): Alert[] {
    return [...this.open.values()].flatMap((byKey) =>
      [...byKey.values()].map((incident) => incident.toAlert()),
    );
  }

  private close(byKey: Map<string, Incident>, incident: Incident): void {
    byKey.delete(incident.key);
    incident.closed = true;
    const alert = incident.toAlert();
    this.closed.push(alert);
    this.listener?.(alert, 'closed');
  }
}

/**
 * The copy of a finding's key an incident keeps. A single value (an address, a host) may be the
 * parser's shared string, which the rules look their incidents up with on every event: the shared
 * copy then. A composite key (`address\u0000user`) is built afresh for every lookup: a plain copy,
 * a seventh of the cost of sharing a new string.
 */
function keptKey(key: string): string {
  return key.includes('\u0000') ? own(key) : ownKey(key);
}

function pushMin(heap: Incident[], incident: Incident): void {
  let i = heap.push(incident) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const above = heap[parent];
    if (above === undefined || above.queuedLastSeen <= incident.queuedLastSeen) break;
    heap[i] = above;
    i = parent;
  }
  heap[i] = incident;
}

function popMin(heap: Incident[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const a = heap[left];
    const b = heap[right];
    if (a === undefined) break;
    const child = b !== undefined && b.queuedLastSeen < a.queuedLastSeen ? right : left;
    const smaller = child === right && b !== undefined ? b : a;
    if (smaller.queuedLastSeen >= last.queuedLastSeen) break;
    heap[i] = smaller;
    i = child;
  }
  heap[i] = last;
}
