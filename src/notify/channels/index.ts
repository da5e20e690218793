import { hostname } from 'node:os';
import type { ResolvedChannel } from '../../config/notify.js';
import { VERSION } from '../../version.js';
import type { Channel } from '../types.js';
import { CommandChannel } from './command.js';
import { EmailChannel } from './email.js';
import { SyslogChannel } from './syslog.js';
import { WebhookChannel } from './webhook.js';

/** The channel a resolved config entry describes. */
export function createChannel(config: ResolvedChannel): Channel {
  const { name, timeoutMs } = config;
  switch (config.type) {
    case 'email':
      return new EmailChannel({ ...config, timeoutMs });
    case 'webhook':
      return new WebhookChannel({
        name,
        url: config.url.reveal(),
        format: config.format,
        secret: config.secret,
        headers: config.headers,
        timeoutMs,
        userAgent: `logwarden/${VERSION}`,
      });
    case 'syslog':
      return new SyslogChannel({
        name,
        host: config.host,
        port: config.port,
        protocol: config.protocol,
        format: config.format,
        facility: config.facility,
        appName: 'logwarden',
        hostname: hostname(),
        ...(config.ca === undefined ? {} : { ca: config.ca }),
        rejectUnauthorized: true,
        timeoutMs,
        productVersion: VERSION,
      });
    case 'command':
      return new CommandChannel({ name, command: config.command, timeoutMs });
  }
}
