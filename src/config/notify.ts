import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, SEVERITIES, type Severity } from '../detect/types.js';
import type { Route } from '../notify/plan.js';
import { parseDuration } from '../detect/windows.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { durationText } from './detection.js';
import { resolveSecret, type Secret } from './secrets.js';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected a channel name of letters, digits, "_" or "-"');
const port = z.number().int().min(1).max(65_535);
const email = z.string().regex(/^[^\s<>@]+@[^\s<>@]+$|^[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>$/, {
  message: 'expected an email address such as "ops@example.org" or "Ops <ops@example.org>"',
});

/** Syslog facilities by name (RFC 5424 numbers). */
const FACILITIES: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  authpriv: 10,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** What every channel has: a name, what reaches it, and how often. */
const common = {
  name,
  minSeverity: z.enum(SEVERITIES).optional(),
  categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
  hosts: z.array(z.string().min(1)).min(1).optional(),
  rate: z
    .strictObject({ perHour: z.number().int().min(1).optional(), digestEvery: durationText.optional() })
    .optional(),
  timeout: durationText.optional(),
};

const emailChannel = z.strictObject({
  ...common,
  type: z.literal('email'),
  host: z.string().min(1),
  port: port.optional(),
  security: z.enum(['tls', 'starttls', 'none']).optional(),
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  from: email,
  to: z.union([
    z.array(email).min(1),
    z
      .partialRecord(z.enum(SEVERITIES), z.array(email).min(1))
      .refine((r) => Object.keys(r).length > 0, { message: 'expected recipients for at least one severity' }),
  ]),
  ca: z.string().min(1).optional(),
});

const webhookChannel = z.strictObject({
  ...common,
  type: z.literal('webhook'),
  url: z.string().min(1),
  format: z.enum(['json', 'slack', 'teams']).optional(),
  secret: z.string().min(1).optional(),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name'), z.string())
    .optional(),
});

const syslogChannel = z.strictObject({
  ...common,
  type: z.literal('syslog'),
  host: z.string().min(1),
  port: port.optional(),
  protocol: z.enum(['udp', 'tcp', 'tls']).optional(),
  format: z.enum(['json', 'cef']).optional(),
  facility: z
    .union([z.number().int().min(0).max(23), z.enum(Object.keys(FACILITIES) as [string, ...string[]])])
    .optional(),
  ca: z.string().min(1).optional(),
});

const commandChannel = z.strictObject({
  ...common,
  type: z.literal('command'),
  command: z.array(z.string().min(1)).min(1),
});

export const channelSchema = z.discriminatedUnion('type', [
  emailChannel,
  webhookChannel,
  syslogChannel,
  commandChannel,
]);

export const notifySchema = z.strictObject({
  channels: z
    .array(channelSchema)
    .refine((list) => new Set(list.map((c) => c.name)).size === list.length, {
      message: 'channel names must be unique',
    })
    .optional(),
});

export type ChannelConfig = z.infer<typeof channelSchema>;
export type NotifyConfig = z.infer<typeof notifySchema>;

/** Routing and budget (see `Route`), plus how long one delivery may take. */
interface ResolvedCommon extends Route {
  readonly timeoutMs: number;
}

export type ResolvedChannel = ResolvedCommon &
  (
    | {
        readonly type: 'email';
        readonly host: string;
        readonly port: number;
        readonly security: 'tls' | 'starttls' | 'none';
        readonly user: string | undefined;
        readonly password: Secret | undefined;
        readonly from: string;
        readonly to: Readonly<Partial<Record<Severity, readonly string[]>>>;
        readonly ca: string | undefined;
      }
    | {
        readonly type: 'webhook';
        readonly url: Secret;
        readonly format: 'json' | 'slack' | 'teams';
        readonly secret: Secret | undefined;
        readonly headers: Readonly<Record<string, string>>;
      }
    | {
        readonly type: 'syslog';
        readonly host: string;
        readonly port: number;
        readonly protocol: 'udp' | 'tcp' | 'tls';
        readonly format: 'json' | 'cef';
        readonly facility: number;
        readonly ca: string | undefined;
      }
    | { readonly type: 'command'; readonly command: readonly string[] }
  );

export interface ResolvedNotify {
  readonly channels: readonly ResolvedChannel[];
}

/** Defaults: medium and up, ten messages an hour, then a digest at most hourly. */
export const DEFAULT_MIN_SEVERITY: Severity = 'medium';
export const DEFAULT_PER_HOUR = 10;
export const DEFAULT_DIGEST_EVERY_MS = 3_600_000;

function readCa(path: string | undefined, baseDir: string, key: string): string | undefined {
  if (path === undefined) return undefined;
  const file = resolve(baseDir, path);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new LogwardenError(
      ErrorCodes.configInvalid,
      `${key}: cannot read CA file ${file}: ${(error as Error).message}`,
    );
  }
}

/** The URL must be http(s); the message never quotes it (Slack and Teams URLs carry their token). */
function webhookUrl(url: Secret, key: string): Secret {
  const parsed = URL.canParse(url.reveal()) ? new URL(url.reveal()) : undefined;
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new LogwardenError(
      ErrorCodes.configInvalid,
      `${key}: expected an http:// or https:// URL (${url.origin})`,
    );
  }
  return url;
}

export function resolveNotify(
  user: NotifyConfig,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedNotify {
  const channels = (user.channels ?? []).map((channel, index): ResolvedChannel => {
    const key = `notify.channels.${String(index)}`;
    const base: ResolvedCommon = {
      name: channel.name,
      minSeverity: channel.minSeverity ?? DEFAULT_MIN_SEVERITY,
      categories: channel.categories,
      hosts: channel.hosts,
      perHour: channel.rate?.perHour ?? DEFAULT_PER_HOUR,
      digestEveryMs:
        channel.rate?.digestEvery === undefined
          ? DEFAULT_DIGEST_EVERY_MS
          : parseDuration(channel.rate.digestEvery),
      timeoutMs:
        channel.timeout === undefined
          ? channel.type === 'command'
            ? 30_000
            : 10_000
          : parseDuration(channel.timeout),
    };
    switch (channel.type) {
      case 'email': {
        const security = channel.security ?? (channel.port === 465 ? 'tls' : 'starttls');
        return {
          ...base,
          type: 'email',
          host: channel.host,
          port: channel.port ?? (security === 'tls' ? 465 : security === 'starttls' ? 587 : 25),
          security,
          user: channel.user,
          password:
            channel.password === undefined
              ? undefined
              : resolveSecret(channel.password, `${key}.password`, env),
          from: channel.from,
          to: Array.isArray(channel.to) ? { low: channel.to } : channel.to,
          ca: readCa(channel.ca, baseDir, `${key}.ca`),
        };
      }
      case 'webhook':
        return {
          ...base,
          type: 'webhook',
          url: webhookUrl(resolveSecret(channel.url, `${key}.url`, env), `${key}.url`),
          format: channel.format ?? 'json',
          secret:
            channel.secret === undefined ? undefined : resolveSecret(channel.secret, `${key}.secret`, env),
          headers: channel.headers ?? {},
        };
      case 'syslog': {
        const protocol = channel.protocol ?? 'udp';
        const facility = channel.facility ?? 'authpriv';
        return {
          ...base,
          type: 'syslog',
          host: channel.host,
          port: channel.port ?? (protocol === 'tls' ? 6514 : 514),
          protocol,
          format: channel.format ?? 'json',
          facility: typeof facility === 'number' ? facility : (FACILITIES[facility] ?? 10),
          ca: readCa(channel.ca, baseDir, `${key}.ca`),
        };
      }
      case 'command':
        return {
          ...base,
          type: 'command',
          command: channel.command.map((arg, i) =>
            i === 0 && arg.includes('/') ? resolve(baseDir, arg) : arg,
          ),
        };
    }
  });
  return { channels };
}
