import pc from 'picocolors';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { createChannel } from '../notify/channels/index.js';
import { testMessage } from '../notify/message.js';
import type { Notifier, NotifyResult } from '../notify/notifier.js';
import { probeChannel } from '../notify/probe.js';
import { DeliveryError } from '../notify/types.js';
import { createNotifier } from '../pipeline/notify.js';
import { EXIT_ALERTS, EXIT_OK } from './exit-codes.js';
import { printable } from './output.js';
import { plural } from '../words.js';

/** One or two lines on what became of the notifications of a run. */
export function printNotifyResult(result: NotifyResult): void {
  const parts: string[] = [];
  if (result.queued > 0) parts.push(plural(result.queued, 'new message'));
  if (result.delivered > 0) parts.push(`${String(result.delivered)} delivered`);
  if (result.waiting > 0) parts.push(pc.yellow(`${String(result.waiting)} waiting in ${result.outbox}`));
  if (parts.length > 0) console.log(`notifications: ${parts.join(' · ')}`);
  if (result.held > 0) {
    console.log(
      pc.dim(
        `no notification channel is configured: ${plural(result.held, 'message')} that would have been emailed are in ${resolve(result.outbox, 'unconfigured')} (set notify.channels, see docs/notifications.md)`,
      ),
    );
  }
  for (const failure of result.failures) {
    console.error(`${pc.yellow('warning')} notify ${failure.channel}: ${printable(failure.reason)}`);
  }
}

/**
 * Notifies, then closes the channels; a busy lock or a broken outbox is a warning, never the end
 * of a run that found alerts (they are in the alert log already).
 */
export async function notifySafely(
  notifier: Notifier,
  run: (notifier: Notifier) => Promise<NotifyResult>,
): Promise<NotifyResult | undefined> {
  try {
    return await run(notifier);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`${pc.yellow('warning')} notifications not sent this run, nothing lost: ${reason}`);
    return undefined;
  } finally {
    await notifier.close();
  }
}

/** `notify flush`: digests that are due, and every waiting message, now. */
export async function runNotifyFlush(config: ResolvedConfig, dataDir: string | undefined): Promise<number> {
  const notifier = createNotifier(config, dataDir === undefined ? config.dataDir : resolve(dataDir));
  try {
    const result = await notifier.flush();
    printNotifyResult(result);
    if (result.queued === 0 && result.delivered === 0 && result.waiting === 0 && result.held === 0) {
      console.log('the outbox is empty: nothing to send');
    }
    return result.waiting > 0 ? EXIT_ALERTS : EXIT_OK;
  } finally {
    await notifier.close();
  }
}

/** `notify test <channel>`: a real message through one channel; a failure in plain words. */
export async function runNotifyTest(config: ResolvedConfig, name: string): Promise<number> {
  const settings = config.notify.channels.find((c) => c.name === name);
  if (settings === undefined) {
    const known = config.notify.channels.map((c) => c.name);
    throw new LogwardenError(
      ErrorCodes.usage,
      known.length === 0
        ? `no channel "${name}": the config has no notify.channels`
        : `no channel "${name}"; the config has ${known.join(', ')}`,
    );
  }
  const channel = createChannel(settings);
  try {
    await channel.send(testMessage(name, { timezone: config.timezone }));
    console.log(`${pc.green('sent')} a test message through ${name} (${settings.type})`);
    return EXIT_OK;
  } catch (error) {
    const reason = error instanceof DeliveryError ? error.reason : String(error);
    console.error(`${pc.red('failed')} ${name}: ${printable(reason)}`);
    return EXIT_ALERTS;
  } finally {
    await channel.close();
  }
}

/** For `check`: every channel reached without sending; true when all were. */
export async function checkChannels(config: ResolvedConfig): Promise<boolean> {
  let ok = true;
  for (const channel of config.notify.channels) {
    try {
      console.log(`${pc.green('ok')}     ${channel.name}: ${await probeChannel(channel)}`);
    } catch (error) {
      ok = false;
      const reason = error instanceof DeliveryError ? error.reason : String(error);
      console.log(`${pc.red('failed')} ${channel.name}: ${printable(reason)}`);
    }
  }
  return ok;
}
