/** Slots of the table: a power of two, a few times more than the addresses active at once. */
const SLOTS = 4096;
const MASK = SLOTS - 1;
/** Longer values are not names anyone repeats (or are attacks): passed through, never kept. */
const MAX_LENGTH = 64;

/**
 * A copy of a string that does not keep its source alive: a substring is a view into the whole
 * decoded chunk it was cut from (parse may not import detect, which has the same helper).
 */
export function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * One shared copy of each recent address or user name, the same string object every time.
 * A string cut from a line has no hash yet: V8 computes it on its first Map lookup, in a call out
 * of the lookup that costs more than the lookup itself. The rules look an auth event's address
 * and user up a dozen times in maps of their own; a string seen before arrives with its hash known.
 * Direct-mapped (a slot keeps the last string that hashed to it), so memory is fixed; the copies
 * do not keep the chunk of the file they were cut from alive.
 */
export class Interner {
  private readonly slots: string[] = new Array<string>(SLOTS).fill('');

  intern(text: string): string {
    const n = text.length;
    if (n > MAX_LENGTH) return text;
    // Length and a few characters, mostly from the end (where addresses differ): hashing every
    // character would cost half of what interning saves.
    let hash = Math.imul(n, 0x9e3779b1);
    hash = Math.imul(hash ^ text.charCodeAt(n - 1), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(n - 2), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(n - 3), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(n - 5), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(n >> 1), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(0), 0x01000193);
    const slot = (hash ^ (hash >>> 15)) & MASK;
    const known = this.slots[slot];
    if (known === text) return known;
    const copy = ownCopy(text);
    this.slots[slot] = copy;
    return copy;
  }
}
