import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/events.js';
import { combinedFormat } from '../../../src/parse/access/clf.js';
import { apacheLogFormat, nginxLogFormat } from '../../../src/parse/access/logformat.js';
import { TrustedProxies } from '../../../src/parse/proxies.js';
import type { LineParser } from '../../../src/parse/types.js';
import { expectFixture, fuzzLines } from '../../helpers/fixtures.js';
import { eventOf, expectFormatInvalid, fileLines, fixtureSamples, fuzzParser, parser } from './helpers.js';

const ELASTIC = 'tests/fixtures/real/elastic_apache_1k.log';
const NGINX_COMBINED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
const APACHE_COMBINED = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"';
const NGINX_TIMED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time $upstream_response_time $host';
const APACHE_CUSTOM =
  '%v %a %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{X-Forwarded-For}i" %D %{SSL_PROTOCOL}e';

function all(p: LineParser, lines: readonly string[]): (Event | null)[] {
  return lines.map((line) => eventOf(p, line));
}

describe('combined equivalents', () => {
  const lines = fileLines(ELASTIC);
  const reference = all(parser(combinedFormat), lines);

  it('the nginx combined string gives the same events as combined', () => {
    expect(all(parser(nginxLogFormat('n', NGINX_COMBINED)), lines)).toEqual(reference);
  });

  it('the Apache combined string gives the same events as combined', () => {
    expect(all(parser(apacheLogFormat('a', APACHE_COMBINED)), lines)).toEqual(reference);
  });
});

describe('fixtures', () => {
  it('nginx custom', () => {
    expectFixture(
      parser(nginxLogFormat('main_timed', NGINX_TIMED)),
      'tests/fixtures/access/nginx_custom.log',
    );
  });
  it('apache custom', () => {
    expectFixture(
      parser(apacheLogFormat('custom', APACHE_CUSTOM)),
      'tests/fixtures/access/apache_custom.log',
    );
  });
});

describe('nginx variables', () => {
  it('reads $time_iso8601, $msec, split request fields and ${name}', () => {
    const p = parser(
      nginxLogFormat(
        'x',
        '${remote_addr}|$time_iso8601|$request_method|$uri|$args|$server_protocol|$status|$bytes_sent|$server_name|$connection',
      ),
    );
    expect(
      eventOf(p, '192.0.2.1|2026-11-24T20:04:06+01:00|GET|/a|b=1|HTTP/1.1|200|99|example.org|17'),
    ).toMatchObject({
      ip: '192.0.2.1',
      ts: Date.UTC(2026, 10, 24, 19, 4, 6),
      method: 'GET',
      path: '/a?b=1',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 99,
      vhost: 'example.org',
    });
    expect(
      eventOf(p, '192.0.2.1|2026-11-24T20:04:06+01:00|GET|/a|-|HTTP/1.1|200|99|example.org|17')?.path,
    ).toBe('/a');
    expect(eventOf(p, '192.0.2.1|2026-11-24 20:04:06|GET|/a|-|HTTP/1.1|200|99|x|17')?.ts).toBe(
      Date.UTC(2026, 10, 24, 20, 4, 6),
    );
    expect(eventOf(p, '192.0.2.1|yesterday|GET|/a|-|HTTP/1.1|200|99|x|17')).toBeNull();
    const msec = parser(nginxLogFormat('m', '$msec $request_uri $uri "$request"$status'));
    expect(eventOf(msec, '1795547046.123 /a?b /a "GET /a?b HTTP/1.1"404')).toMatchObject({
      ts: 1795547046123,
      path: '/a?b',
      status: 404,
    });
    expect(eventOf(msec, 'x /a /a "GET / HTTP/1.1"404')).toBeNull();
    expect(eventOf(msec, ' /a /a "GET / HTTP/1.1"404')).toBeNull();
  });

  it('takes the first of several upstream times when $request_time is absent', () => {
    const p = parser(nginxLogFormat('u', '[$time_local] $bytes_sent $upstream_response_time'));
    expect(eventOf(p, '[24/Nov/2026:19:04:06 +0000] 77 0.250, 0.010')).toMatchObject({
      durationMs: 250,
      bytes: 77,
    });
    expect(eventOf(p, '[24/Nov/2026:19:04:06 +0000] 77 -')).not.toHaveProperty('durationMs');
  });

  it('treats a lone $ as text', () => {
    const p = parser(nginxLogFormat('d', '$ [$time_local] $status'));
    expect(eventOf(p, '$ [24/Nov/2026:19:04:06 +0000] 200')?.status).toBe(200);
    expect(p.diagnose('x [24/Nov/2026:19:04:06 +0000] 200')).toEqual({ offset: 0, expected: '"$ ["' });
  });

  it('believes X-Forwarded-For from a trusted proxy', () => {
    const p = parser(nginxLogFormat('main_timed', NGINX_TIMED), {
      trustedProxies: new TrustedProxies(['10.0.0.0/8']),
    });
    const line =
      '10.0.0.2 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 1 "-" "-" "203.0.113.5, 10.0.0.1" 0.000 0.000 example.org';
    expect(eventOf(p, line)?.ip).toBe('203.0.113.5');
  });
});

describe('Apache directives', () => {
  it('reads %m %U %q %H %B %T %V %{ms}T and modifiers', () => {
    const p = parser(
      apacheLogFormat(
        'x',
        '%a %t %m %U%q %H %<s %B %T %{ms}T %V %400,501{User-agent}i %!200{Referer}i %% %{c}a %X',
      ),
    );
    expect(
      eventOf(
        p,
        '192.0.2.1 [24/Nov/2026:19:04:06 +0000] GET /a?b=1 HTTP/1.1 200 5 2 2500 www.example.org ua ref % 10.0.0.1 +',
      ),
    ).toMatchObject({
      method: 'GET',
      path: '/a?b=1',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 5,
      durationMs: 2500,
      vhost: 'www.example.org',
      ua: 'ua',
      referer: 'ref',
    });
    const us = parser(apacheLogFormat('y', '%t %{us}T %{s}T %O'));
    expect(eventOf(us, '[24/Nov/2026:19:04:06 +0000] 1500 9 33')).toMatchObject({
      durationMs: 9000,
      bytes: 33,
    });
  });

  it('uses %O only without %b', () => {
    const p = parser(apacheLogFormat('o', '%t %b %O'));
    expect(eventOf(p, '[24/Nov/2026:19:04:06 +0000] 10 400')?.bytes).toBe(10);
  });
});

describe('compile errors', () => {
  it('rejects unknown Apache directives', () => {
    expectFormatInvalid(() => apacheLogFormat('bad', '%h %Z %t'), /formats\.bad: .*unknown directive "%Z"/);
    expectFormatInvalid(() => apacheLogFormat('bad', '%h %{x}Q %t'), /unknown directive "%\{x\}Q"/);
    expectFormatInvalid(() => apacheLogFormat('bad', '%t %{x}T'), /unknown directive "%\{x\}T"/);
    expectFormatInvalid(() => apacheLogFormat('bad', '%t %'), /"%" at 3 is incomplete/);
    expectFormatInvalid(() => apacheLogFormat('bad', '%t %{x'), /not closed/);
  });

  it('rejects two fields with nothing between them', () => {
    expectFormatInvalid(
      () => nginxLogFormat('adj', '[$time_local] $status$body_bytes_sent'),
      /\$status and \$body_bytes_sent/,
    );
    expectFormatInvalid(() => apacheLogFormat('adj', '%t %h%u'), /%h and %u have nothing between them/);
  });

  it('rejects a format without a timestamp and an unclosed ${', () => {
    expectFormatInvalid(() => nginxLogFormat('nots', '$remote_addr $status'), /no timestamp/);
    expectFormatInvalid(() => apacheLogFormat('nots', '%h %>s'), /no timestamp/);
    expectFormatInvalid(() => nginxLogFormat('brace', '[$time_local] ${status'), /not closed/);
  });
});

describe('diagnose', () => {
  it('names the field and the literal it looked for', () => {
    const p = parser(nginxLogFormat('n', NGINX_COMBINED));
    expect(
      p.diagnose('192.0.2.1 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 5 "-" "x"'),
    ).toMatchObject({ offset: -1 });
    expect(p.diagnose('192.0.2.1')).toEqual({ offset: 0, expected: '" - " after $remote_addr' });
    expect(p.diagnose('192.0.2.1 - - [24/Nov/2026:19:04:06]')).toMatchObject({
      offset: 15,
      expected: expect.stringContaining('$time_local') as string,
    });
    expect(
      p.diagnose('192.0.2.1 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 5 "-" "x'),
    ).toMatchObject({
      offset: 71,
      expected: expect.stringContaining('ending the line') as string,
    });
    expect(
      p.diagnose('192.0.2.1 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 2000 5 "-" "x"'),
    ).toMatchObject({
      offset: 60,
      expected: '$status: a status code',
    });
    expect(
      p.diagnose('192.0.2.1 - - [24/Nov/2026:19:04:06 +0000] "GET / HTTP/1.1" 200 x "-" "x"'),
    ).toMatchObject({
      expected: '$body_bytes_sent: a byte count or "-"',
    });
    const a = parser(apacheLogFormat('a', APACHE_COMBINED));
    expect(
      a.diagnose('192.0.2.1 - - 24/Nov/2026:19:04:06 +0000 "GET / HTTP/1.1" 200 5 "-" "x"'),
    ).toMatchObject({
      offset: 14,
      expected: expect.stringContaining('%t') as string,
    });
    const iso = parser(nginxLogFormat('i', '$time_iso8601 $msec $request_time'));
    expect(iso.diagnose('nope 1 2')).toMatchObject({ expected: '$time_iso8601: ISO 8601 timestamp' });
    expect(iso.diagnose('2026-11-24T19:04:06Z x 2')).toMatchObject({ expected: '$msec: a number' });
  });
});

describe('fuzz', () => {
  const samples = [
    ...fixtureSamples('tests/fixtures/access/nginx_custom.log'),
    ...fileLines(ELASTIC).slice(0, 20),
  ];
  for (const [name, format] of [
    ['nginx', nginxLogFormat('main_timed', NGINX_TIMED)],
    ['nginx combined', nginxLogFormat('n', NGINX_COMBINED)],
    ['apache', apacheLogFormat('custom', APACHE_CUSTOM)],
  ] as const) {
    it(`${name}: parse and diagnose never throw`, () => {
      expect(fuzzParser(parser(format), fuzzLines(samples, 3000, 5))).toBeGreaterThan(0);
    });
  }
});

describe('query strings after the path', () => {
  it('reads %U%q and $uri$is_args$args as one path', () => {
    const a = parser(apacheLogFormat('q', '%t "%m %U%q %H" %>s'));
    expect(eventOf(a, '[24/Nov/2026:19:04:06 +0000] "GET /a?b=1 HTTP/1.1" 200')).toMatchObject({
      method: 'GET',
      path: '/a?b=1',
      protocol: 'HTTP/1.1',
    });
    const n = parser(nginxLogFormat('q', '[$time_local] "$request_method $uri$is_args$args" $status'));
    expect(eventOf(n, '[24/Nov/2026:19:04:06 +0000] "GET /a?b=1" 200')?.path).toBe('/a?b=1');
  });
});
