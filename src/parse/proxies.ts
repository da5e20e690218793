import { BlockList, isIP } from 'node:net';
import { LogwardenError, ErrorCodes } from '../errors.js';

/**
 * Addresses whose X-Forwarded-For header is believed. The client is the right-most
 * address in X-Forwarded-For that is not itself a trusted proxy.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) addEntry(this.list, entry);
    this.size = entries.length;
  }

  isTrusted(address: string): boolean {
    if (this.size === 0) return false;
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }

  /** The client address for a request whose peer is `peer` and whose X-Forwarded-For is `forwardedFor`. */
  clientAddress(peer: string, forwardedFor: string | undefined): string {
    if (forwardedFor === undefined || forwardedFor === '' || forwardedFor === '-' || !this.isTrusted(peer)) {
      return peer;
    }
    let end = forwardedFor.length;
    let candidate = peer;
    while (end > 0) {
      const comma = forwardedFor.lastIndexOf(',', end - 1);
      const hop = stripPort(forwardedFor.slice(comma + 1, end).trim());
      end = comma < 0 ? 0 : comma;
      if (hop === '' || isIP(hop) === 0) return candidate;
      candidate = hop;
      if (!this.isTrusted(hop)) return hop;
    }
    return candidate;
  }
}

function stripPort(hop: string): string {
  if (hop.startsWith('[')) {
    const close = hop.indexOf(']');
    return close > 0 ? hop.slice(1, close) : hop;
  }
  const colon = hop.indexOf(':');
  if (colon > 0 && !hop.includes(':', colon + 1)) return hop.slice(0, colon);
  return hop;
}

function addEntry(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  const prefix = slash < 0 ? (family === 4 ? 32 : 128) : Number(entry.slice(slash + 1));
  const maxPrefix = family === 4 ? 32 : 128;
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
    throw new LogwardenError(
      ErrorCodes.configInvalid,
      `trustedProxies: "${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)`,
    );
  }
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
}
