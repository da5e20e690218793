import { describe, expect, it } from 'vitest';
import { formatCef } from '../../src/notify/channels/cef.js';
import { sampleAlert } from './sample.js';

const options = { productVersion: '0.1.0' };

interface ParsedCef {
  readonly header: string[];
  readonly extension: Record<string, string>;
}

/**
 * Reads a CEF line the way a SIEM does: the header splits on unescaped `|`, the extension on
 * ` key=`; then escapes are undone, so a test can compare what a reader sees with what went in.
 */
function parseCef(line: string): ParsedCef {
  const header: string[] = [];
  let rest = line;
  for (let i = 0; i < 7; i++) {
    const field = /^((?:\\.|[^\\|])*)\|/.exec(rest);
    if (field?.[1] === undefined) throw new Error(`header field ${i} missing in ${line}`);
    header.push(field[1].replace(/\\(.)/g, '$1'));
    rest = rest.slice(field[0].length);
  }
  const extension: Record<string, string> = {};
  const unescape: Record<string, string> = { r: '\r', n: '\n' };
  for (const [, key = '', value = ''] of rest.matchAll(/(\w+)=((?:\\.|[^\\=])*?)(?= \w+=|$)/g)) {
    extension[key] = value.replace(/\\(.)/g, (_match, char: string) => unescape[char] ?? char);
  }
  return { header, extension };
}

describe('formatCef', () => {
  it('writes the header and every extension field of an alert', () => {
    const line = formatCef(sampleAlert(), options);
    expect(line).toMatch(/^CEF:0\|logwarden\|logwarden\|0\.1\.0\|ssh-brute-force\|212 failed SSH/);
    const { header, extension } = parseCef(line);
    expect(header[6]).toBe('8');
    expect(extension).toEqual({
      rt: String(Date.parse('2026-11-19T03:29:00.000Z')),
      start: String(Date.parse('2026-11-19T03:12:00.000Z')),
      end: String(Date.parse('2026-11-19T03:29:00.000Z')),
      src: '185.220.101.47',
      cnt: '212',
      dhost: 'web1',
      duser: 'root',
      cat: 'brute-force',
      msg: '212 failed SSH logins from 185.220.101.47 on web1 in 17 min',
      externalId: '3f9a1c2b7d4e5f60',
      cs1Label: 'rule',
      cs1: 'ssh-brute-force',
      cs2Label: 'mitre',
      cs2: 'T1110.001 Brute Force: Password Guessing',
      cs3Label: 'sourceIps',
      cs3: '185.220.101.47',
      cs4Label: 'action',
      cs4: 'Block the address: `sudo nft add element inet filter blocklist { 185.220.101.47 }`',
    });
  });

  it.each([
    ['low', '3'],
    ['medium', '5'],
    ['high', '8'],
    ['critical', '10'],
  ] as const)('maps severity %s to %s', (severity, expected) => {
    expect(parseCef(formatCef(sampleAlert({ severity }), options)).header[6]).toBe(expected);
  });

  it('escapes | and \\ in the header, so a field cannot end early', () => {
    const line = formatCef(sampleAlert({ rule: 'custom|rule\\x', message: 'a|b\\c' }), {
      productVersion: '1|2',
    });
    expect(line.startsWith('CEF:0|logwarden|logwarden|1\\|2|custom\\|rule\\\\x|a\\|b\\\\c|8|')).toBe(true);
    expect(parseCef(line).header.slice(3, 6)).toEqual(['1|2', 'custom|rule\\x', 'a|b\\c']);
  });

  it('escapes =, \\ and line breaks in the extension, so a value cannot forge another field', () => {
    const line = formatCef(
      sampleAlert({ users: ['eve cs1=forged'], action: 'a\\b', message: 'first\nsecond' }),
      options,
    );
    expect(line).toContain('duser=eve cs1\\=forged ');
    expect(line).toContain('cs4=a\\\\b');
    expect(line).toContain('msg=first\\nsecond ');
    const { extension } = parseCef(line);
    expect(extension.duser).toBe('eve cs1=forged');
    expect(extension.cs1).toBe('ssh-brute-force');
    expect(extension.cs4).toBe('a\\b');
  });

  it('keeps an injected CR LF visible as \\r\\n on one line', () => {
    const line = formatCef(sampleAlert({ users: ['root\r\nBcc: x@y'] }), options);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toContain('duser=root\\r\\nBcc: x@y ');
    expect(parseCef(line).extension.duser).toBe('root\r\nBcc: x@y');
  });

  it('drops terminal escapes and other control characters, and leaves markup as text', () => {
    const line = formatCef(
      sampleAlert({ users: ['\u001b[31mred\u001b[0m\u0000'], message: '<script>alert(1)</script>' }),
      options,
    );
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    const { header, extension } = parseCef(line);
    expect(extension.duser?.trim()).toBe('red');
    // CEF has no markup: a SIEM's web view escapes it, as it must for every value.
    expect(header[5]).toBe('<script>alert(1)</script>');
    expect(extension.msg).toBe('<script>alert(1)</script>');
  });

  it('caps every value, so a 10 kB user agent stays one bounded line', () => {
    const agent = `Mozilla/5.0 ${'A'.repeat(10_000)}`;
    const line = formatCef(
      sampleAlert({
        message: `scanner user agent ${agent}`,
        users: [agent],
        action: `Block ${'\\='.repeat(2_000)}`,
        evidence: [`1.2.3.4 - - [19/Nov/2026:03:12:00 +0000] "GET / HTTP/1.1" 200 1 "-" "${agent}"`],
      }),
      options,
    );
    expect(line).not.toMatch(/[\r\n]/);
    expect(line.length).toBeLessThan(5_000);
    const { header, extension } = parseCef(line);
    expect(header[5]?.length).toBeLessThanOrEqual(512);
    expect(header[5]?.endsWith('…')).toBe(true);
    expect(extension.duser?.endsWith('…')).toBe(true);
    // The cut falls between escapes: what is kept of `\=` pairs reads back whole.
    expect(extension.cs4).toMatch(/^Block (?:\\=)+…$/);
    for (const [key, value] of Object.entries(extension)) expect(value.length, key).toBeLessThanOrEqual(1023);
  });

  it('puts only an address in src: a CIDR block is left out, an IPv6 address goes to c6a2', () => {
    const block = parseCef(formatCef(sampleAlert({ source_ips: ['185.220.101.0/24'] }), options)).extension;
    expect(block.src).toBeUndefined();
    expect(block.cs3).toBe('185.220.101.0/24');

    const v6 = parseCef(
      formatCef(sampleAlert({ source_ips: ['2001:db8::1', '192.0.2.7'] }), options),
    ).extension;
    expect(v6.src).toBeUndefined();
    expect(v6).toMatchObject({
      c6a2Label: 'Source IPv6 Address',
      c6a2: '2001:db8::1',
      cs3: '2001:db8::1,192.0.2.7',
    });
  });

  it('leaves out fields with nothing to say', () => {
    const { extension } = parseCef(
      formatCef(sampleAlert({ source_ips: [], hosts: [], users: [], mitre: '' }), options),
    );
    for (const key of ['src', 'dhost', 'duser', 'cs2Label', 'cs2', 'cs3Label', 'cs3']) {
      expect(extension[key], key).toBeUndefined();
    }
  });
});
