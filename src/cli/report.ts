import { basename, resolve } from 'node:path';
import pc from 'picocolors';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { EmailChannel } from '../notify/channels/email.js';
import { DeliveryError } from '../notify/types.js';
import { writeWeeklyReport } from '../pipeline/report.js';
import { reportEmail } from '../report/email.js';
import { EXIT_ALERTS, EXIT_OK } from './exit-codes.js';
import { printable } from './output.js';

export interface ReportFlags {
  week?: string;
  out?: string;
  send?: boolean;
  dataDir?: string;
}

/** `logwarden report weekly`: the HTML report and its CSV tables; `--send` mails it. */
export async function runWeeklyReport(flags: ReportFlags, config: ResolvedConfig): Promise<number> {
  const dataDir = flags.dataDir === undefined ? config.dataDir : resolve(flags.dataDir);
  const emails = config.notify.channels.filter((c) => c.type === 'email');
  if (flags.send === true && emails.length === 0) {
    throw new LogwardenError(ErrorCodes.usage, '--send needs an email channel in notify.channels');
  }
  const written = await writeWeeklyReport(config, dataDir, {
    week: flags.week,
    out: flags.out === undefined ? undefined : resolve(flags.out),
  });
  const { report } = written;
  console.log(`${pc.bold(`week ${report.week}`)} (${config.timezone}): ${report.headline.sentence}`);
  console.log(`report  ${written.htmlPath}`);
  console.log(`tables  ${written.csvDir}`);
  if (flags.send !== true) return EXIT_OK;
  const summary = reportEmail(report);
  let failed = false;
  for (const settings of emails) {
    const channel = new EmailChannel(settings);
    try {
      await channel.sendDocument({
        ...summary,
        attachments: [
          { filename: basename(written.htmlPath), content: written.html, contentType: 'text/html' },
        ],
      });
      console.log(`${pc.green('sent')} to ${settings.name}`);
    } catch (error) {
      failed = true;
      console.error(
        `${pc.red('failed')} ${settings.name}: ${printable(error instanceof DeliveryError ? error.reason : String(error))}`,
      );
    } finally {
      await channel.close();
    }
  }
  return failed ? EXIT_ALERTS : EXIT_OK;
}
