import { DeliveryError, type Channel, type Message, type Rendered } from '../types.js';
import { composeEmail } from './email.js';

/** The name under `outbox/` of what would have been mailed with no channel configured. */
export const HELD_CHANNEL = 'unconfigured';

/**
 * With no channel configured, messages are still written, as emails, to the outbox: the demo
 * and a first run show what would have been sent. They are never sent from there: configuring
 * a channel later does not mail a month of old alerts.
 */
export class HeldChannel implements Channel {
  readonly type = 'email';
  readonly name = HELD_CHANNEL;

  async render(message: Message): Promise<Rendered> {
    return { extension: 'eml', data: await composeEmail(message, 'logwarden@localhost', ['root@localhost']) };
  }

  send(): Promise<void> {
    return Promise.reject(new DeliveryError('no notification channel is configured (notify.channels)'));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
