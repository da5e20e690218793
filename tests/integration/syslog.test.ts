import { createSocket } from 'node:dgram';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyslogChannel, type SyslogChannelOptions } from '../../src/notify/channels/syslog.js';
import { DeliveryError } from '../../src/notify/types.js';
import { selfSignedCertificate, type Certificate } from '../helpers/tls.js';
import { sampleAlert, sampleMessage } from '../notify/sample.js';

interface Receiver {
  readonly port: number;
  /** Syslog messages as received: one per datagram, or one per octet-counted frame. */
  readonly messages: string[];
  close(): Promise<void>;
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

let certificate: Certificate;
beforeAll(() => {
  certificate = selfSignedCertificate();
});

async function udpReceiver(): Promise<Receiver> {
  const socket = createSocket('udp4');
  const messages: string[] = [];
  socket.on('message', (datagram) => messages.push(datagram.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const receiver: Receiver = {
    port: socket.address().port,
    messages,
    close: () => new Promise((resolve) => socket.close(resolve)),
  };
  receivers.push(receiver);
  return receiver;
}

/** RFC 6587 octet counting: `LEN SP MSG`, LEN in bytes of UTF-8, not characters. */
function readFrames(socket: Socket, messages: string[]): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const space = buffered.indexOf(0x20);
      if (space < 0) return;
      const length = buffered.subarray(0, space).toString('latin1');
      if (!/^[1-9]\d*$/.test(length)) {
        messages.push(`bad frame: ${buffered.toString('utf8')}`);
        socket.destroy();
        return;
      }
      const end = space + 1 + Number(length);
      if (buffered.length < end) return;
      messages.push(buffered.subarray(space + 1, end).toString('utf8'));
      buffered = buffered.subarray(end);
    }
  });
}

/** A TCP or TLS collector; `silent` accepts connections and never reads or answers them. */
async function streamReceiver(kind: 'tcp' | 'tls' | 'silent'): Promise<Receiver> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (kind !== 'silent') readFrames(socket, messages);
  };
  const server: Server = kind === 'tls' ? createTlsServer(certificate, onSocket) : createTcpServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: Receiver = {
    port: (server.address() as AddressInfo).port,
    messages,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
  receivers.push(receiver);
  return receiver;
}

/** A port nobody listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The reason of the DeliveryError a send must fail with. */
async function failure(sent: Promise<void>): Promise<string> {
  const error: unknown = await sent.then(
    () => new Error('sent, but it should have failed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return (error as DeliveryError).reason;
}

function syslogChannel(overrides: Partial<SyslogChannelOptions>): SyslogChannel {
  return new SyslogChannel({
    name: 'siem',
    host: '127.0.0.1',
    port: 514,
    protocol: 'udp',
    format: 'json',
    facility: 16,
    appName: 'logwarden',
    hostname: 'monitor.example.org',
    rejectUnauthorized: true,
    timeoutMs: 1_000,
    productVersion: '0.1.0',
    ...overrides,
  });
}

const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) - (.*)$/s;

function parseSyslog(line: string) {
  const match = RFC5424.exec(line);
  if (match === null) throw new Error(`not an RFC 5424 message: ${line.slice(0, 200)}`);
  const [, pri = '', timestamp = '', hostname = '', appName = '', procId = '', msgId = '', msg = ''] = match;
  expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  return { pri: Number(pri), hostname, appName, procId, msgId, msg };
}

async function received(receiver: Receiver, count: number): Promise<ReturnType<typeof parseSyslog>[]> {
  await expect.poll(() => receiver.messages.length, { timeout: 1_000, interval: 10 }).toBe(count);
  return receiver.messages.map(parseSyslog);
}

// Characters of two, three and four UTF-8 bytes: an octet count of characters would be wrong.
const wide = 'Überprüfung — 東京 🔥';
const digest = sampleMessage({
  kind: 'digest',
  severity: 'critical',
  alerts: [
    sampleAlert({ severity: 'critical', rule: 'ssh-login-after-brute-force', message: wide }),
    sampleAlert({ severity: 'low', rule: 'http-scan', category: 'scan' }),
  ],
});

describe('syslog over UDP', () => {
  it('sends one RFC 5424 datagram per alert, the alert as JSON', async () => {
    const receiver = await udpReceiver();
    const channel = syslogChannel({ port: receiver.port });
    await channel.send(sampleMessage());
    const [message] = await received(receiver, 1);
    // local0 (16) × 8 + err (3), for a high alert.
    expect(message).toMatchObject({
      pri: 131,
      hostname: 'monitor.example.org',
      appName: 'logwarden',
      procId: String(process.pid),
      msgId: 'ssh-brute-force',
    });
    expect(JSON.parse(message?.msg ?? '')).toEqual(sampleAlert());
    await expect(channel.close()).resolves.toBeUndefined();
  });

  it('sends each alert of a digest, and the subject of a test message', async () => {
    const receiver = await udpReceiver();
    const channel = syslogChannel({ port: receiver.port, facility: 4 });
    await channel.send(digest);
    await channel.send(
      sampleMessage({ kind: 'test', severity: 'low', alerts: [], subject: 'logwarden test' }),
    );
    const messages = await received(receiver, 3);
    expect(messages.map(({ pri, msgId }) => [pri, msgId])).toEqual([
      [4 * 8 + 2, 'ssh-login-after-brute-force'],
      [4 * 8 + 5, 'http-scan'],
      [4 * 8 + 5, 'test'],
    ]);
    expect(JSON.parse(messages[0]?.msg ?? '')).toEqual(digest.alerts[0]);
    expect(messages[2]?.msg).toBe('logwarden test');
  });

  it('writes header fields as printable ASCII within their lengths', async () => {
    const receiver = await udpReceiver();
    await syslogChannel({ port: receiver.port, hostname: 'web 1\r\nx', appName: 'a'.repeat(60) }).send(
      sampleMessage({ alerts: [sampleAlert({ rule: 'rule with spaces é' })] }),
    );
    const [message] = await received(receiver, 1);
    expect(message).toMatchObject({
      hostname: 'web_1__x',
      appName: 'a'.repeat(48),
      msgId: 'rule_with_spaces__',
    });
  });

  it('leaves out the evidence of an alert too long for a datagram', async () => {
    const receiver = await udpReceiver();
    const evidence = Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(2_000)}`);
    await syslogChannel({ port: receiver.port }).send(sampleMessage({ alerts: [sampleAlert({ evidence })] }));
    const [message] = await received(receiver, 1);
    expect(Buffer.byteLength(receiver.messages[0] ?? '')).toBeLessThanOrEqual(8192);
    expect(JSON.parse(message?.msg ?? '')).toEqual(sampleAlert({ evidence: [] }));
  });

  it('reports a host name that does not resolve', async () => {
    expect(await failure(syslogChannel({ host: 'no-such-host.invalid' }).send(sampleMessage()))).toMatch(
      /^syslog no-such-host\.invalid:514: (unknown host|the host name could not be resolved)/,
    );
  });
});

describe('syslog over TCP', () => {
  it('sends octet-counted frames, counted in bytes, with CEF payloads', async () => {
    const receiver = await streamReceiver('tcp');
    await syslogChannel({ port: receiver.port, protocol: 'tcp', format: 'cef' }).send(digest);
    const messages = await received(receiver, 2);
    expect(messages.map(({ msgId }) => msgId)).toEqual(['ssh-login-after-brute-force', 'http-scan']);
    for (const { msg } of messages) expect(msg.startsWith('CEF:0|logwarden|logwarden|0.1.0|')).toBe(true);
    expect(messages[0]?.msg).toContain(`|${wide}|10|`);
  });

  it('says so when the connection is refused', async () => {
    const port = await closedPort();
    expect(await failure(syslogChannel({ port, protocol: 'tcp' }).send(sampleMessage()))).toMatch(
      `syslog 127.0.0.1:${port}: connection refused`,
    );
  });
});

describe('syslog over TLS', () => {
  it('sends to a server whose certificate is signed by the given CA', async () => {
    const receiver = await streamReceiver('tls');
    await syslogChannel({ port: receiver.port, protocol: 'tls', ca: certificate.cert }).send(sampleMessage());
    const [message] = await received(receiver, 1);
    expect(JSON.parse(message?.msg ?? '')).toEqual(sampleAlert());
  });

  it('refuses a self-signed certificate without its CA and sends nothing', async () => {
    const receiver = await streamReceiver('tls');
    const sent = syslogChannel({ port: receiver.port, protocol: 'tls' }).send(sampleMessage());
    expect(await failure(sent)).toMatch(/: TLS failure: the server certificate is self-signed/);
    expect(receiver.messages).toEqual([]);
  });

  it('gives up on a server that never answers the handshake', async () => {
    const receiver = await streamReceiver('silent');
    const started = Date.now();
    const sent = syslogChannel({ port: receiver.port, protocol: 'tls', timeoutMs: 200 }).send(
      sampleMessage(),
    );
    expect(await failure(sent)).toBe(`syslog 127.0.0.1:${receiver.port}: timed out after 0.2 s`);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
