import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secrets.js';
import { EmailChannel, type EmailChannelOptions } from '../../src/notify/channels/email.js';
import { alertMessage } from '../../src/notify/message.js';
import { Notifier } from '../../src/notify/notifier.js';
import { DeliveryError } from '../../src/notify/types.js';
import { sampleAlert } from '../notify/sample.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { selfSignedCertificate, type Certificate } from '../helpers/tls.js';

let certificate: Certificate;
let smtp: TestSmtpServer;

beforeAll(async () => {
  certificate = selfSignedCertificate();
  smtp = await startSmtpServer(certificate);
});
afterAll(async () => {
  await smtp.stop();
});

function options(overrides: Partial<EmailChannelOptions> = {}): EmailChannelOptions {
  return {
    name: 'mail',
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    user: 'user',
    password: new Secret('secret', 'inline'),
    from: 'logwarden <alerts@example.org>',
    to: { medium: ['ops@example.org'], critical: ['director@example.org'] },
    ca: certificate.cert,
    timeoutMs: 5000,
    ...overrides,
  };
}

const hostile = sampleAlert({
  users: ['root\r\nBcc: victim@example.net'],
  message: 'login for root\r\nBcc: victim@example.net from <script>alert(1)</script> \u001b[31mred\u001b[0m',
  evidence: [`GET /<script>alert(1)</script> "${'A'.repeat(10_000)}"`],
});

describe('email over STARTTLS with AUTH, to a real SMTP server', () => {
  it('delivers a text and an HTML part with an actionable subject, headers clean', async () => {
    const channel = new EmailChannel(options());
    const before = smtp.received.length;
    await channel.send(alertMessage(hostile, { timezone: 'Europe/Berlin' }));
    await channel.close();
    const got = smtp.received[before];
    expect(got?.to).toEqual(['ops@example.org']);
    const mail = got?.mail;
    expect(mail?.subject).toMatch(/^\[logwarden\] HIGH brute-force on web1: login for root Bcc: victim/);
    expect(mail?.bcc).toBeUndefined();
    expect(got?.raw).not.toMatch(/^Bcc:/im);
    expect(mail?.text).toContain('Next step');
    expect(mail?.text).not.toContain('\u001b');
    expect(mail?.html).toContain('&lt;script&gt;');
    expect(mail?.html).not.toContain('<script>');
    // 10 kB of user agent is capped, not mailed whole.
    expect((mail?.text ?? '').length).toBeLessThan(4000);
  });

  it('sends a critical to the critical recipients as well', async () => {
    const channel = new EmailChannel(options());
    const before = smtp.received.length;
    await channel.send(
      alertMessage(sampleAlert({ severity: 'critical', category: 'compromise' }), { timezone: 'UTC' }),
    );
    await channel.close();
    expect(smtp.received[before]?.to.sort()).toEqual(['director@example.org', 'ops@example.org']);
  });

  it('explains a rejected password, an untrusted certificate, a refused connection and an unknown host', async () => {
    const message = alertMessage(sampleAlert(), { timezone: 'UTC' });
    const failure = async (overrides: Partial<EmailChannelOptions>): Promise<string> => {
      const channel = new EmailChannel(options(overrides));
      try {
        await channel.send(message);
        return 'sent';
      } catch (error) {
        expect(error).toBeInstanceOf(DeliveryError);
        return (error as DeliveryError).reason;
      } finally {
        await channel.close();
      }
    };
    expect(await failure({ password: new Secret('wrong', 'inline') })).toMatch(/authentication rejected/);
    expect(await failure({ ca: undefined })).toMatch(/TLS failure: .*self-signed/);
    const closed = await startSmtpServer(certificate);
    await closed.stop();
    expect(await failure({ port: closed.port })).toMatch(/connection refused/);
    expect(await failure({ host: 'no-such-host.invalid' })).toMatch(/unknown host|could not be resolved/);
  });
});

describe('the outbox', () => {
  it('keeps messages while the relay is down; a flush after it is back delivers each exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lw-outbox-'));
    const down = await startSmtpServer(certificate);
    const port = down.port;
    await down.stop();
    const route = {
      name: 'mail',
      minSeverity: 'medium' as const,
      categories: undefined,
      hosts: undefined,
      perHour: 10,
      digestEveryMs: 3_600_000,
    };
    const notifier = new Notifier(dataDir, [{ route, channel: new EmailChannel(options({ port })) }], {
      timezone: 'UTC',
    });
    const alerts = [1, 2, 3].map((i) =>
      sampleAlert({ id: `a${String(i)}`, message: `incident ${String(i)}` }),
    );
    const first = await notifier.notify(alerts);
    expect(first).toMatchObject({ queued: 3, delivered: 0, waiting: 3 });
    expect(first.failures[0]?.reason).toMatch(/connection refused/);
    const files = readdirSync(join(dataDir, 'outbox', 'mail'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(3);
    const eml = files.find((f) => f.endsWith('.eml')) ?? '';
    expect(readFileSync(join(dataDir, 'outbox', 'mail', eml), 'utf8')).toMatch(/^Subject: \[logwarden\]/m);
    // Analyzing the same logs again queues nothing new.
    expect((await notifier.notify(alerts)).queued).toBe(0);

    const back = await startSmtpServer(certificate, port);
    try {
      const flushed = await notifier.flush();
      expect(flushed).toMatchObject({ delivered: 3, waiting: 0, failures: [] });
      expect((await notifier.flush()).delivered).toBe(0);
      expect(back.received.map((r) => r.mail.subject).sort()).toEqual([
        expect.stringContaining('incident 1'),
        expect.stringContaining('incident 2'),
        expect.stringContaining('incident 3'),
      ]);
      expect(readdirSync(join(dataDir, 'outbox', 'mail'))).toEqual([]);
    } finally {
      await notifier.close();
      await back.stop();
    }
  });
});
