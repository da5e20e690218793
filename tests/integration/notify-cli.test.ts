import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate.js';
import { runCli } from '../helpers/cli.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { selfSignedCertificate, type Certificate } from '../helpers/tls.js';

let certificate: Certificate;
let dir: string;
let logs: string;

beforeAll(async () => {
  certificate = selfSignedCertificate();
  dir = mkdtempSync(join(tmpdir(), 'lw-notify-cli-'));
  await generateDemo({ outDir: join(dir, 'demo'), weeks: 2 });
  logs = join(dir, 'demo', 'access_logs');
});

let configs = 0;
function writeConfig(port: number, password = 'secret'): string {
  const path = join(dir, `logwarden-${String(++configs)}.yaml`);
  writeFileSync(join(dir, 'ca.pem'), certificate.cert);
  writeFileSync(
    path,
    [
      'timezone: Europe/Berlin',
      `dataDir: data-${String(configs)}`,
      'notify:',
      '  channels:',
      '    - name: mail',
      '      type: email',
      '      host: 127.0.0.1',
      `      port: ${String(port)}`,
      '      security: starttls',
      '      user: user',
      `      password: ${password}`,
      '      from: logwarden <alerts@example.org>',
      '      to: [ops@example.org]',
      '      ca: ca.pem',
      '      timeout: 5s',
      '',
    ].join('\n'),
  );
  return path;
}

async function stoppedPort(): Promise<number> {
  const server = await startSmtpServer(certificate);
  await server.stop();
  return server.port;
}

describe('analyze → outbox → notify flush, with a real SMTP server', () => {
  let port: number;
  let config: string;
  beforeAll(async () => {
    port = await stoppedPort();
    config = writeConfig(port);
  });
  afterAll(() => undefined);

  it('leaves every message in the outbox while the relay is down, then delivers each exactly once', async () => {
    const analyzed = await runCli(['--config', config, 'analyze', logs]);
    expect(analyzed.code).toBe(1);
    expect(analyzed.stderr).toMatch(/notify mail: SMTP 127\.0\.0\.1:\d+: connection refused/);
    const outbox = join(dir, 'data-1', 'outbox', 'mail');
    const queued = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(queued.length).toBeGreaterThan(3);
    expect(analyzed.stdout).toContain(`${String(queued.length)} waiting in`);

    // The same logs again: nothing new to say.
    const again = await runCli(['--config', config, 'analyze', '--json', logs]);
    expect((JSON.parse(again.stdout) as { notifications: { queued: number } }).notifications.queued).toBe(0);

    const smtp = await startSmtpServer(certificate, port);
    try {
      const flushed = await runCli(['--config', config, 'notify', 'flush']);
      expect(flushed.stderr).toBe('');
      expect(flushed.code).toBe(0);
      expect(flushed.stdout).toContain(`${String(queued.length)} delivered`);
      expect(smtp.received).toHaveLength(queued.length);
      const ids = smtp.received.map((r) => r.mail.messageId);
      expect(new Set(ids).size).toBe(queued.length);
      expect(readdirSync(outbox)).toEqual([]);

      const second = await runCli(['--config', config, 'notify', 'flush']);
      expect(second.stdout).toContain('the outbox is empty');
      expect(smtp.received).toHaveLength(queued.length);
    } finally {
      await smtp.stop();
    }
  });
});

describe('with no channel configured', () => {
  it('writes what would have been emailed to the outbox, says so, and never sends it', async () => {
    const data = join(dir, 'data-unconfigured');
    const analyzed = await runCli(['analyze', '--data-dir', data, logs], { cwd: dir });
    expect(analyzed.code).toBe(1);
    expect(analyzed.stdout).toMatch(
      /no notification channel is configured: \d+ messages that would have been emailed are in .*outbox\/unconfigured/,
    );
    const held = readdirSync(join(data, 'outbox', 'unconfigured')).filter((f) => f.endsWith('.eml'));
    expect(held.length).toBeGreaterThan(3);
    const flushed = await runCli(['notify', 'flush', '--data-dir', data], { cwd: dir });
    expect(flushed.code).toBe(0);
    expect(readdirSync(join(data, 'outbox', 'unconfigured')).filter((f) => f.endsWith('.eml'))).toEqual(held);
  });
});

describe('notify test and check', () => {
  it('sends a test message, and explains a rejected password in plain words', async () => {
    const smtp = await startSmtpServer(certificate);
    try {
      const ok = await runCli(['--config', writeConfig(smtp.port), 'notify', 'test', 'mail']);
      expect(ok.code).toBe(0);
      expect(smtp.received[0]?.mail.subject).toBe('[logwarden] test message for channel mail');
      const denied = await runCli(['--config', writeConfig(smtp.port, 'wrong'), 'notify', 'test', 'mail']);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/failed mail: SMTP 127\.0\.0\.1:\d+: authentication rejected/);
      const unknown = await runCli(['--config', writeConfig(smtp.port), 'notify', 'test', 'slack']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no channel "slack"; the config has mail');
    } finally {
      await smtp.stop();
    }
  });

  it('check logs in to the relay without sending, and says when it cannot', async () => {
    const smtp = await startSmtpServer(certificate);
    try {
      const ok = await runCli(['--config', writeConfig(smtp.port), 'check']);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/ok\s+mail: SMTP 127\.0\.0\.1:\d+ answered, TLS, login accepted/);
      expect(ok.stdout).toContain('password: "*** (inline)"');
      expect(smtp.received).toHaveLength(0);
    } finally {
      await smtp.stop();
    }
    const down = await runCli(['--config', writeConfig(await stoppedPort()), 'check']);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/failed mail: SMTP 127\.0\.0\.1:\d+: connection refused/);
  });
});
