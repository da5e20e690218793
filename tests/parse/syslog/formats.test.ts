import { describe, expect, it } from 'vitest';
import {
  journaldFormat,
  MAX_REPEAT,
  rfc5424Format,
  syslogFormat,
} from '../../../src/parse/syslog/formats.js';
import { fuzzLines, readAnnotatedFixture } from '../../helpers/fixtures.js';
import { eventsOf, fileLines, parser } from './helpers.js';

describe('timestamps', () => {
  it('puts a December line read in January in the previous year', () => {
    const p = parser(syslogFormat, { referenceMs: Date.UTC(2027, 0, 3, 10) });
    expect(eventsOf(p, 'Dec 31 23:59:59 web1 sshd[1]: x')?.[0]?.ts).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
    expect(eventsOf(p, 'Jan  2 00:00:01 web1 sshd[1]: x')?.[0]?.ts).toBe(Date.UTC(2027, 0, 2, 0, 0, 1));
  });

  it('reads a year-less line in the file zone (Europe/Berlin, summer and winter)', () => {
    const p = parser(syslogFormat, { timezone: 'Europe/Berlin', referenceMs: Date.UTC(2026, 11, 31) });
    expect(eventsOf(p, 'Jul 10 12:00:00 web1 sshd[1]: x')?.[0]?.ts).toBe(Date.UTC(2026, 6, 10, 10));
    expect(eventsOf(p, 'Jul 10 12:00:30 web1 sshd[1]: x')?.[0]?.ts).toBe(Date.UTC(2026, 6, 10, 10, 0, 30));
    expect(eventsOf(p, 'Nov 24 19:04:06 web1 sshd[1]: x')?.[0]?.ts).toBe(Date.UTC(2026, 10, 24, 18, 4, 6));
    // zone-less ISO → the file zone; an explicit offset wins
    expect(eventsOf(p, '2026-07-10T12:00:00 web1 sshd[1]: x')?.[0]?.ts).toBe(Date.UTC(2026, 6, 10, 10));
    expect(eventsOf(p, '2026-07-10T12:00:00Z web1 sshd[1]: x')?.[0]?.ts).toBe(Date.UTC(2026, 6, 10, 12));
  });

  it('uses the cached minute only for the same minute', () => {
    const p = parser(syslogFormat);
    const a = eventsOf(p, 'Nov 24 19:04:06 web1 a: x')?.[0]?.ts ?? 0;
    const b = eventsOf(p, 'Nov 24 19:04:59 web1 a: x')?.[0]?.ts ?? 0;
    const c = eventsOf(p, 'Nov 24 19:05:00 web1 a: x')?.[0]?.ts ?? 0;
    expect([b - a, c - b]).toEqual([53_000, 1_000]);
    expect(eventsOf(p, 'Nov 24 19:05:61 web1 a: x')).toBeNull();
  });
});

describe('message repeated', () => {
  it('caps a corrupt count', () => {
    const p = parser(syslogFormat);
    const events = eventsOf(
      p,
      'Nov 24 19:09:00 web1 sshd[1]: message repeated 9999999 times: [ Invalid user x]',
    );
    expect(events).toHaveLength(MAX_REPEAT);
    expect(events?.[1]).toEqual(events?.[0]);
    expect(events?.[1]).not.toBe(events?.[0]);
  });

  it('keeps a malformed repeat line as one syslog.other', () => {
    const p = parser(syslogFormat);
    expect(eventsOf(p, 'Nov 24 19:09:00 web1 x[1]: message repeated many times')).toMatchObject([
      { kind: 'syslog.other', message: 'message repeated many times' },
    ]);
    expect(eventsOf(p, 'Nov 24 19:09:00 web1 x[1]: message repeated 2 times: [ no close')).toMatchObject([
      { message: 'no close' },
      { message: 'no close' },
    ]);
  });
});

describe('diagnose', () => {
  const syslog = parser(syslogFormat);
  const rfc = parser(rfc5424Format);
  const journald = parser(journaldFormat);

  it('says where a syslog line stops matching', () => {
    expect(syslog.diagnose('[Sun Dec 04 04:47:44 2005] x')).toEqual({
      offset: 0,
      expected: 'month name (Jan…Dec) or ISO 8601 timestamp',
    });
    expect(syslog.diagnose('Nov 32 19:04:06 web1 a: x')).toEqual({
      offset: 4,
      expected: 'day of month (1–31)',
    });
    expect(syslog.diagnose('<38>Nov 24 19:04:06')).toEqual({
      offset: 19,
      expected: 'space after the timestamp',
    });
    expect(syslog.diagnose('Nov 24 19:04:06 ')).toEqual({ offset: 16, expected: 'hostname' });
    expect(syslog.diagnose('2026-11-24T19:04:06+01 web1 x')).toEqual({
      offset: 19,
      expected: 'space after the timestamp',
    });
    expect(syslog.diagnose('Nov 24 19:04:06 web1 a: x')).toEqual({
      offset: -1,
      expected: '',
    });
  });

  it('says where an RFC 5424 line stops matching', () => {
    expect(rfc.diagnose('Nov 24 19:04:06 web1 a: x')).toEqual({
      offset: 0,
      expected: 'RFC 5424 version "1 "',
    });
    expect(rfc.diagnose('<34>1 2026-11-24T19:04:06Z web1 sshd 812 ID47 x')).toEqual({
      offset: 46,
      expected: 'structured data ("-" or "[")',
    });
    expect(rfc.diagnose('<34>1 - h a 1 - [x a="1')).toEqual({
      offset: 23,
      expected: '"\\"" closing the parameter value',
    });
  });

  it('says why a journald line is not a record', () => {
    expect(journald.diagnose('Nov 24 x')).toEqual({ offset: 0, expected: 'a JSON object ("{")' });
    expect(journald.diagnose('{"a":')).toMatchObject({ expected: 'valid JSON' });
    const missing = journald.diagnose('{"MESSAGE":"x"}');
    expect(missing.offset).toBe(0);
    expect(missing.expected).toContain('__REALTIME_TIMESTAMP');
    expect(journald.diagnose('{"__REALTIME_TIMESTAMP":"1"}')).toMatchObject({ offset: -1 });
  });
});

describe('fuzz: parse and diagnose never throw', () => {
  const cases = [
    {
      format: syslogFormat,
      samples: ['tests/fixtures/real/loghub_OpenSSH_2k.log', 'tests/fixtures/real/loghub_Linux_2k.log'],
    },
    {
      format: syslogFormat,
      samples: ['tests/fixtures/syslog/sshd.log', 'tests/fixtures/syslog/framing.log'],
    },
    { format: rfc5424Format, samples: ['tests/fixtures/syslog/rfc5424.log'] },
    { format: journaldFormat, samples: ['tests/fixtures/syslog/journald.jsonl'] },
  ];
  cases.forEach(({ format, samples }, index) => {
    it(`${format.id} #${index}`, () => {
      const lines = samples.flatMap((path) =>
        path.includes('/real/') ? fileLines(path) : readAnnotatedFixture(path).map((l) => l.line),
      );
      const p = parser(format);
      let parsed = 0;
      for (const line of fuzzLines(lines, 3000, 1000 + index)) {
        const events = eventsOf(p, line);
        if (events === null) {
          const failure = p.diagnose(line);
          expect(failure.offset).toBeGreaterThanOrEqual(0);
          expect(failure.expected).not.toBe('');
        } else {
          parsed++;
          for (const e of events) {
            expect(Number.isFinite(e.ts)).toBe(true);
            if (e.port !== undefined) expect(Number.isInteger(e.port)).toBe(true);
            if (e.pid !== undefined) expect(Number.isInteger(e.pid)).toBe(true);
            expect(e.raw).toBe(line);
          }
        }
      }
      expect(parsed).toBeGreaterThan(0);
    });
  });
});
