import { DEFAULT_DIGEST_EVERY_MS, DEFAULT_MIN_SEVERITY, DEFAULT_PER_HOUR } from '../config/notify.js';
import type { ResolvedConfig } from '../config/schema.js';
import { HELD_CHANNEL, HeldChannel } from '../notify/channels/held.js';
import { createChannel } from '../notify/channels/index.js';
import { Notifier, type RoutedChannel } from '../notify/notifier.js';

/**
 * The notifier for a config: its channels, or, with none configured, the held channel that
 * writes what would have been mailed to the outbox.
 */
export function createNotifier(config: ResolvedConfig, dataDir: string): Notifier {
  const channels: RoutedChannel[] =
    config.notify.channels.length > 0
      ? config.notify.channels.map((channel) => ({
          route: channel,
          channel: createChannel(channel),
        }))
      : [
          {
            route: {
              name: HELD_CHANNEL,
              minSeverity: DEFAULT_MIN_SEVERITY,
              categories: undefined,
              hosts: undefined,
              perHour: DEFAULT_PER_HOUR,
              digestEveryMs: DEFAULT_DIGEST_EVERY_MS,
            },
            channel: new HeldChannel(),
            held: true,
          },
        ];
  return new Notifier(dataDir, channels, { timezone: config.timezone });
}
