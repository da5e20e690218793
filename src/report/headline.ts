import type { HostCoverage, IncidentRow } from './model.js';
import { plural } from '../words.js';

const PLAIN: Record<string, string> = {
  'brute-force': 'password guessing',
  scan: 'scanning',
  'web-attack': 'attacks on the web application',
  'error-spike': 'server errors',
  compromise: 'a login that succeeded after guessing',
  anomaly: 'unusual activity',
  ioc: 'known-bad addresses',
  health: 'problems with logwarden itself',
};

/** The one sentence at the top: does anything need doing this week, and what. */
export function headlineSentence(
  incidents: readonly IncidentRow[],
  coverage: readonly HostCoverage[],
): { sentence: string; needsAction: boolean } {
  const critical = incidents.filter((i) => i.severity === 'critical');
  const high = incidents.filter((i) => i.severity === 'high');
  const what = (list: readonly IncidentRow[]): string =>
    [...new Set(list.map((i) => PLAIN[i.category] ?? i.category))].join(', ');
  const gaps = coverage.filter((c) => c.gaps.length > 0).map((c) => c.host);
  const gapNote = gaps.length > 0 ? ` Some logs are missing (${gaps.join(', ')}): see data coverage.` : '';
  if (critical.length > 0) {
    return {
      needsAction: true,
      sentence: `Action needed: ${plural(critical.length, 'critical incident')} (${what(critical)}) on ${[...new Set(critical.flatMap((i) => i.hosts))].join(', ')}; follow the next step listed for each in the incidents table.${gapNote}`,
    };
  }
  if (high.length > 0) {
    return {
      needsAction: true,
      sentence: `Action needed: ${plural(high.length, 'high-severity incident')} (${what(high)}); check each one below and block the addresses that are still active.${gapNote}`,
    };
  }
  if (incidents.length > 0) {
    return {
      needsAction: false,
      sentence: `Nothing needs action: ${plural(incidents.length, 'incident')} this week, all of medium or low severity (${what(incidents)}).${gapNote}`,
    };
  }
  return { needsAction: false, sentence: `Nothing needs action: no incidents this week.${gapNote}` };
}
