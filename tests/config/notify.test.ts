import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { errorOf } from '../helpers/errors.js';

const CHANNELS = `notify:
  channels:
    - name: mail
      type: email
      host: smtp.example.org
      user: alerts@example.org
      password: env:LW_TEST_SMTP_PASSWORD
      from: logwarden <alerts@example.org>
      to: { medium: [it@example.org], critical: [director@example.org] }
    - name: slack
      type: webhook
      format: slack
      url: env:LW_TEST_SLACK_URL
      minSeverity: high
      rate: { perHour: 5, digestEvery: 30m }
    - name: siem
      type: syslog
      host: siem.example.org
      protocol: tls
      format: cef
      facility: local3
      ca: ca.pem
    - name: ban
      type: command
      command: [./ban.sh, --table, blocklist]
      categories: [brute-force]
      timeout: 5s
`;

describe('notify config', () => {
  it('resolves every channel with its defaults, secrets from the environment, paths from the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-notify-config-'));
    writeFileSync(join(dir, 'ca.pem'), 'PEM');
    process.env.LW_TEST_SMTP_PASSWORD = 'hunter2';
    process.env.LW_TEST_SLACK_URL = 'https://hooks.slack.com/services/T/B/X';
    const config = parseConfigText(CHANNELS, join(dir, 'logwarden.yaml'));
    const [mail, slack, siem, ban] = config.notify.channels;
    expect(mail).toMatchObject({ port: 587, security: 'starttls', minSeverity: 'medium', perHour: 10 });
    expect(mail?.type === 'email' && mail.password?.reveal()).toBe('hunter2');
    expect(JSON.stringify(mail)).not.toContain('hunter2');
    expect(slack).toMatchObject({
      minSeverity: 'high',
      perHour: 5,
      digestEveryMs: 1_800_000,
      timeoutMs: 10_000,
    });
    expect(siem).toMatchObject({ port: 6514, facility: 19, ca: 'PEM' });
    expect(ban).toMatchObject({ command: [join(dir, 'ban.sh'), '--table', 'blocklist'], timeoutMs: 5000 });
  });

  it('names the file, line and key of a mistake', () => {
    const missingFrom = errorOf(() =>
      parseConfigText(
        'notify:\n  channels:\n    - name: mail\n      type: email\n      host: x\n      to: [a@b.c]\n',
        '/x.yaml',
      ),
    );
    expect(missingFrom.message).toMatch(/^\/x\.yaml:3: notify\.channels\.0\.from: /);
    const badType = errorOf(() =>
      parseConfigText('notify:\n  channels:\n    - name: x\n      type: pager\n', '/x.yaml'),
    );
    expect(badType.message).toMatch(/notify\.channels\.0\.type/);
    const twice = errorOf(() =>
      parseConfigText(
        'notify:\n  channels:\n    - { name: a, type: command, command: [x] }\n    - { name: a, type: command, command: [y] }\n',
        '/x.yaml',
      ),
    );
    expect(twice.message).toContain('channel names must be unique');
  });

  it('says which environment variable a secret is missing from', () => {
    delete process.env.LW_TEST_MISSING;
    const error = errorOf(() =>
      parseConfigText(
        'notify:\n  channels:\n    - { name: hook, type: webhook, url: "env:LW_TEST_MISSING" }\n',
        '/x.yaml',
      ),
    );
    expect(error.code).toBe('LW_SECRET_UNRESOLVED');
    expect(error.message).toContain('notify.channels.0.url: environment variable LW_TEST_MISSING is not set');
  });
});
