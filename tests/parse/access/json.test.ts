import { describe, expect, it } from 'vitest';
import {
  caddyFormat,
  isoTimestampToMs,
  jsonAccessFormat,
  nginxJsonFormat,
  traefikFormat,
} from '../../../src/parse/access/json.js';
import { TrustedProxies } from '../../../src/parse/proxies.js';
import { expectFixture, fuzzLines } from '../../helpers/fixtures.js';
import { eventOf, expectFormatInvalid, fixtureSamples, fuzzParser, parser } from './helpers.js';

const CADDY = 'tests/fixtures/access/caddy.jsonl';
const TRAEFIK = 'tests/fixtures/access/traefik.jsonl';
const NGINX_JSON = 'tests/fixtures/access/nginx_json.jsonl';

describe('fixtures', () => {
  it('caddy', () => {
    expectFixture(parser(caddyFormat), CADDY);
  });
  it('traefik', () => {
    expectFixture(parser(traefikFormat), TRAEFIK);
  });
  it('nginx_json', () => {
    expectFixture(parser(nginxJsonFormat), NGINX_JSON);
  });
});

describe('custom mappings', () => {
  it('reads dotted paths, alternatives, flat dotted keys, [n] and units', () => {
    const format = jsonAccessFormat('app', {
      ts: 'when.epoch',
      tsUnit: 'ms',
      ip: 'client|peer',
      xff: 'headers.xff',
      method: 'http.method',
      path: 'list[1]',
      status: 'code',
      bytes: 'len',
      durationMs: 'took',
      durationUnit: 'us',
      vhost: 'vh',
      protocol: 'proto',
    });
    const p = parser(format, { trustedProxies: new TrustedProxies(['10.0.0.0/8']) });
    const event = eventOf(
      p,
      '{"when":{"epoch":1795547046123},"peer":"10.0.0.1","headers":{"xff":["203.0.113.9","10.0.0.2"]},"http.method":"GET","list":["a","/b"],"code":201,"len":"7","took":2500,"vh":"x.org","proto":"HTTP/1.1"}',
    );
    expect(event).toMatchObject({
      ts: 1795547046123,
      ip: '203.0.113.9',
      method: 'GET',
      path: '/b',
      status: 201,
      bytes: 7,
      durationMs: 2.5,
      vhost: 'x.org',
      protocol: 'HTTP/1.1',
    });
    expect(format.description).toContain('ts: when.epoch');
  });

  it('guesses the unit of a number from its magnitude', () => {
    const p = parser(jsonAccessFormat('t', { ts: 't' }));
    const at = (t: string): number | undefined => eventOf(p, `{"t":${t}}`)?.ts;
    expect(at('1795547046')).toBe(1795547046000);
    expect(at('1795547046123')).toBe(1795547046123);
    expect(at('1795547046123456')).toBe(1795547046123);
    expect(at('1795547046123456789')).toBe(1795547046123);
    expect(at('"[24/Nov/2026:19:04:06 +0000]"')).toBe(1795547046000);
    expect(at('"24/Nov/2026:19:04"')).toBeUndefined();
    expect(at('true')).toBeUndefined();
    expect(at('" 1"')).toBeUndefined();
  });

  it('rejects unknown keys, units and empty paths', () => {
    expectFormatInvalid(
      () => jsonAccessFormat('j', { ts: 't', agent: 'ua' }),
      /formats\.j: json: unknown key "agent"/,
    );
    expectFormatInvalid(
      () => jsonAccessFormat('j', { ts: 't', tsUnit: 'h' }),
      /json\.tsUnit: "h" is not a unit/,
    );
    expectFormatInvalid(
      () => jsonAccessFormat('j', { ts: 'a..b' }),
      /json\.ts: "a\.\.b" is not a dotted key path/,
    );
    expectFormatInvalid(() => jsonAccessFormat('j', { ip: 'ip' }), /"ts" .* is required/);
  });
});

describe('ISO 8601', () => {
  it('reads offsets, fractions and zone-less times', () => {
    expect(isoTimestampToMs('2026-11-24T19:04:06Z', 'UTC')).toBe(Date.UTC(2026, 10, 24, 19, 4, 6));
    expect(isoTimestampToMs('2026-11-24 19:04:06,5+0100', 'UTC')).toBe(Date.UTC(2026, 10, 24, 18, 4, 6, 500));
    expect(isoTimestampToMs('2026-07-10T12:00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 10, 10));
    for (const bad of [
      '2026-11-24',
      '2026-13-24T19:04:06Z',
      '2026-11-24T19:04:06.Z',
      '2026-11-24T19:04:06+01',
      '2026-11-24T19:04:06Zx',
      '2026-11-24T 9:04:06Z',
    ]) {
      expect(isoTimestampToMs(bad, 'UTC'), bad).toBeNaN();
    }
  });
});

describe('diagnose', () => {
  it('says why a line is not a record', () => {
    const p = parser(nginxJsonFormat);
    expect(p.diagnose('x')).toEqual({ offset: 0, expected: '"{" (a JSON object)' });
    expect(p.diagnose('{"a":')).toMatchObject({ expected: 'valid JSON' });
    expect(p.diagnose('{"status":200}')).toEqual({
      offset: 0,
      expected: 'a timestamp at "time_iso8601|time_local|msec"',
    });
    expect(p.diagnose('{"msec":1,"remote_addr":"1.2.3.4"}')).toMatchObject({
      expected: expect.stringContaining('access record') as string,
    });
    expect(p.diagnose('{"msec":1,"status":200}')).toMatchObject({ offset: -1 });
  });
});

describe('fuzz', () => {
  for (const [format, fixture] of [
    [caddyFormat, CADDY],
    [traefikFormat, TRAEFIK],
    [nginxJsonFormat, NGINX_JSON],
  ] as const) {
    it(`${format.id}: parse and diagnose never throw`, () => {
      expect(fuzzParser(parser(format), fuzzLines(fixtureSamples(fixture), 3000, 3))).toBeGreaterThan(0);
    });
  }
});
