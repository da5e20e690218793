import { own } from '../detect/strings.js';
import { EventKinds, type Event } from '../events.js';
import { TopCounter } from './top-counter.js';

export interface HostSummary {
  lines: number;
  parsed: number;
  unparsed: number;
  /** ISO 8601 UTC of the first and last event, null when no event. */
  firstSeen: string | null;
  lastSeen: string | null;
  formats: Record<string, number>;
  requests: number;
  status: { '401': number; '403': number; '404': number; '5xx': number };
  /**
   * Failed login attempts: sshd `Failed …` lines; PAM `authentication failure` lines are counted
   * only on hosts whose sshd writes no `Failed …` lines (old syslog), so one attempt counts once.
   */
  failedLogins: number;
  invalidUsers: number;
  /** Addresses with most failed logins, 401/403 responses and invalid users. */
  topFailureSources: { ip: string; count: number }[];
}

const TOP_SOURCES = 10;

/** Per-host figures for `analyze`; fed one event at a time, memory bounded. */
class HostAccumulator {
  lines = 0;
  parsed = 0;
  unparsed = 0;
  firstTs = Number.POSITIVE_INFINITY;
  lastTs = Number.NEGATIVE_INFINITY;
  readonly formats = new Map<string, number>();
  requests = 0;
  s401 = 0;
  s403 = 0;
  s404 = 0;
  s5xx = 0;
  sshFailures = 0;
  pamFailures = 0;
  invalidUsers = 0;
  readonly failureSources = new TopCounter();
  /** Lines of the same format in a row, counted here and added to `formats` when it changes. */
  private runFormat: string | undefined;
  private runLines = 0;

  countFormat(format: string): void {
    if (format === this.runFormat) {
      this.runLines++;
      return;
    }
    this.endRun();
    this.runFormat = format;
    this.runLines = 1;
  }

  private endRun(): void {
    if (this.runFormat !== undefined) {
      this.formats.set(this.runFormat, (this.formats.get(this.runFormat) ?? 0) + this.runLines);
    }
    this.runFormat = undefined;
    this.runLines = 0;
  }

  addEvent(event: Event): void {
    const ts = event.ts;
    if (ts < this.firstTs) this.firstTs = ts;
    if (ts > this.lastTs) this.lastTs = ts;
    switch (event.kind) {
      case EventKinds.httpRequest: {
        this.requests++;
        const status = event.status ?? 0;
        if (status === 401) this.s401++;
        else if (status === 403) this.s403++;
        else if (status === 404) this.s404++;
        else if (status >= 500 && status < 600) this.s5xx++;
        if ((status === 401 || status === 403) && event.ip !== undefined) this.failureSources.add(event.ip);
        break;
      }
      case EventKinds.authFailure:
        this.sshFailures++;
        if (event.ip !== undefined) this.failureSources.add(event.ip);
        break;
      case EventKinds.authPamFailure:
        this.pamFailures++;
        break;
      case EventKinds.authInvalidUser:
        this.invalidUsers++;
        break;
      default:
        break;
    }
  }

  toSummary(): HostSummary {
    this.endRun();
    return {
      lines: this.lines,
      parsed: this.parsed,
      unparsed: this.unparsed,
      firstSeen: Number.isFinite(this.firstTs) ? new Date(this.firstTs).toISOString() : null,
      lastSeen: Number.isFinite(this.lastTs) ? new Date(this.lastTs).toISOString() : null,
      // By name: files are read concurrently, so the order formats were first met in varies.
      formats: Object.fromEntries([...this.formats].sort(([a], [b]) => (a < b ? -1 : 1))),
      requests: this.requests,
      status: { '401': this.s401, '403': this.s403, '404': this.s404, '5xx': this.s5xx },
      failedLogins: this.sshFailures > 0 ? this.sshFailures : this.pamFailures,
      invalidUsers: this.invalidUsers,
      topFailureSources: this.failureSources.top(TOP_SOURCES).map(({ key, count }) => ({ ip: key, count })),
    };
  }
}

export class SummaryCollector {
  private readonly hosts = new Map<string, HostAccumulator>();

  host(name: string): HostAccumulator {
    let host = this.hosts.get(name);
    if (host === undefined) {
      host = new HostAccumulator();
      this.hosts.set(own(name), host);
    }
    return host;
  }

  /** Counts one line of `format` for `host`: parsed or not. */
  addLine(host: HostAccumulator, format: string | undefined, parsed: boolean): void {
    host.lines++;
    if (parsed) {
      host.parsed++;
      if (format !== undefined) host.countFormat(format);
    } else {
      host.unparsed++;
    }
  }

  toJSON(): Record<string, HostSummary> {
    const names = [...this.hosts.keys()].sort();
    return Object.fromEntries(names.map((name) => [name, this.host(name).toSummary()]));
  }
}
