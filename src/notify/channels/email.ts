import { isIP } from 'node:net';
import { createTransport, type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Secret } from '../../config/secrets.js';
import { SEVERITIES, severityRank, type Severity } from '../../detect/types.js';
import { explainNetworkError } from '../explain.js';
import { oneLine } from '../sanitize.js';
import { DeliveryError, type Channel, type Message, type Rendered } from '../types.js';

export interface EmailChannelOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** `tls`: implicit TLS (port 465); `starttls`: upgrade required (587); `none`: plain, loopback relays only. */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly user?: string | undefined;
  readonly password?: Secret | undefined;
  readonly from: string;
  /** Recipients from a severity up: `{ medium: [ops], critical: [director] }` sends a critical to both. */
  readonly to: Readonly<Partial<Record<Severity, readonly string[]>>>;
  /** PEM of a CA to trust besides the system's (a relay with a private CA). */
  readonly ca?: string | undefined;
  readonly timeoutMs: number;
}

/** The recipients of a message of `severity`: every list at or below it. */
export function recipientsFor(to: EmailChannelOptions['to'], severity: Severity): string[] {
  const all = SEVERITIES.slice(0, severityRank(severity) + 1).flatMap((s) => to[s] ?? []);
  return [...new Set(all)];
}

/** The Message-ID of an email: escalations answer the opening one, so mail clients thread them. */
function messageIdOf(message: Message): string {
  const alert = message.alerts[0];
  return message.kind === 'opened' && alert !== undefined ? `${alert.id}.opened` : message.id;
}

/** Composes the RFC 5322 message: a text and an HTML part, clean headers. */
export async function composeEmail(message: Message, from: string, to: readonly string[]): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: [...to],
    // Subjects are cleaned already; oneLine again because a header is where CR/LF would hurt most.
    subject: oneLine(message.subject, 200),
    text: message.text,
    html: message.html,
    messageId: `<${messageIdOf(message)}@logwarden>`,
    date: new Date(message.createdAt),
    ...(message.replyTo === undefined
      ? {}
      : { inReplyTo: `<${message.replyTo}@logwarden>`, references: [`<${message.replyTo}@logwarden>`] }),
    headers: { 'X-Logwarden-Severity': message.severity, 'Auto-Submitted': 'auto-generated' },
  });
  return composer.compile().build();
}

/** SMTP through nodemailer: one pooled connection per run, closed by `close()`. */
export class EmailChannel implements Channel {
  readonly type = 'email';
  readonly name: string;
  private transport: Transporter<SMTPTransport.SentMessageInfo> | undefined;

  constructor(private readonly options: EmailChannelOptions) {
    this.name = options.name;
  }

  async render(message: Message): Promise<Rendered> {
    return {
      extension: 'eml',
      data: await composeEmail(message, this.options.from, this.recipients(message)),
    };
  }

  async send(message: Message, rendered?: Buffer): Promise<void> {
    const to = this.recipients(message);
    const raw = rendered ?? (await composeEmail(message, this.options.from, to));
    try {
      await this.connect().sendMail({ envelope: { from: this.options.from, to }, raw });
    } catch (error) {
      throw new DeliveryError(
        explainSmtpError(error, `SMTP ${this.options.host}:${String(this.options.port)}`),
        {
          cause: error,
        },
      );
    }
  }

  /** A document (the weekly report): a short summary in the body, the document attached. */
  async sendDocument(document: {
    subject: string;
    text: string;
    html: string;
    attachments: readonly { filename: string; content: string; contentType: string }[];
  }): Promise<void> {
    const to = recipientsFor(this.options.to, 'low');
    try {
      await this.connect().sendMail({
        from: this.options.from,
        to,
        subject: oneLine(document.subject, 200),
        text: document.text,
        html: document.html,
        attachments: document.attachments.map((a) => ({ ...a })),
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      throw new DeliveryError(
        explainSmtpError(error, `SMTP ${this.options.host}:${String(this.options.port)}`),
        {
          cause: error,
        },
      );
    }
  }

  /** Connects and authenticates without sending: for `check`. */
  async verify(): Promise<void> {
    try {
      await this.connect().verify();
    } catch (error) {
      throw new DeliveryError(
        explainSmtpError(error, `SMTP ${this.options.host}:${String(this.options.port)}`),
        {
          cause: error,
        },
      );
    }
  }

  close(): Promise<void> {
    this.transport?.close();
    this.transport = undefined;
    return Promise.resolve();
  }

  private recipients(message: Message): string[] {
    return recipientsFor(this.options.to, message.severity);
  }

  private connect(): Transporter<SMTPTransport.SentMessageInfo> {
    if (this.transport !== undefined) return this.transport;
    const o = this.options;
    const auth = o.user === undefined ? undefined : { user: o.user, pass: o.password?.reveal() ?? '' };
    this.transport = createTransport({
      host: o.host,
      port: o.port,
      secure: o.security === 'tls',
      requireTLS: o.security === 'starttls',
      ignoreTLS: o.security === 'none',
      ...(auth === undefined ? {} : { auth }),
      // SNI takes names only (RFC 6066); an address is verified against the certificate's IP SANs.
      tls: {
        ...(isIP(o.host) === 0 ? { servername: o.host } : {}),
        ...(o.ca === undefined ? {} : { ca: o.ca }),
      },
      connectionTimeout: o.timeoutMs,
      greetingTimeout: o.timeoutMs,
      socketTimeout: o.timeoutMs,
    });
    return this.transport;
  }
}

/** nodemailer's error codes, in words an administrator can act on. */
export function explainSmtpError(error: unknown, target: string): string {
  const { code, response, message } = error as { code?: string; response?: string; message?: string };
  const said = oneLine(response ?? message ?? String(error), 200);
  switch (code) {
    case 'EAUTH':
      return `${target}: authentication rejected: ${said} (check user and password; Gmail and Office 365 need an app password or SMTP AUTH enabled for the mailbox)`;
    case 'ENOAUTH':
      return `${target}: the server asks for a login and none is configured (set user and password)`;
    case 'EENVELOPE':
      return `${target}: the server refused the sender or a recipient: ${said}`;
    case 'EMESSAGE':
      return `${target}: the server refused the message: ${said}`;
    case 'ETLS':
      return `${target}: TLS failure: ${said}`;
    default:
      if (/STARTTLS/i.test(said))
        return `${target}: TLS failure: the server does not offer STARTTLS (${said})`;
      return explainNetworkError(error, target);
  }
}
