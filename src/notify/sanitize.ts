/**
 * Values that came from log lines (user names, paths, user agents) are written by attackers.
 * Before they reach a mail header, an HTML page, a syslog field or a chat message they are
 * cleaned here: no control characters (CR/LF header injection, ANSI escapes), a bounded length.
 */

// ESC-introduced sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`, two-byte escapes).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Cuts to `max` characters, marking the cut with `…`. */
export function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** One line: escapes removed, every control character (CR and LF too) a space, at most `max`. */
export function oneLine(text: string, max = 200): string {
  return cap(text.replace(ANSI, '').replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim(), max);
}

/** Multi-line text: escapes and control characters removed, newlines kept, at most `max`. */
export function plainText(text: string, max = 20_000): string {
  return cap(text.replace(ANSI, '').replace(/\r\n?/g, '\n').replace(CONTROL_BUT_NEWLINE, ' '), max);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in HTML text and in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
