import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate.js';
import { runCli } from '../helpers/cli.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { selfSignedCertificate } from '../helpers/tls.js';

describe('report weekly and query, from the command line', () => {
  it('writes the HTML and CSV of a week, mails it with --send, and answers SQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-report-cli-'));
    await generateDemo({ outDir: join(dir, 'demo'), weeks: 1 });
    const certificate = selfSignedCertificate();
    const smtp = await startSmtpServer(certificate);
    try {
      writeFileSync(join(dir, 'ca.pem'), certificate.cert);
      const config = join(dir, 'logwarden.yaml');
      writeFileSync(
        config,
        [
          'timezone: Europe/Berlin',
          'dataDir: data',
          'notify:',
          '  channels:',
          '    - { name: mail, type: email, host: 127.0.0.1, port: ' +
            String(smtp.port) +
            ', user: user, password: secret,',
          '        from: alerts@example.org, to: [ops@example.org], ca: ca.pem, minSeverity: critical }',
          '',
        ].join('\n'),
      );
      const analyzed = await runCli([
        '--config',
        config,
        'analyze',
        '--quiet',
        join(dir, 'demo', 'access_logs'),
      ]);
      expect(analyzed.stderr).toBe('');

      const report = await runCli(['--config', config, 'report', 'weekly', '--week', '2026-W44', '--send']);
      expect(report.stderr).toBe('');
      expect(report.code).toBe(0);
      expect(report.stdout).toMatch(/week 2026-W44 \(Europe\/Berlin\): Action needed/);
      const html = join(dir, 'data', 'reports', 'weekly-2026-W44.html');
      expect(existsSync(html)).toBe(true);
      expect(readdirSync(join(dir, 'data', 'reports', 'weekly-2026-W44-csv'))).toContain('incidents.csv');
      const mail = smtp.received.at(-1)?.mail;
      expect(mail?.subject).toMatch(/^\[logwarden\] Week 2026-W44: \d+ incidents/);
      expect(mail?.attachments.map((a) => a.filename)).toEqual(['weekly-2026-W44.html']);
      expect(mail?.attachments[0]?.content.toString('utf8')).toContain('Thursday login peak');

      const query = await runCli([
        '--config',
        config,
        'query',
        '--format',
        'json',
        "SELECT host, count(*) AS n FROM events WHERE kind = 'http.request' GROUP BY host ORDER BY host",
      ]);
      const rows = JSON.parse(query.stdout) as { host: string; n: string }[];
      expect(rows.map((r) => r.host)).toEqual(['web1', 'web2']);
      expect(Number(rows[0]?.n)).toBeGreaterThan(10_000);
      const bad = await runCli(['--config', config, 'query', 'SELECT nope FROM events']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('LW_QUERY_FAILED');
    } finally {
      await smtp.stop();
    }
  }, 120_000);
});
