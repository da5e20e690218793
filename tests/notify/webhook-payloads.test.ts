import { describe, expect, it } from 'vitest';
import {
  escapeTeams,
  jsonPayload,
  slackPayload,
  teamsPayload,
  type SlackBlock,
  type TeamsElement,
} from '../../src/notify/channels/webhook-payloads.js';
import { sampleAlert, sampleMessage } from './sample.js';

const HUGE_AGENT = 'Mozilla/5.0 '.repeat(850);

/** An alert whose every log-borne value was written by an attacker. */
const hostile = sampleAlert({
  users: ['root\r\nBcc: x@y', 'admin'],
  message: '3 failed logins for root\r\nBcc: x@y from \u001b[31m203.0.113.9\u001b[0m <!channel>',
  evidence: [
    `203.0.113.9 - - [19/Nov/2026:03:12:00 +0000] "GET /<script>alert(1)</script> HTTP/1.1" 404 0 "-" "${HUGE_AGENT}"`,
    '\u001b]0;pwned\u0007\u001b[2J[click here](https://evil.example) *urgent* ``` <https://evil.example|login>',
  ],
});

function slackTexts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'section'
      ? [block.text.text, ...(block.fields ?? []).map((field) => field.text)]
      : block.elements.map((element) => element.text),
  );
}

function textsOf(body: readonly TeamsElement[]): string[] {
  return body.flatMap((element) =>
    element.type === 'TextBlock' ? [element.text] : element.facts.flatMap((fact) => [fact.title, fact.value]),
  );
}

function cardBody(message = sampleMessage({ alerts: [hostile] })): TeamsElement[] {
  const [attachment] = teamsPayload(message).attachments;
  return attachment?.content.body ?? [];
}

describe('json payload', () => {
  it('carries the message and its alerts unchanged, control characters escaped by JSON', () => {
    const message = sampleMessage({ alerts: [hostile] });
    const body = JSON.stringify(jsonPayload(message));
    expect(body).not.toMatch(/[\r\n]/);
    expect(body).not.toContain('\u001b');
    expect(JSON.parse(body)).toEqual({
      kind: 'opened',
      severity: 'high',
      subject: message.subject,
      text: message.text,
      createdAt: message.createdAt,
      id: message.id,
      alerts: [hostile],
    });
  });
});

describe('slack payload', () => {
  const payload = slackPayload(sampleMessage({ alerts: [hostile] }));
  const texts = slackTexts(payload.blocks);
  const all = JSON.stringify(payload);

  it('keeps every value on its line, without escapes', () => {
    expect(all).not.toMatch(/\\r|\\u001b|\\u0007/);
    expect(texts).toContain('*Users*\nroot Bcc: x@y, admin');
  });

  it('escapes & < > so no link, mention or tag can be forged', () => {
    const withoutDates = all.replace(/<!date\^\d+\^\{date_short_pretty\} \{time_secs\}\|[\dTZ:-]+>/g, '');
    expect(withoutDates).not.toContain('<');
    expect(all).toContain('/&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;https://evil.example|login&gt;');
  });

  it('keeps evidence in one code block that a log line cannot close', () => {
    const evidence = texts.find((text) => text.startsWith('```'));
    expect(evidence?.match(/```/g)).toHaveLength(2);
    expect(evidence).toContain('ˋˋˋ');
  });

  it("stays within Slack's limits", () => {
    expect(payload.blocks.length).toBeLessThanOrEqual(45);
    for (const block of payload.blocks) {
      if (block.type !== 'section') continue;
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    expect(all).not.toContain('Mozilla/5.0 '.repeat(30));
  });

  it('shows times in the reader’s zone, and an odd time as text', () => {
    expect(texts).toContain(
      '*First seen*\n<!date^1795057920^{date_short_pretty} {time_secs}|2026-11-19T03:12:00Z>',
    );
    const odd = slackPayload(sampleMessage({ alerts: [sampleAlert({ first_seen: 'soon|<x>' })] }));
    expect(slackTexts(odd.blocks)).toContain('*First seen*\nsoon|&lt;x&gt;');
  });

  it('lists 20 alerts of a digest and counts the rest', () => {
    const alerts = Array.from({ length: 25 }, (_, i) =>
      sampleAlert({ id: String(i), message: `<m${String(i)}>` }),
    );
    const digest = slackPayload(
      sampleMessage({ kind: 'digest', subject: '[logwarden] digest: 25 alerts', alerts }),
    );
    expect(digest.blocks).toHaveLength(22);
    expect(slackTexts(digest.blocks)[1]).toMatch(
      /^\*HIGH\* brute-force on web1: &lt;m0&gt; \(212 events\)\n<!date/,
    );
    expect(slackTexts(digest.blocks).at(-1)).toBe('… and 5 more in the alert log');
  });

  it('writes the text of a test message', () => {
    const test = slackPayload(
      sampleMessage({ kind: 'test', subject: 'Test', text: 'a < b\nline 2', alerts: [] }),
    );
    expect(slackTexts(test.blocks)).toEqual(['*Test*', 'a &lt; b\nline 2']);
  });
});

describe('teams payload', () => {
  const body = cardBody();
  const texts = textsOf(body);
  const all = JSON.stringify(teamsPayload(sampleMessage({ alerts: [hostile] })));

  it('is an Adaptive Card message', () => {
    const payload = teamsPayload(sampleMessage());
    expect(payload).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', version: '1.4' },
        },
      ],
    });
    expect(cardBody(sampleMessage()).map((element) => element.type)).toEqual([
      'TextBlock',
      'TextBlock',
      'FactSet',
      'TextBlock',
      'TextBlock',
      'TextBlock',
    ]);
  });

  it('keeps every value on its line, without escapes', () => {
    expect(all).not.toMatch(/\\r|\\u001b|\\u0007/);
    expect(texts).toContain('root Bcc: x@y, admin');
  });

  it('neutralises markdown that came from logs', () => {
    const evidence = body.find((element) => element.type === 'TextBlock' && element.fontType === 'Monospace');
    expect(evidence).toBeDefined();
    const text = evidence?.type === 'TextBlock' ? evidence.text : '';
    expect(text).toContain('[click here\\](https://evil.example) \\*urgent\\* \\`\\`\\`');
    expect(text).toContain('/<script>alert(1)</script>');
    expect(text.length).toBeLessThan(1500);
    expect(all.length).toBeLessThan(28_000);
  });

  it('escapes markdown markers a log line could start with', () => {
    expect(escapeTeams('- not a list')).toBe('\\- not a list');
    expect(escapeTeams('1. not a list')).toBe('1\\. not a list');
    expect(escapeTeams('185.220.101.47 - -')).toBe('185.220.101.47 - -');
    expect(escapeTeams('> quoted')).toBe('\\> quoted');
    expect(escapeTeams('![x](https://evil.example/t.png)')).toBe('![x\\](https://evil.example/t.png)');
    expect(escapeTeams('C:\\temp_dir')).toBe('C:\\\\temp\\_dir');
  });

  it('lists 20 alerts of a digest and counts the rest', () => {
    const alerts = Array.from({ length: 25 }, (_, i) =>
      sampleAlert({ id: String(i), message: `_m${String(i)}_` }),
    );
    const digest = textsOf(cardBody(sampleMessage({ kind: 'digest', alerts })));
    expect(digest).toHaveLength(22);
    expect(digest[1]).toBe(
      '**HIGH** brute-force on web1: \\_m0\\_ (212 events) · {{DATE(2026-11-19T03:12:00Z, SHORT)}} {{TIME(2026-11-19T03:12:00Z)}}',
    );
    expect(digest.at(-1)).toBe('… and 5 more in the alert log');
  });
});
