import type { Event } from '../events.js';
import { AllowlistMatcher } from './allowlist.js';
import { IncidentTracker, type IncidentListener } from './incidents.js';
import { LoginClassifier } from './login.js';
import type { Alert, DetectOptions, EventHandler, Finding, Rule, RuleHandlers, Severity } from './types.js';

/** Incidents are closed and windows swept once per minute of event time. */
const EXPIRE_EVERY_MS = 60_000;

/**
 * Runs rules over events in event-time order. It owns time (the newest event seen), dispatch by
 * event kind, the allowlist, derived login outcomes and incidents; a rule only says what it looks
 * for. Pure: no clock, no I/O, so replaying logs gives the alerts watching them live would have.
 */
export class DetectionEngine {
  private readonly handlers = new Map<string, EventHandler[]>();
  private readonly tickers: ((now: number) => void)[] = [];
  private readonly flushers: (() => void)[] = [];
  private readonly shared = new Map<string, unknown>();
  private readonly incidents: IncidentTracker;
  private readonly allowlist: AllowlistMatcher;
  private readonly login: LoginClassifier | undefined;
  private readonly emitDerived = (event: Event, from: Event): void => {
    this.onDerived?.(event, from);
    this.dispatch(event);
  };
  /** Sees every derived event (web login outcomes) with the request it came from. */
  onDerived: ((derived: Event, from: Event) => void) | undefined;
  private now = Number.NEGATIVE_INFINITY;
  private nextTick = Number.NEGATIVE_INFINITY;
  private nextExpire = Number.NEGATIVE_INFINITY;

  constructor(rules: readonly Rule[], options: DetectOptions, listener?: IncidentListener) {
    this.incidents = new IncidentTracker(options.cooldownMs, listener);
    this.allowlist = new AllowlistMatcher(options.allowlist);
    this.login = options.webLogin.paths.length > 0 ? new LoginClassifier(options.webLogin) : undefined;
    for (const rule of rules) {
      const settings = options.rules[rule.meta.id];
      if (settings?.enabled === false) continue;
      this.install(rule, settings?.severity ?? rule.meta.severity, options, {
        ...rule.meta.thresholds,
        ...settings?.thresholds,
      });
    }
  }

  push(event: Event): void {
    if (event.ts > this.now) {
      this.now = event.ts;
      if (event.ts >= this.nextTick) this.advance(event.ts);
    }
    if (this.allowlist.allows(event)) return;
    this.dispatch(event);
    if (this.login !== undefined && event.path !== undefined) this.login.observe(event, this.emitDerived);
  }

  /**
   * End of input: every incident, closed or still open, oldest first; those that started at the
   * same instant by rule, then id, so the order does not depend on when each was closed.
   */
  finish(): Alert[] {
    this.login?.tick(Number.POSITIVE_INFINITY, this.emitDerived);
    for (const flush of this.flushers) flush();
    const alerts = [...this.incidents.takeClosed(), ...this.incidents.openAlerts()];
    return alerts.sort(
      (a, b) => compare(a.first_seen, b.first_seen) || compare(a.rule, b.rule) || compare(a.id, b.id),
    );
  }

  private dispatch(event: Event): void {
    const list = this.handlers.get(event.kind);
    if (list === undefined) return;
    for (const handler of list) handler(event);
  }

  private advance(now: number): void {
    this.nextTick = now - (now % 1000) + 1000;
    for (const tick of this.tickers) tick(now);
    this.login?.tick(now, this.emitDerived);
    if (now >= this.nextExpire) {
      this.nextExpire = now + EXPIRE_EVERY_MS;
      this.incidents.expire(now);
    }
  }

  private install(
    rule: Rule,
    severity: Severity,
    options: DetectOptions,
    thresholds: Record<string, number>,
  ): void {
    const incidents = this.incidents;
    const shared = this.shared;
    const id = rule.meta.id;
    const open = incidents.incidentsOf(id);
    // The open incidents of the rules that hide this one, resolved once: asked on every event.
    const suppressors = (rule.meta.suppressedBy ?? []).map((other) => incidents.incidentsOf(other));
    const suppressed = (key: string, now: number): boolean => {
      for (const byKey of suppressors) if (incidents.isOpenIn(byKey, key, now)) return true;
      return false;
    };
    const handlers: RuleHandlers = rule.create({
      thresholds,
      options,
      report(finding: Finding): void {
        // A high finding (a secret served, a success) is never hidden behind another rule's alert.
        const weighty = finding.severity === 'high' || finding.severity === 'critical';
        if (!weighty && suppressed(finding.key, finding.ts)) return;
        incidents.report(rule, severity, finding);
      },
      suppressed,
      isActive: (key, now) => incidents.isOpenIn(open, key, now),
      shared: <T>(name: string, create: () => T): T => {
        if (!shared.has(name)) shared.set(name, create());
        return shared.get(name) as T;
      },
      extend: (key, event, source, facts) =>
        incidents.extend(open, key, event.ts, source ?? event.ip, event.user, event.raw, facts),
    });
    for (const [kind, handler] of Object.entries(handlers.on)) {
      const list = this.handlers.get(kind);
      if (list === undefined) this.handlers.set(kind, [handler]);
      else list.push(handler);
    }
    if (handlers.tick !== undefined) this.tickers.push(handlers.tick);
    if (handlers.flush !== undefined) this.flushers.push(handlers.flush);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
