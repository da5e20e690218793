import type { DemoCalendar } from './clock.js';
import type { Member } from './members.js';
import { NGINX_PAGE_BYTES } from './site.js';
import type { LogStream } from './write.js';

/** What every generator of the demo shares: the calendar, the members and the two hosts' logs. */

export const HOST_NAMES = ['web1', 'web2'] as const;
export type HostName = (typeof HOST_NAMES)[number];

/** First and last time of the lines of one attack (ms, as the lines show them). */
export class TimeRange {
  start = Number.POSITIVE_INFINITY;
  end = Number.NEGATIVE_INFINITY;

  hit(ts: number): number {
    if (ts < this.start) this.start = ts;
    if (ts > this.end) this.end = ts;
    return ts;
  }

  get empty(): boolean {
    return this.start > this.end;
  }
}

/**
 * A window in which the app behind nginx is down: of its requests most get 502/503, a few get
 * through while it flaps; static files are not even asked for (error pages do not load them).
 */
export interface Outage {
  readonly start: number;
  readonly end: number;
  readonly range: TimeRange;
  /** Requests seen during the outage: picks each one's fate, deterministically. */
  requests: number;
}

function isStatic(path: string): boolean {
  return path.startsWith('/static/') || path.startsWith('/img/') || path === '/favicon.ico';
}

/** An nginx access log in the combined format. */
export class AccessLog {
  readonly outages: Outage[] = [];

  constructor(
    readonly host: HostName,
    private readonly stream: LogStream,
  ) {}

  /** Adds one request line; returns the time it shows (`ts` when an outage keeps it from being logged). */
  request(
    ts: number,
    ip: string,
    method: string,
    path: string,
    status: number,
    bytes: number,
    referer: string,
    agent: string,
    protocol = 'HTTP/2.0',
  ): number {
    for (const outage of this.outages) {
      if (ts < outage.start || ts >= outage.end) continue;
      if (isStatic(path)) return ts;
      const fate = outage.requests++ % 7;
      if (fate === 6) break;
      const code = fate === 5 ? 503 : 502;
      const line = `] "${method} ${path} ${protocol}" ${code} ${NGINX_PAGE_BYTES[code]} "${referer}" "${agent}"`;
      return outage.range.hit(this.stream.add(ts, `${ip} - - [`, line));
    }
    return this.stream.add(
      ts,
      `${ip} - - [`,
      `] "${method} ${path} ${protocol}" ${status} ${bytes} "${referer}" "${agent}"`,
    );
  }
}

/** An auth log (sshd, sudo, PAM, logind, cron) as rsyslog writes it. */
export class AuthLog {
  /** `sshd-session` on OpenSSH ≥ 9.8 (web2), `sshd` before (web1). */
  readonly sshd: string;
  private session = 0;

  constructor(
    readonly host: HostName,
    private readonly stream: LogStream,
    private readonly calendar: DemoCalendar,
    opensshSessionBinary: boolean,
    firstSession: number,
  ) {
    this.sshd = opensshSessionBinary ? 'sshd-session' : 'sshd';
    this.session = firstSession;
  }

  /** `host program[pid]: message` (no `[pid]` when `pid` is undefined); returns the time it shows. */
  line(ts: number, program: string, pid: number | undefined, message: string): number {
    const tag = pid === undefined ? program : `${program}[${pid}]`;
    return this.stream.add(ts, '', ` ${this.host} ${tag}: ${message}`);
  }

  /**
   * A process id that grows with time like a busy server's (pid_max 4194304 wraps): processes
   * started later get larger ids, `jitter` tells concurrent ones apart.
   */
  pidAt(ts: number, jitter: number): number {
    const elapsed = Math.max(0, ts - this.calendar.start);
    return 1200 + ((Math.floor(elapsed / 7000) * 3 + jitter) % 4_190_000);
  }

  /** The next systemd-logind session number. */
  nextSession(): number {
    return ++this.session;
  }
}

/** Something that happens in the demo month: `run` writes its lines, none of them before `start`. */
export interface Activity {
  readonly start: number;
  readonly run: () => void;
}

export interface DemoHost {
  readonly name: HostName;
  readonly access: AccessLog;
  readonly auth: AuthLog;
}

export interface DemoContext {
  readonly seed: number;
  readonly calendar: DemoCalendar;
  readonly members: readonly Member[];
  readonly hosts: Readonly<Record<HostName, DemoHost>>;
}
