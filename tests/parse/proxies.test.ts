import { describe, expect, it } from 'vitest';
import { TrustedProxies } from '../../src/parse/proxies.js';

describe('trusted proxies', () => {
  const proxies = new TrustedProxies(['10.0.0.0/8', '127.0.0.1', '2001:db8::/32']);

  it('believes X-Forwarded-For only from a trusted peer, taking the right-most untrusted hop', () => {
    expect(proxies.clientAddress('10.1.2.3', '198.51.100.7')).toBe('198.51.100.7');
    expect(proxies.clientAddress('10.1.2.3', '6.6.6.6, 198.51.100.7, 10.9.9.9')).toBe('198.51.100.7');
    expect(proxies.clientAddress('203.0.113.5', '198.51.100.7')).toBe('203.0.113.5');
    expect(proxies.clientAddress('2001:db8::1', '[2001:db9::5]:443')).toBe('2001:db9::5');
    expect(proxies.clientAddress('127.0.0.1', '198.51.100.7:5555')).toBe('198.51.100.7');
  });

  it('falls back to the last trusted hop when the header is junk or all trusted', () => {
    expect(proxies.clientAddress('10.1.2.3', '-')).toBe('10.1.2.3');
    expect(proxies.clientAddress('10.1.2.3', 'unknown, 10.0.0.9')).toBe('10.0.0.9');
    expect(proxies.clientAddress('10.1.2.3', '10.0.0.9, 127.0.0.1')).toBe('10.0.0.9');
    expect(proxies.clientAddress('not-an-ip', '1.2.3.4')).toBe('not-an-ip');
    expect(new TrustedProxies([]).clientAddress('10.1.2.3', '1.2.3.4')).toBe('10.1.2.3');
  });

  it('rejects entries that are not addresses or CIDR blocks', () => {
    expect(() => new TrustedProxies(['10.0.0.0/40'])).toThrow(/trustedProxies: "10.0.0.0\/40"/);
    expect(() => new TrustedProxies(['proxy.local'])).toThrow(/not an IP address/);
  });
});
