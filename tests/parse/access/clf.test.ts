import { describe, expect, it } from 'vitest';
import {
  ClfClock,
  combinedFormat,
  commonFormat,
  vhostCombinedFormat,
} from '../../../src/parse/access/clf.js';
import { TrustedProxies } from '../../../src/parse/proxies.js';
import { expectFixture, fuzzLines } from '../../helpers/fixtures.js';
import { eventOf, fileLines, fixtureSamples, fuzzParser, parser } from './helpers.js';

const ELASTIC = 'tests/fixtures/real/elastic_apache_1k.log';

describe('fixtures', () => {
  it('common', () => {
    expectFixture(parser(commonFormat), 'tests/fixtures/access/common.log');
  });
  it('combined', () => {
    expectFixture(parser(combinedFormat), 'tests/fixtures/access/combined.log');
  });
  it('vhost_combined', () => {
    expectFixture(parser(vhostCombinedFormat), 'tests/fixtures/access/vhost_combined.log');
  });
});

describe('combined on the elastic sample', () => {
  const lines = fileLines(ELASTIC);

  it('parses 1000/1000 lines with the right 404 count', () => {
    const p = parser(combinedFormat);
    const statuses: number[] = [];
    for (const line of lines) {
      const event = eventOf(p, line);
      expect(event, line).not.toBeNull();
      if (event !== null) statuses.push(event.status ?? 0);
    }
    expect(lines).toHaveLength(1000);
    expect(statuses).toHaveLength(1000);
    const expected404 = lines.filter((l) => l.split(' ')[8] === '404').length;
    expect(expected404).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 404)).toHaveLength(expected404);
  });

  it('keeps the raw line, the host and no malformed flag', () => {
    const line = lines[0] ?? '';
    const event = eventOf(parser(combinedFormat, { host: 'web7' }), line);
    expect(event?.raw).toBe(line);
    expect(event?.host).toBe('web7');
    expect(event?.malformed).toBeUndefined();
    expect(event?.user).toBeUndefined();
  });

  it('common and vhost_combined: common accepts every line, vhost_combined none', () => {
    const common = parser(commonFormat);
    const vhost = parser(vhostCombinedFormat);
    expect(lines.filter((l) => common.parse(l, () => undefined))).toHaveLength(1000);
    expect(lines.filter((l) => vhost.parse(l, () => undefined))).toHaveLength(0);
  });
});

describe('malformed requests', () => {
  it('sets no method, path or protocol', () => {
    const p = parser(combinedFormat);
    for (const request of [
      '-',
      '',
      '\\x16\\x03\\x01\\x00',
      'hello',
      'GET /',
      'GET  HTTP/1.1',
      ' GET / HTTP/1.1',
      'GET / HTTP/1.1 ',
      'G{T / HTTP/1.1',
      'GET / HTTP/1.x',
      'GET / HTTP/12',
      'GET / FTP/1.0',
    ]) {
      const event = eventOf(p, `1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "${request}" 400 0 "-" "-"`);
      expect(event?.malformed, request).toBe(true);
      expect(event?.method, request).toBeUndefined();
      expect(event?.path, request).toBeUndefined();
      expect(event?.protocol, request).toBeUndefined();
    }
  });

  it('leaves unknown escapes and a trailing backslash as written', () => {
    const event = eventOf(
      parser(combinedFormat),
      '1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET /a\\qb\\xZZ\\n HTTP/1.1" 200 0 "-" "x\\\\"',
    );
    expect(event?.path).toBe('/a\\qb\\xZZ\n');
    expect(event?.ua).toBe('x\\');
  });
});

describe('X-Forwarded-For', () => {
  const line = (xff: string): string =>
    `10.0.0.5 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0" "${xff}"`;

  it('takes the right-most untrusted hop when the peer is a trusted proxy', () => {
    const p = parser(combinedFormat, { trustedProxies: new TrustedProxies(['10.0.0.0/8']) });
    expect(eventOf(p, line('203.0.113.50'))?.ip).toBe('203.0.113.50');
    expect(eventOf(p, line('198.51.100.1, 203.0.113.50, 10.0.0.9'))?.ip).toBe('203.0.113.50');
    expect(eventOf(p, line('-'))?.ip).toBe('10.0.0.5');
    expect(eventOf(p, line('2001:db8::7'))?.ip).toBe('2001:db8::7');
  });

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    const p = parser(combinedFormat, { trustedProxies: new TrustedProxies(['192.168.0.0/16']) });
    expect(eventOf(p, line('203.0.113.50'))?.ip).toBe('10.0.0.5');
  });

  it('ignores an unterminated extra field', () => {
    const p = parser(combinedFormat, { trustedProxies: new TrustedProxies(['10.0.0.0/8']) });
    const event = eventOf(
      p,
      '10.0.0.5 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0" "203.0.113.50',
    );
    expect(event?.ip).toBe('10.0.0.5');
  });
});

describe('timestamps', () => {
  it('uses the cached minute only for the same minute and zone', () => {
    const clock = new ClfClock();
    expect(clock.read('24/Nov/2026:19:04:06 +0000', 0)).toBe(Date.UTC(2026, 10, 24, 19, 4, 6));
    expect(clock.read('24/Nov/2026:19:04:59 +0000', 0)).toBe(Date.UTC(2026, 10, 24, 19, 4, 59));
    expect(clock.read('24/Nov/2026:19:04:59 +0100', 0)).toBe(Date.UTC(2026, 10, 24, 18, 4, 59));
    expect(clock.read('24/Nov/2026:19:05:00 +0100', 0)).toBe(Date.UTC(2026, 10, 24, 18, 5, 0));
    expect(clock.read('x 24/Nov/2026:19:05:00 -0130', 2)).toBe(Date.UTC(2026, 10, 24, 20, 35, 0));
    // The same time of day on another day, month or year is another minute.
    expect(clock.read('25/Nov/2026:19:05:00 -0130', 0)).toBe(Date.UTC(2026, 10, 25, 20, 35, 0));
    expect(clock.read('25/Dec/2026:19:05:00 -0130', 0)).toBe(Date.UTC(2026, 11, 25, 20, 35, 0));
    expect(clock.read('25/Dec/2027:19:05:00 -0130', 0)).toBe(Date.UTC(2027, 11, 25, 20, 35, 0));
    expect(clock.read('25/Dec/2027:19:05:00 -0131', 0)).toBe(Date.UTC(2027, 11, 25, 20, 36, 0));
  });

  it('rejects malformed timestamps', () => {
    const clock = new ClfClock();
    for (const text of [
      '24/Nov/2026:19:04:06',
      '24-Nov/2026:19:04:06 +0000',
      '24/Nov-2026:19:04:06 +0000',
      '24/Nov/2026-19:04:06 +0000',
      '24/Nov/2026:19-04:06 +0000',
      '24/Nov/2026:19:04-06 +0000',
      '24/Nov/2026:19:04:06+0000',
      '00/Nov/2026:19:04:06 +0000',
      '32/Nov/2026:19:04:06 +0000',
      '24/Nov/20x6:19:04:06 +0000',
      '24/Nov/2x26:19:04:06 +0000',
      '24/Nov/2026:19:60:06 +0000',
      '24/Nov/2026:19:04:06 *0000',
      '24/Nov/2026:19:04:06 +00x0',
      '24/Nov/2026:19:04:06 +x000',
    ]) {
      expect(clock.read(text, 0), text).toBeNaN();
    }
  });
});

describe('diagnose', () => {
  const p = parser(combinedFormat);
  const at = (line: string): { offset: number; expected: string } => p.diagnose(line);

  it('says where a line stops matching', () => {
    expect(at('')).toMatchObject({
      offset: 0,
      expected: expect.stringContaining('client address') as string,
    });
    expect(at('1.2.3.4')).toMatchObject({ offset: 0 });
    expect(at('1.2.3.4 -')).toMatchObject({
      offset: 8,
      expected: expect.stringContaining('ident') as string,
    });
    expect(at('1.2.3.4 - -')).toMatchObject({
      offset: 10,
      expected: expect.stringContaining('user') as string,
    });
    expect(at('1.2.3.4 - - 24/Nov')).toMatchObject({
      offset: 12,
      expected: expect.stringContaining('"["') as string,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000')).toMatchObject({ offset: 39 });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06]')).toMatchObject({
      offset: 13,
      expected: expect.stringContaining('17/May/2015') as string,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] GET')).toMatchObject({ offset: 40 });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1')).toMatchObject({ offset: 42 });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 2000 1')).toMatchObject({
      offset: 58,
      expected: expect.stringContaining('status') as string,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 x')).toMatchObject({
      offset: 62,
      expected: expect.stringContaining('byte') as string,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 1')).toMatchObject({
      offset: 63,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 1 x')).toMatchObject({
      offset: 63,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 1 "-')).toMatchObject({
      offset: 65,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 1 "-" "x')).toMatchObject({
      offset: 69,
    });
    expect(at('1.2.3.4 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 1 "-" "x"')).toMatchObject({
      offset: -1,
    });
    expect(parser(vhostCombinedFormat).diagnose(' 1.2.3.4')).toMatchObject({ offset: 0 });
  });
});

describe('fuzz', () => {
  for (const [format, fixture] of [
    [commonFormat, 'tests/fixtures/access/common.log'],
    [combinedFormat, 'tests/fixtures/access/combined.log'],
    [vhostCombinedFormat, 'tests/fixtures/access/vhost_combined.log'],
  ] as const) {
    it(`${format.id}: parse and diagnose never throw`, () => {
      const samples = [...fixtureSamples(fixture), ...fileLines(ELASTIC).slice(0, 50)];
      const parsed = fuzzParser(parser(format), fuzzLines(samples, 3000, 7));
      expect(parsed).toBeGreaterThan(0);
    });
  }
});
