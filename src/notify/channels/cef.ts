import { isIP } from 'node:net';
import type { Alert, Severity } from '../../detect/types.js';
import { oneLine, plainText } from '../sanitize.js';

/**
 * ArcSight Common Event Format, the line most SIEMs (ArcSight, Sentinel, QRadar, Splunk's CEF
 * add-on) parse without a custom parser. Every value here can come from an attacker's log line,
 * so each is cleaned, escaped for its place in the line and capped: one alert is one line, and no
 * value can end its field early or forge another.
 */

const CEF_SEVERITY: Record<Severity, number> = { low: 3, medium: 5, high: 8, critical: 10 };

/** The CEF standard's limit for the longest string fields (`msg`, `cs1`…`cs6`). */
const MAX_VALUE = 1023;
/** The standard's limit for the header's Name. */
const MAX_NAME = 512;

// A header field ends at `|`; the extension is split on ` key=`. Line breaks in the extension are
// kept as literal `\r` / `\n` so a SIEM shows the CR LF an attacker put in a user name.
const HEADER_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '|': '\\|' };
const EXTENSION_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '=': '\\=',
  '\r': '\\r',
  '\n': '\\n',
};

/**
 * Escapes `text` and caps the escaped result at `max` characters. Capping after escaping could cut
 * an escape in two (a lone `\` would escape whatever follows), so the cut falls between characters
 * of the input, and a surrogate pair is never split.
 */
function escapeCapped(text: string, escapes: Readonly<Record<string, string>>, max: number): string {
  let escaped = '';
  for (const char of text) escaped += escapes[char] ?? char;
  if (escaped.length <= max) return escaped;
  let kept = '';
  for (const char of text) {
    const unit = escapes[char] ?? char;
    if (kept.length + unit.length > max - 1) break;
    kept += unit;
  }
  return `${kept}…`;
}

function headerField(text: string, max = MAX_VALUE): string {
  return escapeCapped(oneLine(text, Number.POSITIVE_INFINITY), HEADER_ESCAPES, max);
}

/** Terminal escapes and control characters go; CR and LF stay, to be written as `\r` / `\n`. */
function extensionValue(text: string): string {
  const cleaned = text
    .split(/([\r\n])/)
    .map((part) => (part === '\r' || part === '\n' ? part : plainText(part, Number.POSITIVE_INFINITY)))
    .join('');
  return escapeCapped(cleaned, EXTENSION_ESCAPES, MAX_VALUE);
}

function epochMs(iso: string): number | undefined {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

type Field = [key: string, value: string | number | undefined];

/** `csN` with the `csNLabel` that says what it holds; neither when there is nothing to hold. */
function customString(slot: number, label: string, value: string): Field[] {
  return value === ''
    ? []
    : [
        [`cs${slot}Label`, label],
        [`cs${slot}`, value],
      ];
}

/**
 * The source address field by family: CEF types `src` as IPv4 and has `c6a2` for an IPv6 source,
 * and a strict parser drops an event whose `src` does not fit. A CIDR block (a /24 that scanned)
 * is no address; all sources are in `cs3` anyway.
 */
function sourceAddress(alert: Alert): Field[] {
  const first = alert.source_ips[0];
  if (first === undefined) return [];
  switch (isIP(first)) {
    case 4:
      return [['src', first]];
    case 6:
      return [
        ['c6a2Label', 'Source IPv6 Address'],
        ['c6a2', first],
      ];
    default:
      return [];
  }
}

/** One alert as one CEF line (no trailing newline). */
export function formatCef(alert: Alert, options: { readonly productVersion: string }): string {
  const header = [
    'CEF:0',
    'logwarden',
    'logwarden',
    headerField(options.productVersion),
    headerField(alert.rule),
    headerField(alert.message, MAX_NAME),
    String(CEF_SEVERITY[alert.severity]),
  ].join('|');

  const fields: Field[] = [
    ['rt', epochMs(alert.last_seen)],
    ['start', epochMs(alert.first_seen)],
    ['end', epochMs(alert.last_seen)],
    ...sourceAddress(alert),
    ['cnt', alert.count],
    ['dhost', alert.hosts[0]],
    ['duser', alert.users[0]],
    ['cat', alert.category],
    ['msg', alert.message],
    ['externalId', alert.id],
    ...customString(1, 'rule', alert.rule),
    ...customString(2, 'mitre', alert.mitre),
    ...customString(3, 'sourceIps', alert.source_ips.join(',')),
    ...customString(4, 'action', alert.action),
  ];
  const extension = fields
    .filter((field): field is [string, string | number] => field[1] !== undefined && field[1] !== '')
    .map(([key, value]) => `${key}=${typeof value === 'number' ? value : extensionValue(value)}`)
    .join(' ');
  return `${header}|${extension}`;
}
