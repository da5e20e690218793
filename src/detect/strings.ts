import { canonical } from '../events.js';

/**
 * A copy of a string that does not keep its source alive. Lines are cut from a whole decoded
 * chunk of the file, and V8 makes a substring a view into its parent: a map keyed by an address
 * taken from a line would otherwise hold on to 64 KiB of log per key. Everything detection keeps
 * beyond the current event goes through this or {@link ownKey}.
 */
export function own(text: string): string {
  // Slicing a concatenation flattens it into a new string first; the result points into that.
  return (' ' + text).slice(1);
}

/**
 * {@link own} for a map key that events look up by address, network or host: the one shared
 * copy of the text ({@link canonical}), the very string the syslog parser gives auth events, so
 * their lookups compare by reference. Dearer than {@link own} (a few hundred nanoseconds): for
 * keys, which are stored once and looked up many times, not for values stored once each (paths).
 */
export function ownKey(text: string): string {
  return canonical(text);
}

/** Slots of {@link quickSlot}: a power of two. */
export const QUICK_SLOTS = 4096;

/**
 * A slot in [0, QUICK_SLOTS) from the length and a few characters of a short string (an address,
 * mostly from its end, where addresses differ). To rule a value out before a Map lookup: V8
 * hashes a fresh string on its first lookup, in a call that costs more than the lookup.
 */
export function quickSlot(text: string): number {
  const n = text.length;
  let hash = Math.imul(n, 0x9e3779b1);
  hash = Math.imul(hash ^ text.charCodeAt(n - 1), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(n - 2), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(n - 3), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(n >> 1), 0x01000193);
  return (hash ^ (hash >>> 15)) & (QUICK_SLOTS - 1);
}
