import { ErrorCodes, LogwardenError } from '../../errors.js';
import { EventKinds, type Event } from '../../events.js';
import type { FormatDefinition, ParseContext } from '../types.js';
import { CLF_TIME_LENGTH, ClfClock, EXPECTED_CLF_TIME } from './clf.js';
import { isoTimestampToMs } from './json.js';
import { applyRequest, bytesBetween, intBetween, isEscaped, optionalText } from './request.js';
import { ScanningParser } from '../scanning.js';

/**
 * Custom access-log formats from the server's own format string (nginx `log_format`, Apache
 * `LogFormat`). The string is compiled once into literals and fields; a line is read by finding each
 * literal with startsWith / indexOf and handing the text before it to the field — no per-line regex.
 */

/** What a field of the format string sets. */
const F = {
  opaque: 0,
  peer: 1,
  user: 2,
  timeLocal: 3,
  timeBracketed: 4,
  timeIso: 5,
  msec: 6,
  request: 7,
  status: 8,
  bytes: 9,
  referer: 10,
  ua: 11,
  xff: 12,
  seconds: 13,
  millis: 14,
  micros: 15,
  vhost: 16,
  method: 17,
  path: 18,
  query: 19,
  args: 20,
  protocol: 21,
  /** Lower-priority alternatives, used only when the format lacks the preferred field. */
  bytesAlt: 22,
  secondsAlt: 23,
  vhostAlt: 24,
  pathAlt: 25,
} as const;
type FieldKind = (typeof F)[keyof typeof F];

const ALTERNATIVES: readonly (readonly [FieldKind, readonly FieldKind[], FieldKind])[] = [
  [F.bytesAlt, [F.bytes], F.bytes],
  [F.secondsAlt, [F.seconds, F.millis, F.micros], F.seconds],
  [F.vhostAlt, [F.vhost], F.vhost],
  [F.pathAlt, [F.path], F.path],
];

/** Fields that may directly follow a path field: the query string, read as part of the path. */
const MERGES_INTO_PATH = new Set(['%q', '$is_args', '$args', '${is_args}', '${args}']);
const PATH_KINDS = new Set<FieldKind>([F.path, F.pathAlt]);

const TIME_KINDS: readonly FieldKind[] = [F.timeLocal, F.timeBracketed, F.timeIso, F.msec];

interface Field {
  kind: FieldKind;
  /** As written in the format (`$status`, `%>s`), for messages. */
  readonly name: string;
}

interface Compiled {
  /** literals[i] precedes fields[i]; literals[fields.length] ends the line ('' when nothing does). */
  readonly literals: readonly string[];
  readonly fields: readonly Field[];
}

class FormatBuilder {
  private readonly literals: string[] = [];
  private readonly fields: Field[] = [];
  private literal = '';
  private lastField: Field | undefined;

  constructor(
    private readonly id: string,
    private readonly dialect: string,
  ) {}

  text(s: string): void {
    this.literal += s;
  }

  field(kind: FieldKind, name: string): void {
    const last = this.lastField;
    if (
      last !== undefined &&
      this.literal === '' &&
      MERGES_INTO_PATH.has(name) &&
      PATH_KINDS.has(last.kind)
    ) {
      // `%U%q`, `$uri$is_args$args`: the path field reads the query string too.
      return;
    }
    if (last !== undefined && this.literal === '') {
      throw this.invalid(`${last.name} and ${name} have nothing between them, so they cannot be told apart`);
    }
    this.literals.push(this.literal);
    this.literal = '';
    const field = { kind, name };
    this.fields.push(field);
    this.lastField = field;
  }

  invalid(message: string): LogwardenError {
    return new LogwardenError(
      ErrorCodes.formatInvalid,
      `formats.${this.id}: ${this.dialect} format: ${message}`,
    );
  }

  build(): Compiled {
    this.literals.push(this.literal);
    const kinds = new Set(this.fields.map((f) => f.kind));
    for (const [alt, preferred, as] of ALTERNATIVES) {
      const demote = preferred.some((k) => kinds.has(k));
      for (const field of this.fields) if (field.kind === alt) field.kind = demote ? F.opaque : as;
    }
    if (!this.fields.some((f) => TIME_KINDS.includes(f.kind))) {
      throw this.invalid('it has no timestamp field, so events cannot be dated');
    }
    return { literals: this.literals, fields: this.fields };
  }
}

const NGINX_VARIABLES: Readonly<Record<string, FieldKind>> = {
  remote_addr: F.peer,
  remote_user: F.user,
  time_local: F.timeLocal,
  time_iso8601: F.timeIso,
  msec: F.msec,
  request: F.request,
  status: F.status,
  body_bytes_sent: F.bytes,
  bytes_sent: F.bytesAlt,
  http_referer: F.referer,
  http_user_agent: F.ua,
  http_x_forwarded_for: F.xff,
  request_time: F.seconds,
  upstream_response_time: F.secondsAlt,
  host: F.vhost,
  server_name: F.vhostAlt,
  request_method: F.method,
  request_uri: F.path,
  uri: F.pathAlt,
  args: F.args,
  server_protocol: F.protocol,
};

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function compileNginx(id: string, format: string): Compiled {
  const b = new FormatBuilder(id, 'nginx log_format');
  let i = 0;
  while (i < format.length) {
    const c = format.charAt(i);
    if (c !== '$') {
      b.text(c);
      i++;
      continue;
    }
    let name: string;
    if (format.charAt(i + 1) === '{') {
      const close = format.indexOf('}', i + 2);
      if (close < 0) throw b.invalid(`"\${" at ${i} is not closed by "}"`);
      name = format.slice(i + 2, close);
      i = close + 1;
    } else {
      let end = i + 1;
      while (end < format.length && isNameChar(format.charCodeAt(end))) end++;
      name = format.slice(i + 1, end);
      i = end;
    }
    if (name === '') {
      b.text('$');
      continue;
    }
    b.field(NGINX_VARIABLES[name] ?? F.opaque, `$${name}`);
  }
  return b.build();
}

const APACHE_HEADERS: Readonly<Record<string, FieldKind>> = {
  referer: F.referer,
  'user-agent': F.ua,
  'x-forwarded-for': F.xff,
};

const APACHE_DIRECTIVES: Readonly<Record<string, FieldKind>> = {
  h: F.peer,
  a: F.peer,
  l: F.opaque,
  u: F.user,
  t: F.timeBracketed,
  r: F.request,
  s: F.status,
  b: F.bytes,
  B: F.bytes,
  O: F.bytesAlt,
  I: F.opaque,
  S: F.opaque,
  D: F.micros,
  T: F.seconds,
  v: F.vhostAlt,
  V: F.vhost,
  m: F.method,
  U: F.path,
  q: F.query,
  H: F.protocol,
  A: F.opaque,
  f: F.opaque,
  k: F.opaque,
  L: F.opaque,
  p: F.opaque,
  P: F.opaque,
  R: F.opaque,
  X: F.opaque,
};

/** Directives that take `{…}` and are read and ignored (environment, notes, cookies, response headers…). */
const APACHE_OPAQUE_WITH_ARG = new Set(['i', 'o', 'e', 'n', 'C', 'p', 'P', 'a', 't', '^ti', '^to']);

function compileApache(id: string, format: string): Compiled {
  const b = new FormatBuilder(id, 'Apache LogFormat');
  let i = 0;
  while (i < format.length) {
    const c = format.charAt(i);
    if (c !== '%') {
      b.text(c);
      i++;
      continue;
    }
    const start = i;
    i++;
    if (format.charAt(i) === '%') {
      b.text('%');
      i++;
      continue;
    }
    let arg: string | undefined;
    for (;;) {
      const m = format.charAt(i);
      if (m === '<' || m === '>' || m === '!' || m === ',' || (m >= '0' && m <= '9')) {
        i++;
      } else if (m === '{' && arg === undefined) {
        const close = format.indexOf('}', i + 1);
        if (close < 0) throw b.invalid(`"%{" at ${start} is not closed by "}"`);
        arg = format.slice(i + 1, close);
        i = close + 1;
      } else {
        break;
      }
    }
    let letter = format.charAt(i);
    if (letter === '^') letter = format.slice(i, i + 3);
    i += Math.max(letter.length, 1);
    const written = format.slice(start, i);
    let kind: FieldKind | undefined;
    if (arg === undefined) {
      kind = APACHE_DIRECTIVES[letter];
    } else if (letter === 'i') {
      kind = APACHE_HEADERS[arg.toLowerCase()] ?? F.opaque;
    } else if (letter === 'T') {
      const unit = arg.toLowerCase();
      kind = unit === 'ms' ? F.millis : unit === 'us' ? F.micros : unit === 's' ? F.seconds : undefined;
    } else if (APACHE_OPAQUE_WITH_ARG.has(letter)) {
      kind = F.opaque;
    }
    if (kind === undefined) {
      throw b.invalid(
        letter === '' ? `"${written}" at ${start} is incomplete` : `unknown directive "${written}"`,
      );
    }
    b.field(kind, written);
  }
  return b.build();
}

function expectedOf(field: Field): string {
  switch (field.kind) {
    case F.timeLocal:
      return `${field.name}: ${EXPECTED_CLF_TIME}`;
    case F.timeBracketed:
      return `${field.name}: [${EXPECTED_CLF_TIME}]`;
    case F.timeIso:
      return `${field.name}: ISO 8601 timestamp`;
    case F.status:
      return `${field.name}: a status code`;
    case F.bytes:
      return `${field.name}: a byte count or "-"`;
    default:
      return `${field.name}: a number`;
  }
}

class CompiledParser extends ScanningParser {
  private readonly clock = new ClfClock();
  private readonly literals: readonly string[];
  private readonly fields: readonly Field[];
  private readonly ctx: ParseContext;

  constructor(
    readonly format: string,
    compiled: Compiled,
    ctx: ParseContext,
  ) {
    super(ctx);
    this.literals = compiled.literals;
    this.fields = compiled.fields;
    this.ctx = ctx;
  }

  protected scan(line: string): Event | null {
    const literals = this.literals;
    const fields = this.fields;
    const head = literals[0] ?? '';
    if (!line.startsWith(head)) return this.fail(0, JSON.stringify(head));
    let pos = head.length;
    let ts = Number.NaN;
    let peer: string | undefined;
    let user: string | undefined;
    let request: string | undefined;
    let status = -1;
    let bytes = -1;
    let referer: string | undefined;
    let ua: string | undefined;
    let xff: string | undefined;
    let durationMs = Number.NaN;
    let vhost: string | undefined;
    let method: string | undefined;
    let path: string | undefined;
    let query: string | undefined;
    let protocol: string | undefined;
    const last = fields.length - 1;
    for (let i = 0; i <= last; i++) {
      const field = fields[i];
      if (field === undefined) break;
      const literal = literals[i + 1] ?? '';
      const kind = field.kind;
      let end: number;
      if (kind === F.timeLocal || kind === F.timeBracketed) {
        end = pos + (kind === F.timeLocal ? CLF_TIME_LENGTH : CLF_TIME_LENGTH + 2);
        if (!line.startsWith(literal, end) || (i === last && end + literal.length !== line.length)) {
          return this.fail(pos, expectedOf(field));
        }
      } else if (i === last) {
        end = line.length - literal.length;
        if (
          end < pos ||
          !line.endsWith(literal) ||
          (literal.charCodeAt(0) === 34 && end > 0 && isEscaped(line, end))
        ) {
          return this.fail(
            Math.max(pos, end),
            `${JSON.stringify(literal)} ending the line after ${field.name}`,
          );
        }
      } else {
        end = line.indexOf(literal, pos);
        if (literal.charCodeAt(0) === 34)
          while (end > 0 && isEscaped(line, end)) end = line.indexOf(literal, end + 1);
        if (end < 0) return this.fail(pos, `${JSON.stringify(literal)} after ${field.name}`);
      }
      switch (kind) {
        case F.opaque:
          break;
        case F.peer:
          peer = line.slice(pos, end);
          break;
        case F.user:
          user = optionalText(line.slice(pos, end));
          break;
        case F.timeLocal:
          ts = this.clock.read(line, pos);
          if (Number.isNaN(ts)) return this.fail(pos, expectedOf(field));
          break;
        case F.timeBracketed:
          ts =
            line.charCodeAt(pos) === 91 && line.charCodeAt(end - 1) === 93
              ? this.clock.read(line, pos + 1)
              : Number.NaN;
          if (Number.isNaN(ts)) return this.fail(pos, expectedOf(field));
          break;
        case F.timeIso:
          ts = isoTimestampToMs(line.slice(pos, end), this.zone);
          if (Number.isNaN(ts)) return this.fail(pos, expectedOf(field));
          break;
        case F.msec: {
          const value = Number(line.slice(pos, end));
          if (end === pos || !Number.isFinite(value)) return this.fail(pos, expectedOf(field));
          ts = Math.round(value * 1000);
          break;
        }
        case F.request:
          request = line.slice(pos, end);
          break;
        case F.status:
          status = intBetween(line, pos, end);
          if (status < 0 || end - pos !== 3) return this.fail(pos, expectedOf(field));
          break;
        case F.bytes:
          bytes = bytesBetween(line, pos, end);
          if (bytes < 0) return this.fail(pos, expectedOf(field));
          break;
        case F.referer:
          referer = optionalText(line.slice(pos, end));
          break;
        case F.ua:
          ua = optionalText(line.slice(pos, end));
          break;
        case F.xff:
          xff = line.slice(pos, end);
          break;
        case F.seconds:
        case F.millis:
        case F.micros: {
          // `0.012`, `-`, or nginx's `0.012, 0.003` for several upstreams (the first is taken).
          const value = Number.parseFloat(line.slice(pos, end));
          if (Number.isFinite(value)) {
            durationMs = kind === F.seconds ? value * 1000 : kind === F.micros ? value / 1000 : value;
          }
          break;
        }
        case F.vhost:
          vhost = optionalText(line.slice(pos, end));
          break;
        case F.method:
          method = optionalText(line.slice(pos, end));
          break;
        case F.path:
          path = optionalText(line.slice(pos, end));
          break;
        case F.query:
        case F.args: {
          const q = optionalText(line.slice(pos, end));
          if (q !== undefined) query = kind === F.args ? `?${q}` : q;
          break;
        }
        default: // F.protocol
          protocol = optionalText(line.slice(pos, end));
          break;
      }
      pos = end + literal.length;
    }
    const event: Event = { ts, host: this.host, source: 'access', kind: EventKinds.httpRequest };
    if (peer !== undefined) {
      event.ip = xff === undefined ? peer : this.ctx.trustedProxies.clientAddress(peer, xff);
    }
    if (user !== undefined) event.user = user;
    if (request !== undefined) {
      applyRequest(event, request);
    } else {
      if (method !== undefined) event.method = method;
      if (path !== undefined || query !== undefined) event.path = (path ?? '') + (query ?? '');
      if (protocol !== undefined) event.protocol = protocol;
    }
    if (status >= 0) event.status = status;
    if (bytes >= 0) event.bytes = bytes;
    if (referer !== undefined) event.referer = referer;
    if (ua !== undefined) event.ua = ua;
    if (!Number.isNaN(durationMs)) event.durationMs = durationMs;
    if (vhost !== undefined) event.vhost = vhost;
    event.raw = line;
    return event;
  }
}

function definition(id: string, description: string, compiled: Compiled): FormatDefinition {
  return {
    id,
    description,
    source: 'access',
    create: (ctx) => new CompiledParser(id, compiled, ctx),
  };
}

/** A format from an nginx `log_format` string (`$remote_addr - $remote_user [$time_local] …`). */
export function nginxLogFormat(id: string, format: string): FormatDefinition {
  return definition(id, `nginx log_format '${format}'`, compileNginx(id, format));
}

/** A format from an Apache `LogFormat` string (`%h %l %u %t "%r" %>s %b …`). */
export function apacheLogFormat(id: string, format: string): FormatDefinition {
  return definition(id, `Apache LogFormat "${format}"`, compileApache(id, format));
}
