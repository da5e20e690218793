import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/events.js';
import { syslogFormat } from '../../../src/parse/syslog/formats.js';
import { countKinds, fileLines, parser } from './helpers.js';

const OPENSSH = 'tests/fixtures/real/loghub_OpenSSH_2k.log';
const LINUX = 'tests/fixtures/real/loghub_Linux_2k.log';

/** Parses every line; returns the events and the lines that did not parse. */
function parseAll(path: string): { lines: string[]; events: Event[]; rejected: string[] } {
  const p = parser(syslogFormat, { referenceMs: Date.UTC(2017, 0, 5) });
  const lines = fileLines(path);
  const events: Event[] = [];
  const rejected = lines.filter((line) => !p.parse(line, (e) => events.push(e)));
  return { lines, events, rejected };
}

/** Sum of N over `message repeated N times: [ <inner>` lines. */
function repeated(lines: readonly string[], inner: string): number {
  let n = 0;
  for (const line of lines) {
    const m = /message repeated (\d+) times: \[ (.*)$/.exec(line);
    if (m?.[2]?.startsWith(inner)) n += Number(m[1]);
  }
  return n;
}

const count = (lines: readonly string[], re: RegExp): number => lines.filter((l) => re.test(l)).length;

describe('loghub OpenSSH_2k through syslogFormat', () => {
  const { lines, events, rejected } = parseAll(OPENSSH);
  const kinds = countKinds(events);

  it('frames every line, and every line is an event', () => {
    expect(rejected).toEqual([]);
    expect(events.length).toBe(
      lines.length + repeated(lines, '') - count(lines, /message repeated \d+ times/),
    );
    for (const e of events) {
      expect(e.host).toBe('LabSZ');
      expect(e.raw).toBeDefined();
      expect(new Date(e.ts).getUTCFullYear()).toBe(e.raw?.startsWith('Dec') ? 2016 : 2017);
    }
  });

  it('counts failures, invalid users, PAM failures, disconnects and probes as the file says', () => {
    expect(kinds.get('auth.failure')).toBe(count(lines, /\]: Failed /) + repeated(lines, 'Failed '));
    expect(kinds.get('auth.invalid_user')).toBe(count(lines, /\]: Invalid user /));
    expect(kinds.get('auth.pam_failure')).toBe(
      count(lines, /pam_unix\(sshd:auth\): authentication failure;/),
    );
    expect(kinds.get('auth.disconnect')).toBe(
      count(lines, /\]: (error: )?(Received disconnect from|Connection closed by|Disconnected from) /),
    );
    expect(kinds.get('auth.probe')).toBe(
      count(
        lines,
        /POSSIBLE BREAK-IN ATTEMPT!|Did not receive identification string|Bad protocol version|kex_exchange_identification|Unable to negotiate/,
      ),
    );
    expect(kinds.get('auth.success') ?? 0).toBe(count(lines, /\]: Accepted /));
  });

  it('reads address, port, user and method of a failure', () => {
    const failures = events.filter((e) => e.kind === 'auth.failure');
    for (const e of failures) {
      expect(e.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(e.port).toBeGreaterThan(0);
      expect(e.user).toBeTruthy();
      expect(e.authMethod).toMatch(/^(password|none|publickey|keyboard-interactive)$/);
    }
    const invalid = failures.filter((e) => e.raw?.includes('for invalid user '));
    expect(invalid.length).toBe(count(lines, /\]: Failed \S+ for invalid user /));
    expect(invalid.every((e) => e.raw?.includes(`invalid user ${e.user ?? ''} from`))).toBe(true);
  });

  it('the first line is a probe from the address in brackets', () => {
    expect(events[0]).toMatchObject({
      kind: 'auth.probe',
      source: 'auth',
      ip: '173.234.31.186',
      program: 'sshd',
      pid: 24200,
      ts: Date.UTC(2016, 11, 10, 6, 55, 46),
    });
  });
});

describe('loghub Linux_2k through syslogFormat', () => {
  const { lines, events, rejected } = parseAll(LINUX);
  const kinds = countKinds(events);

  it('frames every line, and every line is an event', () => {
    expect(rejected).toEqual([]);
    expect(events.length).toBe(lines.length);
    expect(events.every((e) => e.host === 'combo')).toBe(true);
  });

  it('reads the old `sshd(pam_unix)` and `su(pam_unix)` forms', () => {
    expect(kinds.get('auth.pam_failure')).toBe(count(lines, /\(pam_unix\)\[\d+\]: authentication failure;/));
    expect(kinds.get('session.open')).toBe(count(lines, /\(pam_unix\)\[\d+\]: session opened for user /));
    expect(kinds.get('session.close')).toBe(count(lines, /\(pam_unix\)\[\d+\]: session closed for user /));
    const withIp = events.filter((e) => e.kind === 'auth.pam_failure' && e.ip !== undefined);
    expect(withIp.length).toBe(count(lines, /authentication failure;.* rhost=\d+\.\d+\.\d+\.\d+(\s|$)/));
    const withUser = events.filter((e) => e.kind === 'auth.pam_failure' && e.user !== undefined);
    expect(withUser.length).toBe(count(lines, /authentication failure;.*\suser=\S/));
  });

  it('keeps unknown programs as syslog.other with program, pid and message', () => {
    const other = events.filter((e) => e.kind === 'syslog.other');
    expect(other.length).toBe(lines.length - events.filter((e) => e.source === 'auth').length);
    expect(other.every((e) => e.source === 'syslog' && typeof e.message === 'string')).toBe(true);
    const ftpd = other.find((e) => e.program === 'ftpd');
    expect(ftpd?.pid).toBeGreaterThan(0);
    expect(ftpd?.message).toMatch(/^connection from /);
  });
});
