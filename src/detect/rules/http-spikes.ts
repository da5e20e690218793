import { EventKinds, type Event } from '../../events.js';
import { LoginClassifier } from '../login.js';
import { ownKey } from '../strings.js';
import type { Category, Rule, RuleContext, RuleExample, Severity, Thresholds } from '../types.js';
import { MINUTE, during, plural } from './kit.js';

interface SpikeSpec {
  readonly id: string;
  readonly what: string;
  readonly whatMany: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly mitre: string;
  readonly description: string;
  readonly action: string;
  readonly matches: (status: number) => boolean;
  /** Leave login attempts to the login rules (a failed login answers 401 by design). */
  readonly excludeLogins?: boolean;
  readonly thresholds: Thresholds;
  readonly status: number;
}

/** The baseline forgets with a time constant of about an hour of minutes. */
const BASELINE_ALPHA = 1 / 60;

/** What one host answered in one minute, for one kind of status. */
interface MinuteCount {
  readonly matching: number;
  readonly total: number;
  /** Responses of the kind to the busiest single address. */
  readonly top: number;
}

type MinuteListener = (host: string, minute: number, count: MinuteCount) => void;

interface StatusClass {
  readonly matches: (status: number) => boolean;
  readonly excludeLogins: boolean;
  readonly onMinute: MinuteListener;
}

/** One host's current minute: all responses, and per status class the matching ones by address. */
class CurrentMinute {
  minute = -1;
  total = 0;
  constructor(
    readonly matching: number[],
    /** Counts in boxes: counting a known address is one lookup, not a lookup and a store. */
    readonly sources: Map<string, { n: number }>[],
  ) {}
}

/** Statuses a class table covers; others (never sent by a real server) are matched one by one. */
const STATUS_TABLE_SIZE = 1000;

/**
 * Requests per host and minute, counted once for all the spike rules (each watches one class of
 * status): whichever rule sees a request first counts it; each rule hears of every finished minute.
 */
class HostTraffic {
  private readonly classes: StatusClass[] = [];
  /** For each status below 1000, a bit per class that matches it (at most 31 classes). */
  private readonly classesOf = new Int32Array(STATUS_TABLE_SIZE);
  private readonly hosts = new Map<string, CurrentMinute>();
  private readonly login: LoginClassifier;
  private lastEvent: Event | undefined;
  private lastHost = '';
  private lastState: CurrentMinute | undefined;
  private flushed = false;

  constructor(ctx: RuleContext) {
    this.login = new LoginClassifier(ctx.options.webLogin);
  }

  /** Adds a class of statuses; true for the first one (whose rule then passes requests on). */
  watch(statusClass: StatusClass): boolean {
    const bit = 1 << this.classes.length;
    this.classes.push(statusClass);
    for (let status = 0; status < STATUS_TABLE_SIZE; status++) {
      if (statusClass.matches(status)) this.classesOf[status] = (this.classesOf[status] ?? 0) | bit;
    }
    return this.classes.length === 1;
  }

  observe(event: Event): void {
    if (event === this.lastEvent) return;
    this.lastEvent = event;
    let state = event.host === this.lastHost ? this.lastState : this.hosts.get(event.host);
    if (state === undefined) {
      state = new CurrentMinute(
        this.classes.map(() => 0),
        this.classes.map(() => new Map<string, { n: number }>()),
      );
      this.hosts.set(ownKey(event.host), state);
    }
    this.lastHost = event.host;
    this.lastState = state;
    const minute = Math.floor(event.ts / MINUTE);
    if (minute > state.minute) {
      if (state.minute >= 0) this.close(event.host, state);
      state.minute = minute;
    }
    state.total++;
    const status = event.status ?? 0;
    const classes = status >= 0 && status < STATUS_TABLE_SIZE ? (this.classesOf[status] ?? 0) : -1;
    if (classes === 0) return;
    for (let i = 0; i < this.classes.length; i++) {
      const statusClass = this.classes[i];
      if (statusClass === undefined) continue;
      if (classes === -1 ? !statusClass.matches(status) : (classes & (1 << i)) === 0) continue;
      if (statusClass.excludeLogins && this.login.isLoginAttempt(event)) continue;
      state.matching[i] = (state.matching[i] ?? 0) + 1;
      const sources = state.sources[i];
      const ip = event.ip ?? '';
      const count = sources?.get(ip);
      if (count !== undefined) count.n++;
      else sources?.set(ip, { n: 1 });
    }
  }

  /** End of input: the minute in progress is finished too (once, whichever rule asks first). */
  flush(): void {
    if (this.flushed) return;
    this.flushed = true;
    for (const [host, state] of this.hosts) if (state.minute >= 0) this.close(host, state);
  }

  private close(host: string, state: CurrentMinute): void {
    this.classes.forEach((statusClass, i) => {
      const sources = state.sources[i];
      let top = 0;
      sources?.forEach((count) => {
        if (count.n > top) top = count.n;
      });
      statusClass.onMinute(host, state.minute, { matching: state.matching[i] ?? 0, total: state.total, top });
      state.matching[i] = 0;
      sources?.clear();
    });
    state.total = 0;
  }
}

/** Per host and rule: the last minutes of the window and the usual level. */
class HostWindow {
  /** The last minute heard of. */
  minute = -1;
  /** Last minutes, newest last. */
  readonly recent: MinuteCount[] = [];
  /** Matching responses per minute, learnt outside spikes (exponentially weighted, about an hour). */
  baseline = Number.NaN;
}

const EMPTY_MINUTE: MinuteCount = { matching: 0, total: 0, top: 0 };

/**
 * A rate of some status on one host far above that host's recent level and above absolute
 * floors. A spike driven by one address is left to the per-address rules (it is a scan).
 */
function spikeRule(spec: SpikeSpec): Rule {
  const line = (status: number, ip: string): string =>
    `198.51.100.${ip} - - [25/Nov/2026:10:40:00 +0000] "GET /jobs HTTP/1.1" ${String(status)} 0 "-" "Mozilla/5.0"`;
  const valid: RuleExample[] = [
    {
      name: 'normal traffic with the odd error',
      lines: [
        { line: line(200, '{i}'), times: 600, every: '1s' },
        { line: line(spec.status, '{i}'), times: 3, every: '3m' },
      ],
    },
    {
      name: 'one address alone is a scan, not a spike',
      lines: [
        { line: line(200, '{i}'), times: 600, every: '1s' },
        { line: line(spec.status, '7'), times: 300, every: '1s' },
      ],
    },
  ];
  return {
    meta: {
      id: spec.id,
      category: spec.category,
      severity: spec.severity,
      description: spec.description,
      mitre: spec.mitre,
      thresholds: spec.thresholds,
      thresholdDocs: {
        floor: `${spec.what} within the window, at least`,
        ratio: 'and at least this share of all responses',
        factor: 'and this many times the host’s usual rate',
        windowMs: 'the window',
      },
      action: spec.action,
      examples: {
        valid,
        invalid: [
          {
            name: 'most responses fail for ten minutes',
            lines: [
              { line: line(200, '{i}'), times: 1200, every: '1s' },
              { line: line(spec.status, '{i}'), times: 600, every: '1s' },
            ],
            alerts: [{ rule: spec.id }],
          },
        ],
      },
    },
    create: (ctx) => createSpike(ctx, spec),
    describe: (incident) =>
      `${plural(incident.count, spec.what, spec.whatMany)} on ${incident.hosts[0] ?? '?'} ${during(incident)} (${String(incident.facts.share)}% of responses; usually ${String(incident.facts.usual)} per minute)`,
  };
}

function createSpike(ctx: RuleContext, spec: SpikeSpec): ReturnType<Rule['create']> {
  const t = ctx.thresholds;
  const windowMinutes = Math.max(1, Math.round((t.windowMs ?? 0) / MINUTE));
  const windows = new Map<string, HostWindow>();

  const judge = (host: string, state: HostWindow, minute: number, count: MinuteCount): void => {
    state.recent.push(count);
    if (state.recent.length > windowMinutes) state.recent.shift();
    let matching = 0;
    let total = 0;
    let topShare = 0;
    for (const past of state.recent) {
      matching += past.matching;
      total += past.total;
      topShare += past.top;
    }
    const usual = Number.isNaN(state.baseline) ? 0 : state.baseline;
    const ts = (minute + 1) * MINUTE - 1;
    const active = ctx.isActive(host, ts);
    const spiking =
      matching >= (t.floor ?? 0) &&
      matching >= (t.ratio ?? 0) * total &&
      matching >= (t.factor ?? 0) * usual * windowMinutes &&
      topShare * 2 < matching;
    if (spiking || (active && count.matching > 0 && count.matching >= (t.ratio ?? 0) * count.total)) {
      ctx.report({
        key: host,
        ts,
        count: active ? count.matching : matching,
        hosts: [host],
        facts: {
          share: Math.round((100 * matching) / Math.max(1, total)),
          usual: Math.round(usual * 10) / 10,
        },
      });
    } else if (count.matching < (t.ratio ?? 0) * count.total || count.total === 0) {
      // The usual level learns only from ordinary minutes, so a slow start does not hide a spike.
      state.baseline = Number.isNaN(state.baseline)
        ? count.matching
        : state.baseline + BASELINE_ALPHA * (count.matching - state.baseline);
    }
  };

  const traffic = ctx.shared('http-minutes', () => new HostTraffic(ctx));
  // The first spike rule passes every request on for all of them.
  const passesRequests = traffic.watch({
    matches: spec.matches,
    excludeLogins: spec.excludeLogins === true,
    onMinute: (host, minute, count) => {
      let state = windows.get(host);
      if (state === undefined) {
        state = new HostWindow();
        windows.set(host, state);
      }
      // Quiet minutes count as minutes with nothing in them (at most a window's worth matter).
      if (state.minute >= 0 && minute - state.minute > windowMinutes + 1) state.recent.length = 0;
      else
        for (let quiet = state.minute + 1; state.minute >= 0 && quiet < minute; quiet++)
          judge(host, state, quiet, EMPTY_MINUTE);
      state.minute = minute;
      judge(host, state, minute, count);
    },
  });

  return {
    flush: () => {
      traffic.flush();
    },
    on: passesRequests
      ? {
          [EventKinds.httpRequest]: (event: Event) => {
            traffic.observe(event);
          },
        }
      : {},
  };
}

const common = { windowMs: 5 * MINUTE, factor: 5 };

export const http5xxSpike = spikeRule({
  id: 'http-5xx-spike',
  what: 'server error (5xx)',
  whatMany: 'server errors (5xx)',
  category: 'error-spike',
  severity: 'high',
  mitre: 'T1499 Endpoint Denial of Service',
  description:
    'Server errors (5xx) on one host far above its usual level: an outage, a broken deploy, or an overload.',
  action:
    'Check the application and upstream on {host} (`journalctl -u nginx`, the error log); users cannot work.',
  matches: (status) => status >= 500 && status < 600,
  thresholds: { ...common, floor: 20, ratio: 0.2 },
  status: 502,
});

export const http404Spike = spikeRule({
  id: 'http-404-spike',
  what: 'missing page (404)',
  whatMany: 'missing pages (404)',
  category: 'error-spike',
  severity: 'low',
  mitre: 'T1595.003 Active Scanning: Wordlist Scanning',
  description:
    'Not-found responses on one host far above their usual level from many addresses: broken links after a deploy, or a distributed scan.',
  action:
    'Look at the most requested missing paths on {host}: a broken release, or a scan spread over many addresses.',
  matches: (status) => status === 404,
  thresholds: { ...common, floor: 100, ratio: 0.3 },
  status: 404,
});

export const http401Spike = spikeRule({
  id: 'http-401-spike',
  what: 'refused request (401/403)',
  whatMany: 'refused requests (401/403)',
  category: 'error-spike',
  severity: 'medium',
  mitre: 'T1110 Brute Force',
  description:
    'Unauthorized or forbidden responses on one host far above their usual level, from many addresses: a distributed attack on an API or on HTTP authentication, or a broken deploy. Failed logins to the login endpoints are left to the web-login rules.',
  action: 'Look at which endpoints answer 401/403 on {host}, and from where.',
  matches: (status) => status === 401 || status === 403,
  excludeLogins: true,
  thresholds: { ...common, floor: 50, ratio: 0.3 },
  status: 401,
});
