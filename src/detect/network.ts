import { BlockList, isIP } from 'node:net';
import { ownKey } from './strings.js';

const prefixCache = new Map<string, string>();
const MAX_CACHED = 50_000;

let lastIp = '';
let lastPrefix = '';

/** The network an address belongs to for grouping: IPv4 /24, IPv6 /64 (`2001:db8:1:2::/64`). */
export function networkPrefix(ip: string): string {
  // Several rules ask for the network of the same event's address in a row.
  if (ip === lastIp) return lastPrefix;
  const cached = prefixCache.get(ip);
  if (cached !== undefined) {
    lastIp = ip;
    lastPrefix = cached;
    return cached;
  }
  let prefix: string;
  const family = isIP(ip);
  if (family === 4) {
    prefix = `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  } else if (family === 6) {
    prefix = `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
  } else {
    prefix = ip;
  }
  if (prefixCache.size >= MAX_CACHED) prefixCache.clear();
  prefix = ownKey(prefix);
  lastIp = ownKey(ip);
  lastPrefix = prefix;
  prefixCache.set(lastIp, prefix);
  return prefix;
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = Math.max(0, 8 - left.length - right.length);
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((h) => h.replace(/^0+(?=.)/, ''));
}

export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly type: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128); undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', bits, extra] = text.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d+$/.test(bits)) return undefined;
  const prefix = bits === undefined ? max : Number(bits);
  if (prefix > max) return undefined;
  return { address, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
}

/** A set of addresses and CIDR blocks, matched in constant time per address family. */
export class AddressSet {
  private readonly list = new BlockList();
  /** BlockList lookups cost a microsecond; addresses repeat, so answers are remembered. */
  private readonly answers = new Map<string, boolean>();
  readonly size: number;

  constructor(entries: readonly string[]) {
    let size = 0;
    for (const entry of entries) {
      const cidr = parseCidr(entry);
      if (cidr === undefined) continue;
      this.list.addSubnet(cidr.address, cidr.prefix, cidr.type);
      size++;
    }
    this.size = size;
  }

  has(ip: string | undefined): boolean {
    if (ip === undefined || this.size === 0) return false;
    const known = this.answers.get(ip);
    if (known !== undefined) return known;
    const family = isIP(ip);
    const answer = family !== 0 && this.list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    if (this.answers.size >= MAX_CACHED) this.answers.clear();
    this.answers.set(ownKey(ip), answer);
    return answer;
  }
}
