import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secrets.js';
import { WebhookChannel, type WebhookChannelOptions } from '../../src/notify/channels/webhook.js';
import { jsonPayload } from '../../src/notify/channels/webhook-payloads.js';
import { sampleMessage } from '../notify/sample.js';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers the next requests. */
interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  delayMs: number;
}

/** A webhook receiver on loopback that records each request and answers as told. */
class Receiver {
  readonly received: Received[] = [];
  answered = 0;
  answer: Answer = { status: 200, body: 'ok', headers: {}, delayMs: 0 };
  readonly #server: Server;

  constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const { method = '', url = '', headers } = request;
        this.received.push({ method, url, headers, body: Buffer.concat(chunks).toString('utf8') });
        const { status, body, headers: extra, delayMs } = this.answer;
        setTimeout(() => {
          response.writeHead(status, extra).end(body);
          this.answered += 1;
        }, delayMs);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${String((this.#server.address() as AddressInfo).port)}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise((resolve) => this.#server.close(resolve));
    this.#server.closeAllConnections();
    await closed;
  }
}

let receiver: Receiver;
let origin: string;

beforeEach(async () => {
  receiver = new Receiver();
  origin = await receiver.start();
});

afterEach(async () => {
  await receiver.stop();
});

function channel(overrides: Partial<WebhookChannelOptions> = {}): WebhookChannel {
  return new WebhookChannel({
    name: 'ops',
    // Like a Slack URL: the path is the secret.
    url: `${origin}/services/T000/B000/XXXXSECRET?token=abc`,
    format: 'json',
    headers: {},
    timeoutMs: 2000,
    userAgent: 'logwarden/test',
    ...overrides,
  });
}

describe('webhook channel against a real HTTP server', () => {
  it('posts the JSON payload with its headers, signed with the secret', async () => {
    const message = sampleMessage();
    const before = Math.floor(Date.now() / 1000);
    await channel({
      secret: new Secret('s3cret', 'inline'),
      headers: {
        'X-Api-Key': 'k1',
        'Content-Type': 'text/plain',
        'X-Logwarden-Signature': 'sha256=forged',
      },
    }).send(message);

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/services/T000/B000/XXXXSECRET?token=abc');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'logwarden/test',
      'x-api-key': 'k1',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual(JSON.parse(JSON.stringify(jsonPayload(message))));

    const timestamp = String(request?.headers['x-logwarden-timestamp']);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const expected = createHmac('sha256', 's3cret')
      .update(`${timestamp}.${request?.body ?? ''}`)
      .digest('hex');
    expect(request?.headers['x-logwarden-signature']).toBe(`sha256=${expected}`);
  });

  it('sends no signature without a secret, and the rendered bytes when given', async () => {
    const webhook = channel({ format: 'slack', headers: { 'X-Logwarden-Signature': 'sha256=forged' } });
    const rendered = await webhook.render(sampleMessage());
    expect(rendered.extension).toBe('json');
    await webhook.send(sampleMessage({ subject: 'changed since rendered' }), rendered.data);
    const [request] = receiver.received;
    expect(request?.headers['x-logwarden-signature']).toBeUndefined();
    expect(request?.body).toBe(rendered.data.toString('utf8'));
  });

  it('says what the server answered, showing only the origin of the URL', async () => {
    receiver.answer = { status: 500, body: 'database down\n<html>', headers: {}, delayMs: 0 };
    // The reason names the origin only: the path and query of a Slack or Teams URL are its token.
    await expect(channel().send(sampleMessage())).rejects.toMatchObject({
      reason: `webhook ${origin}: the server answered 500 Internal Server Error: database down <html>`,
    });
  });

  it.each([
    [401, {}, 'the URL or its token is probably wrong'],
    [404, {}, 'the webhook URL does not exist'],
    [429, { 'retry-after': '30' }, 'rate-limited: retry after 30 s'],
    [302, { location: '/elsewhere' }, 'a redirect, which is not followed'],
  ])('explains a %i answer', async (status, headers: Record<string, string>, words) => {
    receiver.answer = { status, body: 'no_service', headers, delayMs: 0 };
    await expect(channel().send(sampleMessage())).rejects.toMatchObject({
      reason: expect.stringMatching(
        `^webhook ${origin}: the server answered ${String(status)} .*${words}`,
      ) as unknown,
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up on a slow server after the timeout', async () => {
    receiver.answer = { status: 200, body: 'ok', headers: {}, delayMs: 2000 };
    const started = Date.now();
    await expect(channel({ timeoutMs: 200 }).send(sampleMessage())).rejects.toMatchObject({
      reason: `webhook ${origin}: timed out after 0.2 s`,
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('explains a refused connection', async () => {
    const closed = new Receiver();
    const closedOrigin = await closed.start();
    await closed.stop();
    await expect(channel({ url: `${closedOrigin}/hook` }).send(sampleMessage())).rejects.toMatchObject({
      reason: expect.stringMatching(`^webhook ${closedOrigin}: connection refused`) as unknown,
    });
  });

  it('lets a pending send finish before close() returns', async () => {
    receiver.answer = { status: 200, body: 'ok', headers: {}, delayMs: 200 };
    const webhook = channel();
    const sending = webhook.send(sampleMessage());
    await webhook.close();
    expect(receiver.answered).toBe(1);
    await sending;
  });
});
