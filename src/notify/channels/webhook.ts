import { createHmac } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Secret } from '../../config/secrets.js';
import { ErrorCodes, LogwardenError } from '../../errors.js';
import { deliveryError } from '../explain.js';
import { oneLine } from '../sanitize.js';
import { InFlight } from '../in-flight.js';
import { DeliveryError, type Channel, type Message, type Rendered } from '../types.js';
import { webhookPayload, type WebhookFormat } from './webhook-payloads.js';

export interface WebhookChannelOptions {
  readonly name: string;
  readonly url: string;
  readonly format: WebhookFormat;
  /** Signs each request (see `signWebhook`). */
  readonly secret?: Secret | undefined;
  /** Sent with each request (an API key, a tenant id); they cannot replace the ones below. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

const TIMESTAMP_HEADER = 'x-logwarden-timestamp';
const SIGNATURE_HEADER = 'x-logwarden-signature';
/** How much of an error answer's body goes into the reason (Slack says `no_service`, `invalid_token`). */
const ANSWER_CHARS = 200;

/**
 * The signature of a request, for receivers to check that it comes from us, unchanged and recent.
 * With a `secret`, each request carries two headers:
 *
 *   X-Logwarden-Timestamp: <unix seconds when sent>
 *   X-Logwarden-Signature: sha256=<hex HMAC-SHA256, keyed with the secret, of "<timestamp>.<body>">
 *
 * A receiver recomputes the HMAC over the body bytes as received (before parsing the JSON),
 * compares in constant time (`crypto.timingSafeEqual`), and rejects a timestamp more than a few
 * minutes from its clock: the timestamp is signed with the body, so an old request cannot be replayed.
 */
export function signWebhook(body: Buffer, secret: string, timestamp: number): string {
  return createHmac('sha256', secret)
    .update(`${String(timestamp)}.`)
    .update(body)
    .digest('hex');
}

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

/** What an HTTP error status most likely means for a webhook, for the person who configured it. */
function hintFor(response: Response): string {
  const { status } = response;
  if (status >= 300 && status < 400) return ' (a redirect, which is not followed: configure the final URL)';
  if (status === 400) return ' (the server rejected the message: is `format` right for this service?)';
  if (status === 401 || status === 403)
    return ' (the URL or its token is probably wrong, expired or revoked)';
  if (status === 404 || status === 410) return ' (the webhook URL does not exist: deleted, or mistyped?)';
  if (status === 413) return ' (the message is too large for this server)';
  if (status === 429) {
    const after = Number(response.headers.get('retry-after') ?? NaN);
    return Number.isFinite(after) ? ` (rate-limited: retry after ${String(after)} s)` : ' (rate-limited)';
  }
  return '';
}

/** POSTs each message as JSON (plain, Slack or Teams) to one URL, signed when a secret is set. */
export class WebhookChannel implements Channel {
  readonly type = 'webhook';
  readonly name: string;
  readonly #options: WebhookChannelOptions;
  readonly #url: URL;
  /** `webhook <origin>`: Slack and Teams URLs carry their token in the path, so errors never show it. */
  readonly #target: string;
  readonly #headers: Headers;
  readonly #inFlight = new InFlight();

  constructor(options: WebhookChannelOptions) {
    this.name = options.name;
    this.#options = options;
    const where = `webhook channel "${options.name}"`;
    const url = URL.canParse(options.url) ? new URL(options.url) : undefined;
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new LogwardenError(
        ErrorCodes.configInvalid,
        `${where}: the url must be an http:// or https:// URL`,
      );
    this.#url = url;
    this.#target = `webhook ${url.origin}`;
    this.#headers = new Headers({ 'user-agent': options.userAgent });
    for (const [key, value] of Object.entries(options.headers)) {
      try {
        this.#headers.set(key, value);
      } catch (error) {
        // Headers' own message quotes the value, which may be a token: name only the key.
        throw new LogwardenError(
          ErrorCodes.configInvalid,
          `${where}: header "${oneLine(key, 80)}" has a name or value HTTP cannot carry (a line break?)`,
          { cause: error },
        );
      }
    }
    this.#headers.set('content-type', 'application/json');
    this.#headers.delete(TIMESTAMP_HEADER);
    this.#headers.delete(SIGNATURE_HEADER);
  }

  /** The body as posted, kept in the outbox so a retry sends the same bytes (signed afresh). */
  render(message: Message): Promise<Rendered> {
    return Promise.resolve({ extension: 'json', data: this.#body(message) });
  }

  async send(message: Message, rendered?: Buffer): Promise<void> {
    const delivery = this.#post(rendered ?? this.#body(message));
    await this.#inFlight.track(delivery);
  }

  async close(): Promise<void> {
    await this.#inFlight.settled();
  }

  #body(message: Message): Buffer {
    return Buffer.from(JSON.stringify(webhookPayload(this.#options.format, message)));
  }

  async #post(body: Buffer): Promise<void> {
    const headers = new Headers(this.#headers);
    const { secret, timeoutMs } = this.#options;
    if (secret !== undefined) {
      const timestamp = Math.floor(Date.now() / 1000);
      headers.set(TIMESTAMP_HEADER, String(timestamp));
      headers.set(SIGNATURE_HEADER, `sha256=${signWebhook(body, secret.reveal(), timestamp)}`);
    }
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: 'POST',
        headers,
        body,
        // Following a redirect would send the signature and custom headers to wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (isTimeout(error))
        throw new DeliveryError(`${this.#target}: timed out after ${String(timeoutMs / 1000)} s`, {
          cause: error,
        });
      throw deliveryError(error, this.#target);
    }
    if (response.ok) {
      // Delivered: what the server says about it does not matter, and must not turn into a timeout.
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    // The answer's body says why (Slack: `invalid_token`); a body cut short or too slow says nothing more.
    const said = oneLine(await response.text().catch(() => ''), ANSWER_CHARS);
    const statusText = oneLine(response.statusText || (STATUS_CODES[response.status] ?? ''), 60);
    const answered = `the server answered ${String(response.status)} ${statusText}`.trimEnd();
    throw new DeliveryError(
      `${this.#target}: ${answered}${hintFor(response)}${said === '' ? '' : `: ${said}`}`,
    );
  }
}
