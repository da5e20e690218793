import { EventKinds, type Event } from '../events.js';
import { networkPrefix } from './network.js';
import type { Category, ExampleLine, Rule, Severity } from './types.js';
import { DistinctCounter } from './distinct.js';
import { SlidingCounter, formatDuration } from './windows.js';

type Scalar = string | number | boolean;
export type MatchValue =
  | Scalar
  | readonly Scalar[]
  | { readonly regex: string }
  | { readonly prefix: string }
  | {
      readonly gte?: number | undefined;
      readonly gt?: number | undefined;
      readonly lte?: number | undefined;
      readonly lt?: number | undefined;
    };

/** A threshold rule written as data in the config (`detection.custom`). */
export interface CustomRuleSpec {
  readonly id: string;
  readonly description: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly match: Readonly<Partial<Record<string, MatchValue>>>;
  /** Event fields (or `ip/24`) the count is kept per; none: one count for everything. */
  readonly groupBy: readonly string[];
  readonly distinct?: string | undefined;
  readonly window: string;
  readonly windowMs: number;
  readonly threshold: number;
  /** `{count}`, `{key}`, `{window}`, `{duration}`, `{host}`, `{hosts}`, `{ip}`, `{user}`. */
  readonly message: string;
  readonly action: string;
  readonly examples?:
    | {
        readonly valid: readonly { readonly name: string; readonly lines: readonly ExampleLine[] }[];
        readonly invalid: readonly {
          readonly name: string;
          readonly lines: readonly ExampleLine[];
          readonly alerts: number;
        }[];
      }
    | undefined;
}

type Predicate = (event: Event) => boolean;

function fieldOf(event: Event, field: string): unknown {
  if (field === 'ip/24') return event.ip === undefined ? undefined : networkPrefix(event.ip);
  return (event as unknown as Record<string, unknown>)[field];
}

function compileMatch(field: string, expected: MatchValue): Predicate {
  if (Array.isArray(expected)) {
    const options = new Set<unknown>(expected);
    return (e) => options.has(fieldOf(e, field));
  }
  if (typeof expected !== 'object') return (e) => fieldOf(e, field) === expected;
  if ('regex' in expected) {
    const re = new RegExp(expected.regex);
    return (e) => {
      const value = fieldOf(e, field);
      return typeof value === 'string' && re.test(value);
    };
  }
  if ('prefix' in expected) {
    const prefix = expected.prefix;
    return (e) => {
      const value = fieldOf(e, field);
      return typeof value === 'string' && value.startsWith(prefix);
    };
  }
  const range = expected as { gte?: number; gt?: number; lte?: number; lt?: number };
  return (e) => {
    const value = fieldOf(e, field);
    if (typeof value !== 'number') return false;
    return (
      (range.gte === undefined || value >= range.gte) &&
      (range.gt === undefined || value > range.gt) &&
      (range.lte === undefined || value <= range.lte) &&
      (range.lt === undefined || value < range.lt)
    );
  };
}

/** Event fields are strings, numbers or booleans. */
function text(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '-';
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Compiles a config rule into a rule like the built-in ones. */
export function compileCustomRule(spec: CustomRuleSpec): Rule {
  const predicates = Object.entries(spec.match).flatMap(([field, expected]) =>
    expected === undefined ? [] : [compileMatch(field, expected)],
  );
  const kindMatch = spec.match.kind;
  const kinds =
    typeof kindMatch === 'string' ? [kindMatch] : Array.isArray(kindMatch) ? kindMatch.map(String) : [];
  const matches: Predicate = (e) => predicates.every((p) => p(e));
  const keyOf = (e: Event): string => spec.groupBy.map((field) => text(fieldOf(e, field))).join(' ');
  return {
    meta: {
      id: spec.id,
      category: spec.category,
      severity: spec.severity,
      description: spec.description,
      mitre: '',
      thresholds: { threshold: spec.threshold, windowMs: spec.windowMs },
      thresholdDocs: {
        threshold: spec.distinct === undefined ? 'matching events' : `distinct ${spec.distinct} values`,
        windowMs: 'within this time',
      },
      action: spec.action,
      examples: {
        valid: spec.examples?.valid ?? [],
        invalid: (spec.examples?.invalid ?? []).map((example) => ({
          name: example.name,
          lines: example.lines,
          alerts: Array.from({ length: example.alerts }, () => ({ rule: spec.id })),
        })),
      },
    },
    create(ctx) {
      const threshold = ctx.thresholds.threshold ?? spec.threshold;
      const windowMs = ctx.thresholds.windowMs ?? spec.windowMs;
      const counter = new SlidingCounter(windowMs);
      const distinct = new DistinctCounter(windowMs);
      const observe = (event: Event): void => {
        if (!matches(event)) return;
        const key = keyOf(event);
        let count: number;
        if (spec.distinct === undefined) count = counter.add(key, event.ts);
        else {
          const value = fieldOf(event, spec.distinct);
          if (value === undefined) return;
          count = distinct.add(key, text(value), event.ts);
        }
        const active = ctx.isActive(key, event.ts);
        if (!active && count < threshold) return;
        ctx.report({
          key,
          ts: event.ts,
          count: active ? 1 : count,
          hosts: [event.host],
          ...(event.ip !== undefined && { ips: [event.ip] }),
          ...(event.user !== undefined && { users: [event.user] }),
          ...(event.raw !== undefined && { evidence: [event.raw] }),
        });
      };
      const on: Record<string, (event: Event) => void> = {};
      // A rule on given kinds only sees those; otherwise every kind the parsers produce.
      for (const kind of kinds.length > 0 ? kinds : ALL_KINDS) on[kind] = observe;
      return {
        on,
      };
    },
    describe: (incident) =>
      fill(spec.message, {
        count: incident.count.toLocaleString('en-US'),
        key: incident.key === '' ? 'all' : incident.key,
        window: spec.window,
        duration: formatDuration(incident.lastSeen - incident.firstSeen),
        host: incident.hosts[0] ?? '',
        hosts: incident.hosts.join(', '),
        ip: incident.ips[0] ?? '',
        user: incident.users[0] ?? '',
      }),
  };
}

/**
 * Without `kind` in `match`, a rule sees the parsers' kinds. The derived login outcomes are copies
 * of login requests, so they are seen only when asked for by kind (else a login would count twice).
 */
const ALL_KINDS = Object.values(EventKinds);
