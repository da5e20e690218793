import pc from 'picocolors';
import type { Warning } from '../errors.js';

export const numberFormat = new Intl.NumberFormat('en-US');

export function n(value: number): string {
  return numberFormat.format(value);
}

/** `2026-11-24 19:04` in `zone`, for people; machine output stays ISO 8601 UTC. */
export function formatLocalTime(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Control characters from a log line must not drive the user's terminal. */
export function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

export function printWarning(warning: Warning): void {
  const where = warning.line === undefined ? warning.file : `${warning.file}:${warning.line}`;
  console.error(`${pc.yellow('warning')} ${where}: ${warning.message} (${warning.code})`);
}
