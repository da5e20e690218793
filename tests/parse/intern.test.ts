import { describe, expect, it } from 'vitest';
import { Interner } from '../../src/parse/intern.js';
import { canonical } from '../../src/events.js';

describe('Interner', () => {
  it('hands out one string for equal values cut from different lines', () => {
    const names = new Interner();
    const a = names.intern('Failed password for root from 203.0.113.9 port 22'.slice(30, 41));
    const b = names.intern('Invalid user admin from 203.0.113.9'.slice(24));
    expect(a).toBe('203.0.113.9');
    expect(b).toBe(a);
  });

  it('gives back the value itself whatever the table holds', () => {
    const names = new Interner();
    const values = Array.from({ length: 20_000 }, (_, i) => `10.${String(i >> 8)}.${String(i & 255)}.1`);
    for (const value of values) expect(names.intern(value)).toBe(value);
    const long = 'x'.repeat(500);
    expect(names.intern(long)).toBe(long);
  });
});

describe('canonical', () => {
  it('gives back the same text, short or long, odd names included', () => {
    const line = 'Nov 24 03:00:00 web1 sshd[812]: Failed password for root from 185.220.101.47 port 4 ssh2';
    expect(canonical(line.slice(62, 76))).toBe('185.220.101.47');
    for (const text of ['', '__proto__', 'constructor', '12345', 'ü-ser', 'x'.repeat(97), line]) {
      expect(canonical(text)).toBe(text);
    }
  });
});

describe('Interner.internName', () => {
  it('hands out one string per name, and the name itself whatever collides', () => {
    const names = new Interner();
    const a = names.internName('Failed password for oracle from 1.2.3.4'.slice(20, 26));
    expect(names.internName('Invalid user oracle'.slice(13))).toBe(a);
    const values = Array.from({ length: 5_000 }, (_, i) => `user${String(i)}`);
    for (const value of values) expect(names.internName(value)).toBe(value);
    expect(names.internName('')).toBe('');
    expect(names.internName('x'.repeat(100))).toBe('x'.repeat(100));
  });
});
