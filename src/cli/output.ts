import pc from 'picocolors';
import type { Warning } from '../errors.js';

export const numberFormat = new Intl.NumberFormat('en-US');

export function n(value: number): string {
  return numberFormat.format(value);
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
