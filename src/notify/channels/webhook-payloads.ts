import type { Alert, Severity } from '../../detect/types.js';
import { oneLine, plainText } from '../sanitize.js';
import type { Message } from '../types.js';

/**
 * The bodies a webhook posts. `json` is the data as it is (JSON encoding keeps it intact and
 * harmless; the receiver escapes for where it shows it). `slack` and `teams` are rendered as chat
 * markup, so every value that came from a log line is cleaned to one line, capped, and escaped
 * for that markup: an attacker's user name or path must not forge a link, a mention or layout.
 */

export type WebhookFormat = 'json' | 'slack' | 'teams';

/** Alerts a digest lists one by one; the rest are counted (a chat message is read, not searched). */
const DIGEST_LISTED = 20;
const EVIDENCE_LINES = 5;
const EVIDENCE_LINE_CHARS = 300;
/** Slack's limits: text of a section, of a field (Block Kit reference); fields per section. */
const SLACK_SECTION_CHARS = 3000;
const SLACK_FIELD_CHARS = 2000;
const SLACK_FIELDS = 10;

export function webhookPayload(format: WebhookFormat, message: Message): object {
  switch (format) {
    case 'json':
      return jsonPayload(message);
    case 'slack':
      return slackPayload(message);
    case 'teams':
      return teamsPayload(message);
  }
}

export function jsonPayload(message: Message): object {
  const { kind, severity, subject, text, createdAt, id, alerts } = message;
  return { kind, severity, subject, text, createdAt, id, alerts };
}

function listOf(values: readonly string[], total: number, max = 5): string {
  const shown = values.slice(0, max).map((value) => oneLine(value, 80));
  const more = total - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${String(more)} more` : '');
}

/** Label and raw value of each fact of an alert, shared by the Slack fields and the Teams FactSet. */
function factsOf(alert: Alert): [string, string][] {
  const facts: [string, string][] = [
    ['Severity', alert.severity.toUpperCase()],
    ['Category', alert.category],
    ['Events', String(alert.count)],
    ['Hosts', listOf(alert.hosts, alert.hosts.length)],
  ];
  if (alert.source_ip_count > 0) facts.push(['Sources', listOf(alert.source_ips, alert.source_ip_count)]);
  if (alert.users.length > 0) facts.push(['Users', listOf(alert.users, alert.users.length)]);
  return facts;
}

function evidenceOf(alert: Alert): string[] {
  return alert.evidence.slice(0, EVIDENCE_LINES).map((line) => oneLine(line, EVIDENCE_LINE_CHARS));
}

function footerOf(alert: Alert): string {
  return `${alert.rule} · ${oneLine(alert.mitre, 120)} · alert ${alert.id}`;
}

/** One alert of a digest, in one line (raw: each format escapes it). */
function digestLineOf(alert: Alert): string {
  const hosts = alert.hosts.length === 0 ? '' : ` on ${listOf(alert.hosts, alert.hosts.length, 3)}`;
  return `${alert.category}${hosts}: ${oneLine(alert.message, 300)} (${String(alert.count)} events)`;
}

interface Layout<T> {
  /** A message without alerts (a test): its text. */
  readonly text: (text: string) => T;
  readonly alert: (alert: Alert) => T[];
  readonly digestLine: (alert: Alert) => T;
  readonly more: (note: string) => T;
}

/** The body of a message in chat: its text, one alert in full, or a digest's first alerts and a count. */
function layout<T>(message: Message, parts: Layout<T>): T[] {
  const [only] = message.alerts;
  if (only === undefined) return [parts.text(message.text)];
  if (message.alerts.length === 1) return parts.alert(only);
  const listed = message.alerts.slice(0, DIGEST_LISTED).map(parts.digestLine);
  const more = message.alerts.length - listed.length;
  return more > 0 ? [...listed, parts.more(`… and ${String(more)} more in the alert log`)] : listed;
}

// An ISO instant the engine wrote, without fractions: the form Slack's and Teams' date tokens accept.
// Anything else is shown as escaped text, so no value can reach the inside of a token.
const INSTANT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?Z$/;

function instant(iso: string): string | undefined {
  const seconds = INSTANT.exec(iso)?.[1];
  return seconds === undefined || Number.isNaN(Date.parse(`${seconds}Z`)) ? undefined : `${seconds}Z`;
}

// --- Slack: Block Kit with mrkdwn, for incoming webhooks -------------------------------------------

interface SlackText {
  readonly type: 'mrkdwn';
  readonly text: string;
  /** No auto-linking of URLs, #channels or @mentions in what logs wrote. */
  readonly verbatim: true;
}

export type SlackBlock =
  | { readonly type: 'section'; readonly text: SlackText; readonly fields?: SlackText[] }
  | { readonly type: 'context'; readonly elements: SlackText[] };

export interface SlackPayload {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

const SLACK_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Slack's escaping: with `<` gone, no `<url|text>` link or `<!channel>` mention can be forged. */
export function escapeSlack(text: string): string {
  return text.replace(/[&<>]/g, (c) => SLACK_ESCAPES[c] ?? c);
}

/** At most `max` characters of escaped text, never cutting an `&amp;` in two. */
function fitSlack(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]*$/, '')}…`;
}

function mrkdwn(text: string, max = SLACK_SECTION_CHARS): SlackText {
  return { type: 'mrkdwn', text: fitSlack(text, max), verbatim: true };
}

/** Shown in each reader's own time zone, with the UTC instant as the fallback. */
function slackTime(iso: string): string {
  const at = instant(iso);
  if (at === undefined) return escapeSlack(oneLine(iso, 40));
  return `<!date^${String(Date.parse(at) / 1000)}^{date_short_pretty} {time_secs}|${at}>`;
}

function section(text: string, fields?: SlackText[]): SlackBlock {
  return { type: 'section', text: mrkdwn(text), ...(fields === undefined ? {} : { fields }) };
}

function slackAlert(alert: Alert): SlackBlock[] {
  const fields = factsOf(alert).map(([label, value]) => `*${label}*\n${escapeSlack(value)}`);
  fields.push(`*First seen*\n${slackTime(alert.first_seen)}`, `*Last seen*\n${slackTime(alert.last_seen)}`);
  const blocks = [
    section(
      escapeSlack(oneLine(alert.message, 500)),
      fields.slice(0, SLACK_FIELDS).map((field) => mrkdwn(field, SLACK_FIELD_CHARS)),
    ),
  ];
  // Three backticks in a log line would end the code block early: they become look-alikes.
  const evidence = evidenceOf(alert)
    .map((line) => escapeSlack(line).replace(/`{3,}/g, (run) => 'ˋ'.repeat(run.length)))
    .join('\n');
  if (evidence !== '') blocks.push(section(`\`\`\`${fitSlack(evidence, SLACK_SECTION_CHARS - 8)}\`\`\``));
  if (alert.action !== '') blocks.push(section(`*Next step:* ${escapeSlack(oneLine(alert.action, 1000))}`));
  blocks.push({ type: 'context', elements: [mrkdwn(escapeSlack(footerOf(alert)))] });
  return blocks;
}

export function slackPayload(message: Message): SlackPayload {
  const subject = escapeSlack(oneLine(message.subject, 200));
  const body = layout<SlackBlock>(message, {
    text: (text) => section(escapeSlack(plainText(text, SLACK_SECTION_CHARS))),
    alert: slackAlert,
    digestLine: (alert) =>
      section(
        `*${alert.severity.toUpperCase()}* ${escapeSlack(digestLineOf(alert))}\n${slackTime(alert.first_seen)}`,
      ),
    more: (note) => ({ type: 'context', elements: [mrkdwn(note)] }),
  });
  return { text: subject, blocks: [section(`*${subject}*`), ...body] };
}

// --- Teams: an Adaptive Card, for Workflows (Power Automate) incoming webhooks -----------------------

interface TeamsText {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly weight?: 'Bolder';
  readonly size?: 'Small' | 'Medium';
  readonly color?: 'Attention' | 'Warning' | 'Accent';
  readonly fontType?: 'Monospace';
  readonly isSubtle?: true;
}

export type TeamsElement =
  | TeamsText
  | { readonly type: 'FactSet'; readonly facts: { readonly title: string; readonly value: string }[] };

export interface TeamsPayload {
  readonly type: 'message';
  readonly attachments: readonly {
    readonly contentType: 'application/vnd.microsoft.card.adaptive';
    readonly content: {
      readonly type: 'AdaptiveCard';
      readonly version: string;
      readonly body: TeamsElement[];
    };
  }[];
}

const TEAMS_COLOURS: Record<Severity, NonNullable<TeamsText['color']>> = {
  critical: 'Attention',
  high: 'Attention',
  medium: 'Warning',
  low: 'Accent',
};

/**
 * TextBlocks and facts render a CommonMark subset (bold, italic, lists, links): markup characters
 * get a backslash, so a log line shows as written instead of as a `[link](…)`, a list or italics.
 * `[` alone stays as it is (no link without `](`), so `[logwarden]` and log timestamps read clean
 * in the clients that show escapes literally.
 */
export function escapeTeams(line: string): string {
  return line
    .replace(/[\\`*_~]|\](?=\()/g, '\\$&')
    .replace(/^(\s*)([-+#](?=\s|$)|>)/, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

function text(value: string, extra: Partial<TeamsText> = {}): TeamsText {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

/** Shown in each reader's own time zone by the card's DATE/TIME functions. */
function teamsTime(iso: string): string {
  const at = instant(iso);
  return at === undefined ? escapeTeams(oneLine(iso, 40)) : `{{DATE(${at}, SHORT)}} {{TIME(${at})}}`;
}

function teamsAlert(alert: Alert): TeamsElement[] {
  const facts = factsOf(alert).map(([title, value]) => ({ title, value: escapeTeams(value) }));
  facts.push({ title: 'First seen', value: teamsTime(alert.first_seen) });
  facts.push({ title: 'Last seen', value: teamsTime(alert.last_seen) });
  const body: TeamsElement[] = [text(escapeTeams(oneLine(alert.message, 500))), { type: 'FactSet', facts }];
  const evidence = evidenceOf(alert).map(escapeTeams);
  // Markdown joins single newlines into one paragraph: a blank line keeps one log line per line.
  if (evidence.length > 0) body.push(text(evidence.join('\n\n'), { fontType: 'Monospace', size: 'Small' }));
  if (alert.action !== '') body.push(text(`**Next step:** ${escapeTeams(oneLine(alert.action, 1000))}`));
  body.push(text(escapeTeams(footerOf(alert)), { isSubtle: true, size: 'Small' }));
  return body;
}

export function teamsPayload(message: Message): TeamsPayload {
  const title = text(escapeTeams(oneLine(message.subject, 200)), {
    weight: 'Bolder',
    size: 'Medium',
    color: TEAMS_COLOURS[message.severity],
  });
  const body = layout<TeamsElement>(message, {
    text: (value) => text(plainText(value, 5000).split('\n').map(escapeTeams).join('\n\n')),
    alert: teamsAlert,
    digestLine: (alert) =>
      text(
        `**${alert.severity.toUpperCase()}** ${escapeTeams(digestLineOf(alert))} · ${teamsTime(alert.first_seen)}`,
      ),
    more: (note) => text(note, { isSubtle: true }),
  });
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard' as const,
    version: '1.4',
    body: [title, ...body],
  };
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}
