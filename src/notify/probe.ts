import { lookup } from 'node:dns/promises';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ResolvedChannel } from '../config/notify.js';
import { findExecutable } from '../executables.js';
import { EmailChannel } from './channels/email.js';
import { deliveryError } from './explain.js';
import { DeliveryError } from './types.js';

/** Opens (and closes) a TCP or TLS connection, as the channel would, to prove the way is open. */
function reach(
  host: string,
  port: number,
  tls: boolean,
  ca: string | undefined,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = tls
      ? connectTls({
          host,
          port,
          ...(isIP(host) === 0 ? { servername: host } : {}),
          ...(ca === undefined ? {} : { ca }),
        })
      : connectTcp({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    });
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}

/**
 * What `check` does for a channel without sending anything: SMTP connects, negotiates TLS and
 * logs in; a webhook or TCP/TLS syslog opens a connection; UDP syslog resolves its host; a
 * command must be an executable file. Returns what was proven; throws a DeliveryError.
 */
export async function probeChannel(config: ResolvedChannel): Promise<string> {
  switch (config.type) {
    case 'email': {
      const channel = new EmailChannel({ ...config });
      try {
        await channel.verify();
      } finally {
        await channel.close();
      }
      return `SMTP ${config.host}:${String(config.port)} answered, ${config.security === 'none' ? 'no TLS' : 'TLS'}${config.user === undefined ? '' : ', login accepted'}`;
    }
    case 'webhook': {
      let url: URL;
      try {
        url = new URL(config.url.reveal());
      } catch {
        throw new DeliveryError('webhook: the url is not a valid URL');
      }
      const https = url.protocol === 'https:';
      const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
      try {
        await reach(url.hostname, port, https, undefined, config.timeoutMs);
      } catch (error) {
        throw deliveryError(error, `webhook ${url.origin}`);
      }
      return `webhook ${url.origin} accepts connections${https ? ' (TLS verified)' : ''}`;
    }
    case 'syslog': {
      const target = `syslog ${config.host}:${String(config.port)}`;
      try {
        if (config.protocol === 'udp') await lookup(config.host);
        else await reach(config.host, config.port, config.protocol === 'tls', config.ca, config.timeoutMs);
      } catch (error) {
        throw deliveryError(error, target);
      }
      return config.protocol === 'udp'
        ? `${target}: the host resolves (UDP cannot confirm delivery)`
        : `${target} accepts ${config.protocol.toUpperCase()} connections`;
    }
    case 'command': {
      const program = config.command[0] ?? '';
      const found = findExecutable(program);
      if (found !== undefined) return `command ${found} is executable`;
      throw new DeliveryError(`command ${program}: not found or not executable`);
    }
  }
}
