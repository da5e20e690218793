import type { Event } from '../../events.js';

/**
 * Shared helpers of the access-log parsers: the request line, quoted fields and the escapes
 * Apache (`\"`, `\\`, `\n`) and nginx (`\xHH`) write into them. All scanning is by char code.
 */

const SPACE = 32;
const BACKSLASH = 92;

/** True when the quote at `at` is escaped by an odd number of backslashes before it. */
export function isEscaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) n++;
  return (n & 1) === 1;
}

/**
 * Index of the `"` closing a quoted field whose content starts at `from`: the first unescaped quote
 * followed by a space or the end of the line. -1 when there is none.
 */
export function closingQuote(text: string, from: number): number {
  let q = text.indexOf('"', from);
  while (q >= 0) {
    if (!isEscaped(text, q)) {
      const next = text.charCodeAt(q + 1);
      if (next === SPACE || Number.isNaN(next)) return q;
    }
    q = text.indexOf('"', q + 1);
  }
  return -1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  v: '\v',
};

/**
 * Undoes the escaping web servers apply to logged fields: `\"`, `\\`, `\n`, `\t`, … (Apache) and
 * `\xHH` (both; runs of `\xHH` bytes are decoded as UTF-8). Anything else is kept as written.
 */
export function unescapeLogged(text: string): string {
  let at = text.indexOf('\\');
  if (at < 0) return text;
  let out = text.slice(0, at);
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    out += Buffer.from(bytes).toString('utf8');
    bytes = [];
  };
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c === BACKSLASH && at + 1 < text.length) {
      const next = text.charAt(at + 1);
      if (next === 'x' || next === 'X') {
        const hi = hexValue(text.charCodeAt(at + 2));
        const lo = hexValue(text.charCodeAt(at + 3));
        if (hi >= 0 && lo >= 0) {
          bytes.push(hi * 16 + lo);
          at += 4;
          continue;
        }
      } else {
        const simple = SIMPLE_ESCAPES[next];
        if (simple !== undefined) {
          flush();
          out += simple;
          at += 2;
          continue;
        }
      }
    }
    flush();
    out += text.charAt(at);
    at++;
  }
  flush();
  return out;
}

function isMethodChar(c: number): boolean {
  // RFC 9110 token characters commonly used in methods: letters, digits, - _ .
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46
  );
}

function isDigitAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

/** `HTTP/d.d` or `HTTP/d` from `at` to the end; by char code (`startsWith` at an offset costs more). */
function isProtocol(text: string, at: number): boolean {
  if (
    text.charCodeAt(at) !== 72 /* H */ ||
    text.charCodeAt(at + 1) !== 84 /* T */ ||
    text.charCodeAt(at + 2) !== 84 ||
    text.charCodeAt(at + 3) !== 80 /* P */ ||
    text.charCodeAt(at + 4) !== 47 /* / */
  ) {
    return false;
  }
  const rest = text.length - at - 5;
  if (rest === 1) return isDigitAt(text, at + 5); // HTTP/2, HTTP/3
  return rest === 3 && isDigitAt(text, at + 5) && text.charCodeAt(at + 6) === 46 && isDigitAt(text, at + 7);
}

/**
 * Splits a request line `METHOD SP target SP PROTOCOL` into the event (method, path as logged,
 * protocol). Anything else — TLS handshake bytes, `-`, an empty field, junk, a missing protocol —
 * marks the event `malformed` and sets none of them. `request` is the field as logged (escaped);
 * `plain`: the caller knows it has no backslash.
 */
export function applyRequest(event: Event, logged: string, plain = false): void {
  const request = plain || !logged.includes('\\') ? logged : unescapeLogged(logged);
  const first = request.indexOf(' ');
  const last = request.lastIndexOf(' ');
  if (first <= 0 || last <= first + 1 || last === request.length - 1) {
    event.malformed = true;
    return;
  }
  for (let i = 0; i < first; i++) {
    if (!isMethodChar(request.charCodeAt(i))) {
      event.malformed = true;
      return;
    }
  }
  if (!isProtocol(request, last + 1) || request.charCodeAt(first + 1) === SPACE) {
    event.malformed = true;
    return;
  }
  event.method = request.slice(0, first);
  event.path = request.slice(first + 1, last);
  event.protocol = request.slice(last + 1);
}

/**
 * The value of an optional text field: undefined for `-` and empty, unescaped otherwise. `plain`:
 * the caller knows the text has no backslash (one search of the line instead of one per field).
 */
export function optionalText(text: string, plain = false): string | undefined {
  if (text === '' || text === '-') return undefined;
  return plain || !text.includes('\\') ? text : unescapeLogged(text);
}

/** Non-negative integer written in `text[from, to)`; -1 when empty or not all digits. */
export function intBetween(text: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** A byte count: digits, or `-` for none (0). -1 when neither. */
export function bytesBetween(text: string, from: number, to: number): number {
  if (to === from + 1 && text.charCodeAt(from) === 45) return 0;
  return intBetween(text, from, to);
}

/** Strips a `:port` from a logged client address (`1.2.3.4:5678`, `[2001:db8::1]:443`). */
export function stripPort(address: string): string {
  if (address.charCodeAt(0) === 91 /* [ */) {
    const close = address.indexOf(']');
    return close > 0 ? address.slice(1, close) : address;
  }
  const colon = address.indexOf(':');
  if (colon > 0 && !address.includes(':', colon + 1)) return address.slice(0, colon);
  return address;
}
