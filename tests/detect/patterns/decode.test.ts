import { describe, expect, it } from 'vitest';
import { decodeForMatching, decodePathForMatching } from '../../../src/detect/patterns/decode.js';
import { fuzzStrings, PATHOLOGICAL } from './fuzz.js';

describe('decodeForMatching', () => {
  it.each([
    ['/Jobs/ABC', '/jobs/abc'],
    ['q=c%2B%2B+developer', 'q=c++ developer'],
    ['q=sales+%26+marketing', 'q=sales & marketing'],
    ['q=o%27brien', "q=o'brien"],
    ['q=50%25+remote', 'q=50% remote'],
    ['q=m%C3%BCller', 'q=müller'],
    ['q=M%C3%9CLLER', 'q=müller'],
    ['q=m\u00fcller%20x', 'q=müller x'],
    ['q=%F0%9F%9A%80', 'q=\u{1f680}'],
    ['%252e%252e%252f', '../'],
    ['%25252e', '.'],
    ['%2525252e', '%2e'],
    ['%2B', '+'],
    ['%252B+x', '+ x'],
    ['%u0027%U003C', "'<"],
    ['%c0%ae%c0%ae%c0%af', '../'],
    ['%e0%80%ae', '.'],
    ['&lt;script&gt;', '<script>'],
    ['&#x27;&#39;&#0000039;&#39', "''''"],
    ['%26lt%3Bsvg%26gt%3B', '<svg>'],
    ['javascript&colon;alert&lpar;1&rpar;', 'javascript:alert(1)'],
  ])('%s → %s', (input, expected) => {
    expect(decodeForMatching(input)).toBe(expected);
  });

  it.each([
    ['%zz', '%zz'],
    ['%', '%'],
    ['%4', '%4'],
    ['50%', '50%'],
    ['%u12', '%u12'],
    ['&foo;', '&foo;'],
    ['&#x110000;', '&#x110000;'],
    ['&#0;', '&#0;'],
    ['a&b=c', 'a&b=c'],
  ])('leaves the invalid escape %s as written', (input, expected) => {
    expect(decodeForMatching(input)).toBe(expected);
  });

  it.each([
    ['%ff%fe', '\ufffd\ufffd'],
    ['%e2%82', '\ufffd'],
    ['%e2%82x', '\ufffdx'],
    ['%80', '\ufffd'],
    ['%ed%a0%80', '\ufffd\ufffd\ufffd'],
    ['%f8%88%80%80%80', '\ufffd\ufffd\ufffd\ufffd\ufffd'],
  ])('turns invalid UTF-8 %s into U+FFFD', (input, expected) => {
    expect(decodeForMatching(input)).toBe(expected);
  });

  it('returns the input itself when there is nothing to do', () => {
    const path = '/static/app.3f2a1c.js';
    expect(decodeForMatching(path)).toBe(path);
  });

  it('never throws, on random and pathological input', () => {
    for (const s of [...fuzzStrings(10_000, 11), ...PATHOLOGICAL]) {
      expect(typeof decodeForMatching(s)).toBe('string');
    }
  });
});

describe('decodePathForMatching', () => {
  it('keeps + as a plain character', () => {
    expect(decodePathForMatching('/+CSCOE+/logon%2Ehtml')).toBe('/+cscoe+/logon.html');
  });
});
