import { canonical } from '../events.js';

/** Slots of the table: a power of two, many times more than the addresses active at once. */
const SLOTS = 16_384;
const MASK = SLOTS - 1;
/** Longer values are not names anyone repeats (or are attacks): passed through, never kept. */
const MAX_LENGTH = 64;

/**
 * One shared copy of each recent address, the same string object every time: the
 * {@link canonical} one, which the rules' maps also hold as their key for it.
 * A string cut from a line has no hash yet: V8 computes it on its first Map lookup, in a call out
 * of the lookup that costs more than the lookup itself, and then compares the text with the
 * stored key's. The rules look an auth event's address up a dozen times in maps of their own; a
 * string seen before arrives with its hash known and is the very key they stored.
 * Two-way (a value's two slots keep the last two strings that landed on them), so memory is
 * fixed; the copies do not keep the chunk of the file they were cut from alive.
 */
export class Interner {
  private readonly slots: string[] = new Array<string>(SLOTS).fill('');

  intern(text: string): string {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = hashStep(hash, text.charCodeAt(i));
    return this.internHashed(text, hash);
  }

  /**
   * {@link intern} for short names (user names), placed by their length and three characters
   * instead of a hash of all of them: cheaper per call, more collisions (each costs a copy).
   */
  internName(text: string): string {
    const n = text.length;
    if (n === 0 || n > MAX_LENGTH) return text;
    let hash = Math.imul(n, 0x9e3779b1);
    hash = Math.imul(hash ^ text.charCodeAt(0), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(n - 1), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(n >> 1), 0x01000193);
    return this.internHashed(text, hash);
  }

  /**
   * {@link intern} for a caller that has already read every character (to validate an address)
   * and folded each into `hash` with {@link hashStep}: no second pass over the text.
   */
  internHashed(text: string, hash: number): string {
    if (text.length > MAX_LENGTH) return text;
    const mixed = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
    // Two slots per value (an even one and its neighbour), the most recent first: two addresses
    // that land on the same slot no longer push each other out on every line.
    const slot = (mixed ^ (mixed >>> 16)) & MASK & ~1;
    const slots = this.slots;
    const first = slots[slot];
    if (first === text) return first;
    const second = slots[slot + 1];
    if (second === text) {
      slots[slot + 1] = first ?? '';
      slots[slot] = second;
      return second;
    }
    const copy = canonical(text);
    slots[slot + 1] = first ?? '';
    slots[slot] = copy;
    return copy;
  }
}

/** One character into an FNV-1a hash (start from 0x811c9dc5). */
export function hashStep(hash: number, c: number): number {
  return Math.imul(hash ^ c, 0x01000193);
}
