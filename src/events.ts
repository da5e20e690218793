/**
 * The one record every stage shares. A parser turns a log line into zero or more Events;
 * detection, history and reports only ever see Events.
 */
export type EventSource = 'access' | 'auth' | 'syslog' | 'error' | 'app';

/**
 * Event kinds produced by the built-in parsers. `kind` stays a string so custom parsers
 * can add their own, but these are the ones rules rely on.
 */
export const EventKinds = {
  httpRequest: 'http.request',
  httpError: 'http.error',
  authFailure: 'auth.failure',
  authPamFailure: 'auth.pam_failure',
  authSuccess: 'auth.success',
  authInvalidUser: 'auth.invalid_user',
  authDisconnect: 'auth.disconnect',
  authMaxAttempts: 'auth.max_attempts',
  authProbe: 'auth.probe',
  sudoFailure: 'sudo.failure',
  sudoNotInSudoers: 'sudo.not_in_sudoers',
  sudoCommand: 'sudo.command',
  suFailure: 'su.failure',
  suSuccess: 'su.success',
  sessionOpen: 'session.open',
  sessionClose: 'session.close',
  syslogOther: 'syslog.other',
} as const;

/**
 * Optional fields may also be present holding `undefined`: a parser that builds every event of
 * a kind with the same fields in the same order gives them one hidden class, so the rules' reads
 * of `ip`, `user`, … stay monomorphic. Readers test `=== undefined`, never `in`.
 */
export interface Event {
  /** Epoch ms, UTC, read from the log line (never the wall clock). */
  ts: number;
  /** Server the line came from. */
  host: string;
  source: EventSource;
  kind: string;
  /** Client address, after trusted-proxy / X-Forwarded-For handling. */
  ip?: string | undefined;
  user?: string | undefined;
  method?: string | undefined;
  path?: string | undefined;
  status?: number | undefined;
  bytes?: number | undefined;
  ua?: string | undefined;
  referer?: string | undefined;
  durationMs?: number | undefined;
  /** The original line; a reference to the line already in memory, used as evidence. */
  raw?: string | undefined;

  /** Program that wrote a syslog line (`sshd`, `sudo`, `su`, `systemd-logind`, …). */
  program?: string | undefined;
  /** Process id of that program, when the line carries one. */
  pid?: number | undefined;
  /** Client source port, when the line carries one. */
  port?: number | undefined;
  /** SSH authentication method: `password`, `publickey`, `keyboard-interactive`, … */
  authMethod?: string | undefined;
  /** Virtual host of an access-log line (vhost_combined, `$host`). */
  vhost?: string | undefined;
  /** HTTP protocol of the request line (`HTTP/1.1`). */
  protocol?: string | undefined;
  /** Level of an error-log line (`error`, `warn`, `crit`, …). */
  level?: string | undefined;
  /** Free-text message of syslog and error-log lines. */
  message?: string | undefined;
  /** True when an access-log request line is not a valid HTTP request (TLS bytes, `-`, junk). */
  malformed?: boolean | undefined;
}

/** Longest string {@link canonical} shares: addresses, names and keys, not whole lines. */
const CANONICAL_MAX_LENGTH = 96;

/** An object in dictionary mode (no prototype, a property deleted): no hidden class per name. */
const holder = Object.create(null) as Record<string, number>;
holder.x = 0;
delete holder.x;

/**
 * The one shared copy of a short string (V8's internalized string of that text), which also
 * does not keep alive the chunk of the file it was cut from. Strings used as map keys go through
 * it on both sides: an event's address and the key a rule stored for it are then the same object,
 * and a lookup compares them by reference. Two equal strings that are different objects cost a
 * map lookup four times as much (about 45 ns against 10), because V8 then compares their text.
 * It costs a few hundred nanoseconds: for a value not seen in a while, not for every event.
 * Here because both sides need it: parsers hand such strings out, detection keeps them, and
 * detection imports nothing but this file and its own folder.
 */
export function canonical(text: string): string {
  if (text.length > CANONICAL_MAX_LENGTH) return (' ' + text).slice(1);
  // A property name is internalized: the holder's key is the table's copy of the text.
  holder[text] = 0;
  const copy = Object.keys(holder)[0] ?? text;
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
  delete holder[text];
  return copy;
}
