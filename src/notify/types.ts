import type { Alert, Severity } from '../detect/types.js';

/** Why a message exists: an incident opened, it grew (severity or tenfold volume), a digest, a test. */
export type MessageKind = 'opened' | 'escalated' | 'digest' | 'test';

/**
 * One notification, built once and given to a channel, which renders what it needs (an email,
 * a Slack payload, a syslog line per alert). Everything in it that came from a log line is
 * untrusted: `subject` is already one clean line; `text` has no control characters but newlines;
 * channels still escape for their own format (HTML, JSON, CEF).
 */
export interface Message {
  /** Unique and stable for what it says: the outbox file name, the email Message-ID. */
  readonly id: string;
  readonly kind: MessageKind;
  /** Highest severity of its alerts. */
  readonly severity: Severity;
  /** One line, at most 200 characters. */
  readonly subject: string;
  /** Plain-text body: what happened, when, where, evidence, what to do. */
  readonly text: string;
  /** HTML body, every untrusted value escaped. */
  readonly html: string;
  /** The alerts it is about (one for an alert, many for a digest, none for a test). */
  readonly alerts: readonly Alert[];
  /** When it was built (wall clock, ISO). */
  readonly createdAt: string;
  /** For an escalation: the id of the message that opened the incident (email threading). */
  readonly replyTo?: string;
}

/** A configured destination: email, webhook, syslog or command. */
export interface Channel {
  readonly name: string;
  readonly type: 'email' | 'webhook' | 'syslog' | 'command';
  /**
   * What the outbox keeps beside the message, in the channel's own format (an email's `.eml`),
   * so that a retry sends exactly the bytes first tried and a person can open it.
   */
  render?(message: Message): Promise<Rendered>;
  /** Delivers one message (as rendered, when given) or throws a DeliveryError saying why. */
  send(message: Message, rendered?: Buffer): Promise<void>;
  /** Releases connections; pending sends finish first. */
  close(): Promise<void>;
}

export interface Rendered {
  /** File extension in the outbox, without the dot: `eml`. */
  readonly extension: string;
  readonly data: Buffer;
}

/** A failed delivery: `reason` is for people ("connection refused by mail.example.org:587"). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}
