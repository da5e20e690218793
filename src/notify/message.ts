import { createHash } from 'node:crypto';
import { SEVERITIES, severityRank, type Alert, type Severity } from '../detect/types.js';
import { formatLocalTime } from '../parse/time.js';
import { cap, escapeHtml, oneLine } from './sanitize.js';
import type { Message, MessageKind } from './types.js';

/** How a message reads: times in the organisation's zone. */
export interface MessageOptions {
  readonly timezone: string;
  /** Wall clock, injectable for tests. */
  readonly now?: Date;
}

/** What the incident was when it was last notified, for an escalation's "was". */
export interface Previous {
  readonly severity: Severity;
  readonly count: number;
}

const SUBJECT_CHARS = 200;
const EVIDENCE_LINES = 5;
const EVIDENCE_CHARS = 300;
const DIGEST_LISTED = 50;

const COLOURS: Record<Severity, string> = {
  // Okabe–Ito: told apart by colour-blind readers too; the word is always written beside it.
  critical: '#a3001b',
  high: '#d55e00',
  medium: '#b8860b',
  low: '#0072b2',
};

function highest(alerts: readonly Alert[]): Severity {
  let best: Severity = 'low';
  for (const alert of alerts) if (severityRank(alert.severity) > severityRank(best)) best = alert.severity;
  return best;
}

function listOf(values: readonly string[], total: number, max = 5): string {
  const shown = values.slice(0, max).map((v) => oneLine(v, 80));
  const more = total - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${String(more)} more` : '');
}

function period(alert: Alert, zone: string): string {
  const from = formatLocalTime(alert.first_seen, zone);
  const to = formatLocalTime(alert.last_seen, zone);
  return `${from} → ${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to} (${zone})`;
}

/** Label/value rows shared by the text and HTML bodies. */
function facts(alert: Alert, zone: string): [string, string][] {
  const rows: [string, string][] = [
    ['Severity', `${alert.severity.toUpperCase()} (${alert.category})`],
    ['When', period(alert, zone)],
    ['Where', listOf(alert.hosts, alert.hosts.length)],
  ];
  if (alert.source_ip_count > 0) {
    const n = alert.source_ip_count;
    rows.push(['From', `${listOf(alert.source_ips, n)} (${String(n)} address${n === 1 ? '' : 'es'})`]);
  }
  if (alert.users.length > 0) rows.push(['Users', listOf(alert.users, alert.users.length)]);
  rows.push(['Events', String(alert.count)]);
  rows.push(['Rule', `${alert.rule} · ${oneLine(alert.mitre, 120)}`]);
  rows.push(['Alert id', alert.id]);
  return rows;
}

function evidenceOf(alert: Alert): string[] {
  return alert.evidence.slice(0, EVIDENCE_LINES).map((line) => oneLine(line, EVIDENCE_CHARS));
}

function escalationNote(alert: Alert, previous: Previous | undefined): string | undefined {
  if (previous === undefined) return undefined;
  const parts: string[] = [];
  if (previous.severity !== alert.severity)
    parts.push(`severity rose from ${previous.severity} to ${alert.severity}`);
  if (alert.count !== previous.count)
    parts.push(`events grew from ${String(previous.count)} to ${String(alert.count)}`);
  return `Update on an incident already reported: ${parts.join('; ') || 'it goes on'}.`;
}

function alertText(alert: Alert, zone: string, note: string | undefined): string {
  const rows = facts(alert, zone).map(([label, value]) => `${label.padEnd(9)} ${value}`);
  const evidence = evidenceOf(alert).map((line) => `  ${line}`);
  return [
    oneLine(alert.message, 500),
    ...(note === undefined ? [] : ['', note]),
    '',
    ...rows,
    ...(evidence.length > 0 ? ['', 'Evidence (log lines)', ...evidence] : []),
    ...(alert.action === '' ? [] : ['', 'Next step', `  ${oneLine(alert.action, 1000)}`]),
  ].join('\n');
}

function alertHtml(alert: Alert, zone: string, note: string | undefined): string {
  const colour = COLOURS[alert.severity];
  const rows = facts(alert, zone)
    .map(
      ([label, value]) =>
        `<tr><th style="text-align:left;padding:2px 12px 2px 0;color:#555;font-weight:normal">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const evidence = evidenceOf(alert)
    .map((line) => escapeHtml(line))
    .join('\n');
  return [
    `<div style="border-left:6px solid ${colour};padding:4px 12px;margin:12px 0">`,
    `<p style="font-size:16px;margin:4px 0"><strong style="color:${colour}">${alert.severity.toUpperCase()}</strong> ${escapeHtml(oneLine(alert.message, 500))}</p>`,
    note === undefined ? '' : `<p style="margin:4px 0"><em>${escapeHtml(note)}</em></p>`,
    `<table style="border-collapse:collapse;font-size:14px">${rows}</table>`,
    evidence === ''
      ? ''
      : `<p style="margin:8px 0 2px">Evidence (log lines)</p><pre style="background:#f4f4f4;padding:8px;white-space:pre-wrap;word-break:break-all;font-size:12px">${evidence}</pre>`,
    alert.action === ''
      ? ''
      : `<p style="margin:8px 0 2px">Next step</p><p style="margin:2px 0"><code>${escapeHtml(oneLine(alert.action, 1000))}</code></p>`,
    '</div>',
  ].join('');
}

function page(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#222">${body}<p style="color:#888;font-size:12px">Sent by logwarden.</p></body></html>`;
}

function subjectFor(alert: Alert, kind: MessageKind): string {
  const prefix =
    kind === 'escalated'
      ? `[logwarden] ${alert.severity.toUpperCase()} (escalated)`
      : `[logwarden] ${alert.severity.toUpperCase()}`;
  const hosts = alert.hosts.length === 0 ? '' : ` on ${listOf(alert.hosts, alert.hosts.length, 2)}`;
  return oneLine(`${prefix} ${alert.category}${hosts}: ${alert.message}`, SUBJECT_CHARS);
}

/** The message for an incident that opened, or grew since `previous` was notified. */
export function alertMessage(alert: Alert, options: MessageOptions, previous?: Previous): Message {
  const kind: MessageKind = previous === undefined ? 'opened' : 'escalated';
  const note = escalationNote(alert, previous);
  return {
    id: `${alert.id}.${kind}.${alert.severity}.${String(alert.count)}`,
    kind,
    severity: alert.severity,
    subject: subjectFor(alert, kind),
    text: `${alertText(alert, options.timezone, note)}\n`,
    html: page(alertHtml(alert, options.timezone, note)),
    alerts: [alert],
    createdAt: (options.now ?? new Date()).toISOString(),
    ...(previous === undefined ? {} : { replyTo: `${alert.id}.opened` }),
  };
}

/** Many alerts in one message, most severe first: what a rate budget holds back. */
export function digestMessage(alerts: readonly Alert[], options: MessageOptions): Message {
  const sorted = [...alerts].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.first_seen < b.first_seen ? -1 : 1),
  );
  const bySeverity = SEVERITIES.slice()
    .reverse()
    .map((s) => [s, sorted.filter((a) => a.severity === s).length] as const)
    .filter(([, count]) => count > 0)
    .map(([s, count]) => `${String(count)} ${s}`)
    .join(', ');
  const hosts = [...new Set(sorted.flatMap((a) => a.hosts))].sort();
  const listed = sorted.slice(0, DIGEST_LISTED);
  const more = sorted.length - listed.length;
  const moreLine = more > 0 ? `… and ${String(more)} more in the alert log.` : undefined;
  const zone = options.timezone;
  const lineOf = (a: Alert): string =>
    `${a.severity.toUpperCase().padEnd(8)} ${formatLocalTime(a.first_seen, zone)}  ${oneLine(a.message, 300)}`;
  const text = [
    `${String(sorted.length)} alerts (${bySeverity}) held back by this channel's rate limit, times in ${zone}:`,
    '',
    ...listed.map(lineOf),
    ...(moreLine === undefined ? [] : ['', moreLine]),
    '',
    'Details of each: logwarden alerts log, or the alert log under the data directory.',
  ].join('\n');
  const items = listed.map((a) => alertHtml(a, zone, undefined)).join('');
  const html = page(
    `<p>${escapeHtml(`${String(sorted.length)} alerts (${bySeverity}) held back by this channel's rate limit, times in ${zone}.`)}</p>${items}${moreLine === undefined ? '' : `<p>${escapeHtml(moreLine)}</p>`}`,
  );
  const ids = createHash('sha256')
    .update(sorted.map((a) => `${a.id}.${a.severity}.${String(a.count)}`).join(','))
    .digest('hex')
    .slice(0, 16);
  return {
    id: `digest.${ids}`,
    kind: 'digest',
    severity: highest(sorted),
    subject: oneLine(
      `[logwarden] digest: ${String(sorted.length)} alerts (${bySeverity})${hosts.length > 0 ? ` on ${listOf(hosts, hosts.length, 3)}` : ''}`,
      SUBJECT_CHARS,
    ),
    text: `${text}\n`,
    html,
    alerts: sorted,
    createdAt: (options.now ?? new Date()).toISOString(),
  };
}

/** `notify test`: proves the way to people works, says so in plain words. */
export function testMessage(channel: string, options: MessageOptions): Message {
  const now = options.now ?? new Date();
  const when = formatLocalTime(now.toISOString(), options.timezone);
  const text = `This is a test message from logwarden through the channel "${cap(channel, 100)}", sent ${when} (${options.timezone}).\nIf you can read it, alerts will reach you here.\n`;
  return {
    id: `test.${String(now.getTime())}`,
    kind: 'test',
    severity: 'low',
    subject: oneLine(`[logwarden] test message for channel ${channel}`, SUBJECT_CHARS),
    text,
    html: page(`<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`),
    alerts: [],
    createdAt: now.toISOString(),
  };
}
