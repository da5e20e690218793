import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Alert, Severity } from '../../detect/types.js';
import { deliveryError } from '../explain.js';
import { InFlight } from '../in-flight.js';
import { DeliveryError, type Channel, type Message } from '../types.js';
import { formatCef } from './cef.js';

export interface SyslogChannelOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** UDP (RFC 5426), TCP (RFC 6587) or TLS (RFC 5425); both streams use octet counting. */
  readonly protocol: 'udp' | 'tcp' | 'tls';
  /** MSG is the alert as JSON, or as an ArcSight CEF line. */
  readonly format: 'json' | 'cef';
  /** 0…23; 16…23 are local0…local7. */
  readonly facility: number;
  readonly appName: string;
  readonly hostname: string;
  /** PEM text of the CA that signed the server's certificate (TLS). */
  readonly ca?: string;
  readonly rejectUnauthorized: boolean;
  /** For resolving, connecting and writing one message, together. */
  readonly timeoutMs: number;
  /** logwarden's version, for the CEF header. */
  readonly productVersion: string;
}

/** RFC 5424 severities: 2 crit, 3 err, 4 warning, 5 notice. */
const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5 };

/**
 * rsyslog's and syslog-ng's default largest message; a longer datagram is cut by the receiver
 * (breaking the JSON) or dropped on the way, as IP fragments often are.
 */
const MAX_DATAGRAM_BYTES = 8192;

/** RFC 5424 header fields are printable US-ASCII without spaces; an empty one is `-`. */
function headerField(value: string, max: number): string {
  const printable = value.replace(/[^!-~]/g, '_').slice(0, max);
  return printable === '' ? '-' : printable;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
function capBytes(text: string, maxBytes: number): string {
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read);
}

/**
 * `work`, or after `ms` a DeliveryError that says so (in the words of the other channels),
 * calling `onTimeout` to release what `work` holds.
 */
async function withinTimeout<T>(
  work: Promise<T>,
  ms: number,
  target: string,
  onTimeout: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DeliveryError(`${target}: timed out after ${String(ms / 1000)} s`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends syslog messages to one collector, one RFC 5424 message per alert. */
export class SyslogChannel implements Channel {
  readonly type = 'syslog';
  readonly name: string;
  readonly #options: SyslogChannelOptions;
  readonly #target: string;
  readonly #inFlight = new InFlight();

  constructor(options: SyslogChannelOptions) {
    if (!Number.isInteger(options.facility) || options.facility < 0 || options.facility > 23) {
      throw new RangeError(`syslog facility must be an integer from 0 to 23, not ${options.facility}`);
    }
    this.name = options.name;
    this.#options = options;
    this.#target = `syslog ${options.host}:${options.port}`;
  }

  async send(message: Message): Promise<void> {
    const delivery = this.#deliver(this.#render(message));
    try {
      await this.#inFlight.track(delivery);
    } catch (error) {
      throw deliveryError(error, this.#target);
    }
  }

  /** Nothing stays open between sends; waits for those under way. */
  async close(): Promise<void> {
    await this.#inFlight.settled();
  }

  /** The syslog messages of `message`, without framing. */
  #render(message: Message): string[] {
    const { appName, hostname } = this.#options;
    const timestamp = new Date().toISOString();
    const head = (severity: Severity, msgId: string): string =>
      [
        `<${this.#options.facility * 8 + SYSLOG_SEVERITY[severity]}>1`,
        timestamp,
        headerField(hostname, 255),
        headerField(appName, 48),
        String(process.pid),
        headerField(msgId, 32),
        '-',
      ].join(' ');

    // A test message (or an empty digest) has no alert, but must still show up at the collector.
    if (message.alerts.length === 0) return [`${head(message.severity, message.kind)} ${message.subject}`];
    return message.alerts.map((alert) => {
      const line = `${head(alert.severity, alert.rule)} ${this.#payload(alert)}`;
      if (this.#options.protocol !== 'udp' || Buffer.byteLength(line) <= MAX_DATAGRAM_BYTES) return line;
      // Evidence is the bulk of a long alert and the part a SIEM needs least; the rest stays whole.
      const lean = `${head(alert.severity, alert.rule)} ${this.#payload({ ...alert, evidence: [] })}`;
      return capBytes(lean, MAX_DATAGRAM_BYTES);
    });
  }

  #payload(alert: Alert): string {
    return this.#options.format === 'cef'
      ? formatCef(alert, { productVersion: this.#options.productVersion })
      : JSON.stringify(alert);
  }

  /** Async so that what Node throws at once (a port out of range) rejects like any failure. */
  async #deliver(lines: readonly string[]): Promise<void> {
    await (this.#options.protocol === 'udp' ? this.#sendDatagrams(lines) : this.#sendStream(lines));
  }

  async #sendDatagrams(lines: readonly string[]): Promise<void> {
    const { host, port, timeoutMs } = this.#options;
    // Resolved first so the socket's family fits the address, and so ENOTFOUND is reported.
    const { address, family } = await withinTimeout(lookup(host), timeoutMs, this.#target, () => undefined);
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        // The implicit bind of the first send reports its failure here, not to the send callback.
        socket.once('error', reject);
        let unsent = lines.length;
        for (const line of lines) {
          socket.send(line, port, address, (error) => {
            if (error) reject(error);
            else if (--unsent === 0) resolve();
          });
        }
      });
    } finally {
      socket.close();
    }
  }

  /** One connection per send: octet-counted frames (`LEN SP MSG`), then a graceful end. */
  #sendStream(lines: readonly string[]): Promise<void> {
    const { host, port, protocol, ca, rejectUnauthorized, timeoutMs } = this.#options;
    const frames = lines.map((line) => `${Buffer.byteLength(line)} ${line}`).join('');
    const socket: Socket =
      protocol === 'tls'
        ? connectTls({
            host,
            port,
            // SNI takes names only; for an address the certificate is checked against it anyway.
            ...(isIP(host) === 0 ? { servername: host } : {}),
            ...(ca === undefined ? {} : { ca }),
            rejectUnauthorized,
          })
        : connectTcp({ host, port });
    const written = new Promise<void>((resolve, reject) => {
      // Stays attached: an error after the write (a reset while closing) must not go unhandled.
      socket.on('error', reject);
      // Written once the server's certificate is accepted, so no alert can leave before, whatever
      // the TLS layer would buffer.
      socket.once(protocol === 'tls' ? 'secureConnect' : 'connect', () => socket.end(frames));
      socket.once('finish', () => {
        // Not destroyed: closing while the server's last packets are unread would reset the
        // connection. The server closes its side and ours follows, or the idle timeout ends it.
        socket.setTimeout(timeoutMs, () => socket.destroy());
        resolve();
      });
    });
    return withinTimeout(written, timeoutMs, this.#target, () => socket.destroy());
  }
}
