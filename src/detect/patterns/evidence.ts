/** Longest evidence string a match reports. */
export const EVIDENCE_LENGTH = 80;

/**
 * What a match reports: the matched text and the rest of its query parameter (up to the next
 * `&`), so `;cat /` reads `;cat /etc/passwd`; at most {@link EVIDENCE_LENGTH} characters.
 */
export function evidenceAt(text: string, index: number, matchLength: number): string {
  const parameterEnd = text.indexOf('&', index + matchLength);
  return text.slice(index, Math.min(parameterEnd < 0 ? text.length : parameterEnd, index + EVIDENCE_LENGTH));
}
