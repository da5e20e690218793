import { describe, expect, it } from 'vitest';
import { apacheErrorFormat } from '../../../src/parse/error/apache.js';
import { nginxErrorFormat } from '../../../src/parse/error/nginx.js';
import { expectFixture, fuzzLines } from '../../helpers/fixtures.js';
import { eventOf, fileLines, fixtureSamples, fuzzParser, parser } from '../access/helpers.js';

const LOGHUB = 'tests/fixtures/real/loghub_Apache_2k.log';
const APACHE = 'tests/fixtures/error/apache_error.log';
const NGINX = 'tests/fixtures/error/nginx_error.log';

describe('fixtures', () => {
  it('apache_error', () => {
    expectFixture(parser(apacheErrorFormat), APACHE);
  });
  it('nginx_error', () => {
    expectFixture(parser(nginxErrorFormat), NGINX);
  });
});

describe('apache_error on the loghub sample', () => {
  it('parses every line, with level and message', () => {
    const p = parser(apacheErrorFormat);
    const lines = fileLines(LOGHUB);
    expect(lines).toHaveLength(2000);
    const levels = new Map<string, number>();
    let withClient = 0;
    for (const line of lines) {
      const event = eventOf(p, line);
      expect(event, line).not.toBeNull();
      if (event === null) continue;
      expect(event.message, line).not.toBe('');
      levels.set(event.level ?? '', (levels.get(event.level ?? '') ?? 0) + 1);
      if (event.ip !== undefined) withClient++;
    }
    expect([...levels.keys()].sort()).toEqual(['error', 'notice', 'warn'].filter((l) => levels.has(l)));
    expect(withClient).toBe(lines.filter((l) => l.includes('[client ')).length);
  });
});

describe('time zones', () => {
  it('reads zone-less timestamps in the file zone', () => {
    const apache = parser(apacheErrorFormat, { timezone: 'Europe/Berlin' });
    expect(eventOf(apache, '[Fri Jul 10 12:00:00 2026] [error] x')?.ts).toBe(Date.UTC(2026, 6, 10, 10));
    expect(eventOf(apache, '[Tue Nov 24 19:04:06.5 2026] [error] x')?.ts).toBe(
      Date.UTC(2026, 10, 24, 18, 4, 6, 500),
    );
    const nginx = parser(nginxErrorFormat, { timezone: 'America/New_York' });
    expect(eventOf(nginx, '2026/07/10 12:00:00 [error] 1#1: x')?.ts).toBe(Date.UTC(2026, 6, 10, 16));
  });
});

describe('diagnose', () => {
  it('apache_error', () => {
    const p = parser(apacheErrorFormat);
    expect(p.diagnose('x')).toMatchObject({ offset: 0, expected: expect.stringContaining('[') as string });
    expect(p.diagnose('[Sun Foo 04 04:47:44 2005] [error] x')).toMatchObject({ offset: 1 });
    expect(p.diagnose('[Sun Dec 04 04:47:44 2005]x')).toMatchObject({ offset: 26 });
    expect(p.diagnose('[Sun Dec 04 04:47:44 2005] [] x')).toMatchObject({ offset: 28 });
    expect(p.diagnose('[Sun Dec 04 04:47:44 2005] [Error] x')).toMatchObject({ offset: 28 });
    expect(p.diagnose('[Sun Dec 04 04:47:44 2005] [error] x')).toMatchObject({ offset: -1 });
  });
  it('nginx_error', () => {
    const p = parser(nginxErrorFormat);
    expect(p.diagnose('x')).toMatchObject({
      offset: 0,
      expected: expect.stringContaining('2026/11/24') as string,
    });
    expect(p.diagnose('2026/11/24 19:04:06 error')).toMatchObject({ offset: 19 });
    expect(p.diagnose('2026/11/24 19:04:06 [oops] 1#1: x')).toMatchObject({ offset: 21 });
    expect(p.diagnose('2026/11/24 19:04:06 [error] x')).toMatchObject({ offset: 28, expected: 'pid#tid' });
    expect(p.diagnose('2026/11/24 19:04:06 [error] 1#: x')).toMatchObject({ offset: 30 });
    expect(p.diagnose('2026/11/24 19:04:06 [error] 1#1: x')).toMatchObject({ offset: -1 });
  });
});

describe('fuzz', () => {
  for (const [format, samples] of [
    [apacheErrorFormat, [...fixtureSamples(APACHE), ...fileLines(LOGHUB).slice(0, 100)]],
    [nginxErrorFormat, fixtureSamples(NGINX)],
  ] as const) {
    it(`${format.id}: parse and diagnose never throw`, () => {
      expect(fuzzParser(parser(format), fuzzLines(samples, 3000, 11))).toBeGreaterThan(0);
    });
  }
});
