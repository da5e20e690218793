import { ErrorCodes, LogwardenError } from '../../errors.js';
import { EventKinds, type Event } from '../../events.js';
import { digitsAt, localToUtc, offsetDesignatorAt, isValidDateTime } from '../time.js';
import type { FormatDefinition, ParseContext } from '../types.js';
import { CLF_TIME_LENGTH, ClfClock } from './clf.js';
import { applyRequest, stripPort } from './request.js';
import { ScanningParser } from '../scanning.js';

/**
 * JSON access logs (one object per line): a mapping names, for each event field, the dotted path of
 * the JSON key holding it (`request.headers.User-Agent`); `a|b` tries `a` then `b`; arrays give their
 * first element. Presets for Caddy, Traefik and nginx `escape=json`.
 */

/** Event field → dotted JSON path, plus optional `tsUnit` / `durationUnit` (`s`, `ms`, `us`, `ns`). */
export type JsonFieldMapping = Readonly<Record<string, string>>;

const FIELD_KEYS = [
  'ts',
  'ip',
  'xff',
  'user',
  'method',
  'path',
  'protocol',
  'status',
  'bytes',
  'ua',
  'referer',
  'durationMs',
  'vhost',
  'request',
] as const;
type FieldKey = (typeof FIELD_KEYS)[number];

const UNITS: Readonly<Record<string, number>> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

/** UTC epoch ms of an ISO 8601 timestamp (`2026-11-24T19:04:06.123+01:00`, `Z`, zone-less → `zone`); NaN if none. */
export function isoTimestampToMs(text: string, zone: string): number {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const sep = text.charCodeAt(10);
  if (
    year < 1000 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (sep !== 84 && sep !== 32 && sep !== 116) ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(11) === 32 ||
    text.charCodeAt(17) === 32 ||
    !isValidDateTime(month, day, hour, minute, second)
  ) {
    return Number.NaN;
  }
  let p = 19;
  let ms = 0;
  if (text.charCodeAt(p) === 46 || text.charCodeAt(p) === 44) {
    let end = p + 1;
    let scale = 100;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c < 48 || c > 57) break;
      ms += (c - 48) * scale;
      scale /= 10;
      end++;
    }
    if (end === p + 1) return Number.NaN;
    ms = Math.floor(ms);
    p = end;
  }
  if (p === text.length) return localToUtc(year, month - 1, day, hour, minute, second, ms, zone);
  const offset = offsetDesignatorAt(text, p);
  const designatorLength =
    text.charCodeAt(p) === 90 || text.charCodeAt(p) === 122 ? 1 : text.charCodeAt(p + 3) === 58 ? 6 : 5;
  if (Number.isNaN(offset) || p + designatorLength !== text.length) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '' && value.trim() === value) return Number(value);
  return Number.NaN;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' || value === '-' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** One way to reach a value: the path's segments, and the whole path as a flat key (`"http.method"`). */
interface Path {
  readonly flat: string;
  readonly segments: readonly (string | number)[];
}

function compilePath(id: string, key: string, path: string): Path[] {
  return path.split('|').map((alternative) => {
    const segments: (string | number)[] = [];
    for (const part of alternative.trim().split('.')) {
      let name = part;
      const indexes: number[] = [];
      for (let m = /\[(\d+)\]$/.exec(name); m !== null; m = /\[(\d+)\]$/.exec(name)) {
        indexes.unshift(Number(m[1]));
        name = name.slice(0, m.index);
      }
      if (name === '') {
        throw new LogwardenError(
          ErrorCodes.formatInvalid,
          `formats.${id}: json.${key}: "${path}" is not a dotted key path such as request.headers.User-Agent`,
        );
      }
      segments.push(name, ...indexes);
    }
    return { flat: alternative.trim(), segments };
  });
}

function resolve(record: Record<string, unknown>, paths: readonly Path[] | undefined): unknown {
  if (paths === undefined) return undefined;
  for (const path of paths) {
    let value: unknown = path.segments.length > 1 ? record[path.flat] : undefined;
    if (value === undefined) {
      value = record;
      for (const segment of path.segments) {
        if (Array.isArray(value) && typeof segment === 'string') value = value[0] as unknown;
        if (value === null || typeof value !== 'object') {
          value = undefined;
          break;
        }
        value = (value as Record<string | number, unknown>)[segment];
      }
    }
    if (Array.isArray(value)) value = value[0] as unknown;
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

type CompiledMapping = Partial<Record<FieldKey, Path[]>>;

function unitOf(id: string, mapping: JsonFieldMapping, key: 'tsUnit' | 'durationUnit'): number | undefined {
  const unit = mapping[key];
  if (unit === undefined) return undefined;
  const factor = UNITS[unit];
  if (factor === undefined) {
    throw new LogwardenError(
      ErrorCodes.formatInvalid,
      `formats.${id}: json.${key}: "${unit}" is not a unit; expected s, ms, us or ns`,
    );
  }
  return factor;
}

class JsonParser extends ScanningParser {
  private readonly clock = new ClfClock();

  constructor(
    readonly format: string,
    private readonly paths: CompiledMapping,
    private readonly tsUnit: number | undefined,
    private readonly durationUnit: number,
    private readonly tsName: string,
    private readonly ctx: ParseContext,
  ) {
    super(ctx);
  }

  private timestamp(value: unknown): number {
    const n = numberOf(value);
    if (Number.isFinite(n)) {
      if (this.tsUnit !== undefined) return Math.round(n * this.tsUnit);
      // No unit given: the magnitude tells (seconds until year 5138, then ms, µs, ns).
      const abs = Math.abs(n);
      const factor = abs < 1e11 ? 1000 : abs < 1e14 ? 1 : abs < 1e17 ? 0.001 : 0.000001;
      return Math.round(n * factor);
    }
    if (typeof value !== 'string') return Number.NaN;
    if (value.charCodeAt(4) === 45) return isoTimestampToMs(value, this.ctx.timezone);
    const at = value.charCodeAt(0) === 91 ? 1 : 0;
    if (value.length !== at * 2 + CLF_TIME_LENGTH) return Number.NaN;
    return this.clock.read(value, at);
  }

  protected scan(line: string): Event | null {
    if (line.charCodeAt(0) !== 123) return this.fail(0, '"{" (a JSON object)');
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      const position = /position (\d+)/.exec(String(error));
      return this.fail(Math.min(Number(position?.[1] ?? 0), line.length), 'valid JSON');
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      return this.fail(0, 'a JSON object');
    }
    const r = record as Record<string, unknown>;
    const p = this.paths;
    const ts = this.timestamp(resolve(r, p.ts));
    if (Number.isNaN(ts)) return this.fail(0, `a timestamp at "${this.tsName}"`);
    const event: Event = { ts, host: this.ctx.host, source: 'access', kind: EventKinds.httpRequest };

    const peer = stringOf(resolve(r, p.ip));
    if (peer !== undefined) {
      const forwarded: unknown = p.xff === undefined ? undefined : resolveAll(r, p.xff);
      const xff = Array.isArray(forwarded) ? forwarded.join(', ') : stringOf(forwarded);
      event.ip = this.ctx.trustedProxies.clientAddress(stripPort(peer), xff);
    }
    const user = stringOf(resolve(r, p.user));
    if (user !== undefined) event.user = user;
    const request = resolve(r, p.request);
    if (typeof request === 'string') {
      applyRequest(event, request);
    } else {
      const method = stringOf(resolve(r, p.method));
      if (method !== undefined) event.method = method;
      const path = stringOf(resolve(r, p.path));
      if (path !== undefined) event.path = path;
      const protocol = stringOf(resolve(r, p.protocol));
      if (protocol !== undefined) event.protocol = protocol;
    }
    const status = numberOf(resolve(r, p.status));
    if (Number.isInteger(status) && status >= 0) event.status = status;
    const bytesValue = resolve(r, p.bytes);
    const bytes = bytesValue === '-' ? 0 : numberOf(bytesValue);
    if (Number.isInteger(bytes) && bytes >= 0) event.bytes = bytes;
    const referer = stringOf(resolve(r, p.referer));
    if (referer !== undefined) event.referer = referer;
    const ua = stringOf(resolve(r, p.ua));
    if (ua !== undefined) event.ua = ua;
    const duration = numberOf(resolve(r, p.durationMs));
    if (Number.isFinite(duration)) event.durationMs = duration * this.durationUnit;
    const vhost = stringOf(resolve(r, p.vhost));
    if (vhost !== undefined) event.vhost = vhost;
    if (
      (p.status !== undefined || p.request !== undefined || p.method !== undefined || p.path !== undefined) &&
      event.status === undefined &&
      event.method === undefined &&
      event.path === undefined &&
      event.malformed === undefined
    ) {
      // A record of the same log stream that is not a request (Caddy's own runtime messages).
      return this.fail(0, 'an access record (status, request, method or path)');
    }
    event.raw = line;
    return event;
  }
}

/** Like resolve, but an array value is kept whole (X-Forwarded-For as a header list). */
function resolveAll(record: Record<string, unknown>, paths: readonly Path[]): unknown {
  for (const path of paths) {
    let value: unknown = record;
    for (const segment of path.segments) {
      if (value === null || typeof value !== 'object') {
        value = undefined;
        break;
      }
      value = (value as Record<string | number, unknown>)[segment];
    }
    if (value === undefined && path.segments.length > 1) value = record[path.flat];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** A JSON access-log format from a field mapping; unknown keys or units are LW_FORMAT_INVALID. */
export function jsonAccessFormat(id: string, mapping: JsonFieldMapping): FormatDefinition {
  const paths: CompiledMapping = {};
  for (const [key, path] of Object.entries(mapping)) {
    if (key === 'tsUnit' || key === 'durationUnit') continue;
    if (!(FIELD_KEYS as readonly string[]).includes(key)) {
      throw new LogwardenError(
        ErrorCodes.formatInvalid,
        `formats.${id}: json: unknown key "${key}"; expected ${FIELD_KEYS.join(', ')}, tsUnit or durationUnit`,
      );
    }
    paths[key as FieldKey] = compilePath(id, key, path);
  }
  const tsName = mapping.ts;
  if (tsName === undefined) {
    throw new LogwardenError(
      ErrorCodes.formatInvalid,
      `formats.${id}: json: "ts" (the timestamp key) is required`,
    );
  }
  const tsUnit = unitOf(id, mapping, 'tsUnit');
  const durationUnit = unitOf(id, mapping, 'durationUnit') ?? 1;
  return {
    id,
    description: `JSON access log (${Object.entries(mapping)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')})`,
    source: 'access',
    create: (ctx) => new JsonParser(id, paths, tsUnit, durationUnit, tsName, ctx),
  };
}

function preset(format: FormatDefinition, description: string): FormatDefinition {
  return { ...format, description };
}

export const caddyFormat: FormatDefinition = preset(
  jsonAccessFormat('caddy', {
    ts: 'ts',
    tsUnit: 's',
    ip: 'request.remote_ip|request.client_ip|request.remote_addr',
    xff: 'request.headers.X-Forwarded-For',
    user: 'user_id',
    method: 'request.method',
    path: 'request.uri',
    protocol: 'request.proto',
    vhost: 'request.host',
    ua: 'request.headers.User-Agent',
    referer: 'request.headers.Referer',
    status: 'status',
    bytes: 'size',
    durationMs: 'duration',
    durationUnit: 's',
  }),
  'Caddy v2 JSON access log (`{"ts":…,"request":{"remote_ip":…,"method":…,"uri":…},"status":…}`)',
);

export const traefikFormat: FormatDefinition = preset(
  jsonAccessFormat('traefik', {
    ts: 'StartUTC|StartLocal|time',
    ip: 'ClientHost',
    xff: 'request_X-Forwarded-For',
    user: 'ClientUsername',
    method: 'RequestMethod',
    path: 'RequestPath',
    protocol: 'RequestProtocol',
    vhost: 'RequestHost',
    ua: 'request_User-Agent',
    referer: 'request_Referer',
    status: 'DownstreamStatus',
    bytes: 'DownstreamContentSize',
    durationMs: 'Duration',
    durationUnit: 'ns',
  }),
  'Traefik JSON access log (`{"ClientHost":…,"RequestMethod":…,"DownstreamStatus":…,"StartUTC":…}`)',
);

export const nginxJsonFormat: FormatDefinition = preset(
  jsonAccessFormat('nginx_json', {
    ts: 'time_iso8601|time_local|msec',
    ip: 'remote_addr',
    xff: 'http_x_forwarded_for',
    user: 'remote_user',
    request: 'request',
    method: 'request_method',
    path: 'request_uri',
    protocol: 'server_protocol',
    vhost: 'host',
    ua: 'http_user_agent',
    referer: 'http_referer',
    status: 'status',
    bytes: 'body_bytes_sent',
    durationMs: 'request_time',
    durationUnit: 's',
  }),
  'nginx `log_format … escape=json` with the variable names as keys (`{"remote_addr":…,"time_iso8601":…,"request":…}`)',
);
