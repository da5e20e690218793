import { decodeForMatching } from './decode.js';
import { evidenceAt } from './evidence.js';
import { findLog4Shell, findShellshock, findTemplateInjection } from './expressions.js';
import { CMDI, SQL_COMMENT, SQLI, TRAVERSAL, XSS } from './payloads.js';

/**
 * Injection payloads in a request target (path and query) or a request header. This runs for
 * every request, so a benign target must cost almost nothing: a few scans of the raw text decide
 * whether it could carry a payload at all, and only the few that could are decoded and matched
 * against the payload expressions of `payloads.ts` and `expressions.ts`.
 */

export type InjectionType = 'sqli' | 'xss' | 'traversal' | 'cmdi' | 'log4shell' | 'shellshock' | 'ssti';

export interface InjectionMatch {
  type: InjectionType;
  /** The matched text, decoded and lowercased, with the rest of its parameter; at most 80 characters. */
  evidence: string;
}

/**
 * Characters that every payload needs one of, raw or percent-encoded, and `%25` before what could
 * be a second escape. Escaped letters and digits count too: browsers never encode them, evasion
 * does. Left out, because ordinary searches are full of them: space, `+`, `,`, `!`, `=`, `?`, `&`
 * (raw or escaped), a raw `)`, `50%25+off` and non-ASCII (`%C3%BC`).
 */
const SUSPECT_CHARACTER =
  /['"<>$;|`({\\*[#]|%(?:[01][0-9a-f]|2[2-47-9ad-f]|25[0-9a-fu]|3[0-9a-ce]|[46][0-9a-f]|[57][0-9a-c]|u[0-9a-f]{4}|c[01]|e0%[89])/i;
/** Payloads made of ordinary characters: `../`, `://`, `&&`, `/etc/passwd`, `win.ini`. */
const SUSPECT_SEQUENCE = /\.\.\/|:\/\/|(?:&|%26){2}|etc\/|proc\/|\.ini/i;
/** A space, however written; SQL keywords need them. */
const SPACE = /[+ ]|%20/;
/** SQL that needs nothing but words and spaces: `union+select+1,2`, `1+or+1=1`, `order+by+9--`. */
const SUSPECT_WORDS = /union|[\d)](?:\+|%20|\s)*(?:or|and|xor)(?:\+|%20|\s)|@@|--/i;

/**
 * False when `target` cannot carry any payload the expressions below know, however it is encoded
 * (a property the tests check on random input). Two or three scans of the raw text with character
 * classes and literals; the ordinary request never reaches the decoder.
 */
function mayCarryInjection(target: string): boolean {
  return (
    SUSPECT_CHARACTER.test(target) ||
    SUSPECT_SEQUENCE.test(target) ||
    (SPACE.test(target) && SUSPECT_WORDS.test(target))
  );
}

const FAMILIES: readonly (readonly [InjectionType, RegExp])[] = [
  ['cmdi', CMDI],
  ['traversal', TRAVERSAL],
  ['xss', XSS],
];

/** The first injection payload in a request target (path and query), or undefined. */
export function findInjection(target: string): InjectionMatch | undefined {
  return mayCarryInjection(target) ? findInjectionInDecoded(decodeForMatching(target)) : undefined;
}

/**
 * The first injection payload in text already through `decodeForMatching`, without the cheap
 * pre-check of {@link findInjection}. Expression languages come first (they are the most specific),
 * then SQL, commands, traversal and script.
 */
export function findInjectionInDecoded(text: string): InjectionMatch | undefined {
  const expression = findExpressionInjection(text);
  if (expression !== undefined) return expression;
  const sqlText = text.includes('/*') ? text.replace(SQL_COMMENT, ' ') : text;
  const sql = SQLI.exec(sqlText);
  if (sql !== null) return { type: 'sqli', evidence: evidenceAt(sqlText, sql.index, sql[0].length) };
  for (const [type, pattern] of FAMILIES) {
    const m = pattern.exec(text);
    if (m !== null) return { type, evidence: evidenceAt(text, m.index, m[0].length) };
  }
  return undefined;
}

/** Log4Shell and Shellshock both need a `{`: raw, percent-encoded (once or more), `%u007b` or `&#123;`. */
const HEADER_SUSPECT = /\{|%(?:25)*7b|%u007b|&#(?:x0*7b|0*123)/i;

/** Whether `value` has a character the above starts with (`includes` scans long text faster than a regex). */
const mayHideBrace = (value: string): boolean =>
  value.includes('{') || value.includes('%') || value.includes('&');

/**
 * An injection payload in a header value such as the user agent or referer: Log4Shell and
 * Shellshock, which scanners spray through every header. Browser user agents are full of `;` and
 * `(`, so the path checks are not run here.
 */
export function findHeaderInjection(value: string): InjectionMatch | undefined {
  return mayHideBrace(value) && HEADER_SUSPECT.test(value)
    ? findExpressionInjection(decodeForMatching(value))
    : undefined;
}

function findExpressionInjection(text: string): InjectionMatch | undefined {
  if (text.includes('${')) {
    const evidence = findLog4Shell(text);
    if (evidence !== undefined) return { type: 'log4shell', evidence };
  }
  if (text.includes('{')) {
    const evidence = findShellshock(text);
    if (evidence !== undefined) return { type: 'shellshock', evidence };
  }
  if (
    text.includes('{') ||
    text.includes('<%') ||
    text.includes('java.lang') ||
    text.includes('_memberaccess')
  ) {
    const evidence = findTemplateInjection(text);
    if (evidence !== undefined) return { type: 'ssti', evidence };
  }
  return undefined;
}
