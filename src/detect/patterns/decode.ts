import { Buffer } from 'node:buffer';

/**
 * Decoding of request text before attack matching: what an application behind the web server
 * would see after one, two or three rounds of URL-decoding, so `%2527` and `%252e%252e%252f`
 * match like `'` and `../`. Pure and total: invalid escapes stay as written, invalid UTF-8
 * becomes U+FFFD, nothing throws.
 */

const PERCENT = 37;
const PLUS = 43;
/** Double encoding is common, triple is seen; more rounds only help someone hiding from us. */
const MAX_ROUNDS = 3;

/**
 * `s` URL-decoded up to three rounds (`+` is a space in the first), with IIS `%uXXXX` escapes and
 * HTML character references (`&lt;`, `&#39;`, `&#x27;`) resolved, then lowercased.
 */
export function decodeForMatching(s: string): string {
  return decode(s, true);
}

/**
 * Like {@link decodeForMatching}, for the path component of a request target, where `+` is a
 * plain character (Cisco's `/+CSCOE+/`), not a space.
 */
export function decodePathForMatching(s: string): string {
  return decode(s, false);
}

/** An escape another round would decode (the text is lowercased by then). */
const REMAINING_ESCAPE = /%(?:[0-9a-f]{2}|u[0-9a-f]{4})/;
/** The start of a character reference: `&#` or a name ending in `;`. */
const REFERENCE_START = /&(?:#|[a-z]{2,8};)/i;

function decode(s: string, plusIsSpace: boolean): string {
  let text: string;
  if (s.includes('%') || (plusIsSpace && s.includes('+'))) {
    text = decodePercentOnce(s, plusIsSpace);
    for (let round = 1; round < MAX_ROUNDS && REMAINING_ESCAPE.test(text); round++) {
      text = decodePercentOnce(text, false);
    }
  } else {
    text = s.toLowerCase();
  }
  return REFERENCE_START.test(text) ? text.replace(CHARACTER_REFERENCE, decodeReference) : text;
}

/** Hex digit values by byte, -1 for anything else. */
const HEX_DIGIT = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_DIGIT[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_DIGIT[65 + i] = 10 + i;
  HEX_DIGIT[97 + i] = 10 + i;
}

/** The byte of a `%XX` escape at `buf[at]` (within `n` bytes), or -1. */
function escapedByteAt(buf: Uint8Array, at: number, n: number): number {
  if (at + 2 >= n || buf[at] !== PERCENT) return -1;
  const hi = HEX_DIGIT[buf[at + 1] ?? 0] ?? -1;
  const lo = HEX_DIGIT[buf[at + 2] ?? 0] ?? -1;
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** The code unit of a `%uXXXX` escape at `buf[at]` (within `n` bytes), or -1. */
function unicodeEscapeAt(buf: Uint8Array, at: number, n: number): number {
  if (at + 5 >= n || ((buf[at + 1] ?? 0) | 32) !== 117 /* u */) return -1;
  let value = 0;
  for (let i = at + 2; i < at + 6; i++) {
    const digit = HEX_DIGIT[buf[i] ?? 0] ?? -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

const isContinuation = (b: number): boolean => (b & 0xc0) === 0x80;

/** Decoding works on UTF-8 bytes in this buffer, reused while inputs are ordinary sizes. */
const SCRATCH_LIMIT = 64 * 1024;
let scratch = Buffer.allocUnsafe(4096);
const encoder = new TextEncoder();

function bufferFor(bytes: number): Buffer {
  if (bytes <= scratch.length) return scratch;
  if (bytes > SCRATCH_LIMIT) return Buffer.allocUnsafe(bytes);
  scratch = Buffer.allocUnsafe(SCRATCH_LIMIT);
  return scratch;
}

/** Writes the UTF-8 of a UTF-16 code unit from `%uXXXX` (U+FFFD for a surrogate); returns the new offset. */
function writeUnit(buf: Uint8Array, o: number, unit: number): number {
  const cp = unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit;
  if (cp < 0x800) {
    buf[o] = 0xc0 | (cp >> 6);
    buf[o + 1] = 0x80 | (cp & 0x3f);
    return o + 2;
  }
  buf[o] = 0xe0 | (cp >> 12);
  buf[o + 1] = 0x80 | ((cp >> 6) & 0x3f);
  buf[o + 2] = 0x80 | (cp & 0x3f);
  return o + 3;
}

/**
 * One round of percent-decoding, lowercased. The text is encoded to UTF-8 once, decoded in place
 * (output is never longer than input) and read back as UTF-8: invalid sequences become U+FFFD.
 * Overlong forms of ASCII (`%c0%ae` for `.`, `%c0%af` for `/`) are invalid UTF-8, but old IIS and
 * Tomcat decoded them and traversal payloads still use them, so they become what they spell.
 */
function decodePercentOnce(s: string, plusIsSpace: boolean): string {
  const buf = bufferFor(s.length * 3);
  const n = encoder.encodeInto(s, buf).written;
  let w = 0;
  let ascii = true;
  for (let r = 0; r < n; r++) {
    let b = buf[r] ?? 0;
    if (b === PERCENT) {
      const byte = escapedByteAt(buf, r, n);
      if (byte >= 0) {
        b = byte;
        r += 2;
        if (byte === 0xc0 || byte === 0xc1 || byte === 0xe0) {
          const second = escapedByteAt(buf, r + 1, n);
          const third = escapedByteAt(buf, r + 4, n);
          if (byte !== 0xe0 && isContinuation(second)) {
            b = ((byte & 1) << 6) | (second & 0x3f);
            r += 3;
          } else if (byte === 0xe0 && (second === 0x80 || second === 0x81) && isContinuation(third)) {
            b = ((second & 1) << 6) | (third & 0x3f);
            r += 6;
          }
        }
      } else {
        const unit = unicodeEscapeAt(buf, r, n);
        if (unit >= 0x80) {
          w = writeUnit(buf, w, unit);
          r += 5;
          ascii = false;
          continue;
        }
        if (unit >= 0) {
          b = unit;
          r += 5;
        }
      }
    } else if (b === PLUS && plusIsSpace) {
      b = 32;
    }
    if (b >= 65 && b <= 90) b += 32;
    else if (b >= 0x80) ascii = false;
    buf[w++] = b;
  }
  return ascii ? buf.toString('latin1', 0, w) : buf.toString('utf8', 0, w).toLowerCase();
}

/** Numeric references (`&#39;`, `&#x27`; the `;` is optional in browsers) and a few named ones. */
const CHARACTER_REFERENCE = /&(?:#x([0-9a-f]{1,6});?|#(\d{1,10});?|([a-z]{2,8});)/gi;

const NAMED_REFERENCES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['amp', '&'],
  ['colon', ':'],
  ['semi', ';'],
  ['sol', '/'],
  ['bsol', '\\'],
  ['lpar', '('],
  ['rpar', ')'],
  ['lcub', '{'],
  ['rcub', '}'],
  ['dollar', '$'],
  ['grave', '`'],
  ['equals', '='],
  ['tab', '\t'],
  ['newline', '\n'],
]);

function decodeReference(
  reference: string,
  hex: string | undefined,
  decimal: string | undefined,
  name: string | undefined,
): string {
  if (name !== undefined) return NAMED_REFERENCES.get(name.toLowerCase()) ?? reference;
  const cp = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp).toLowerCase() : reference;
}
