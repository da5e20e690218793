import { z } from 'zod';
import type { Allowlist, RuleSettings, WebLoginOptions } from '../detect/types.js';
import { isValidTimeZone } from '../parse/time.js';
import { cidr, detectionSchema, durationText, type CustomRuleConfig } from './detection.js';
import { serversSchema, type ResolvedServer } from './servers.js';
import { notifySchema, type ResolvedNotify } from './notify.js';
import type { Retention } from '../store/maintain.js';

const timeZone = z.string().refine(isValidTimeZone, {
  message: 'expected an IANA time zone name such as "Europe/Berlin" or "UTC"',
});

const formatName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'expected a format name of lower-case letters, digits, "_" or "-"');

export const inputSchema = z.strictObject({
  path: z.string().min(1, 'expected a file, directory or glob'),
  format: formatName.optional(),
  host: z.string().min(1).optional(),
  timezone: timeZone.optional(),
});

const jsonMappingSchema = z.record(z.string(), z.string());

export const customFormatSchema = z.union([
  z.strictObject({ nginx: z.string().min(1, 'expected an nginx log_format string') }),
  z.strictObject({ apache: z.string().min(1, 'expected an Apache LogFormat string') }),
  z.strictObject({ json: jsonMappingSchema }),
]);

const days = z.number().int().min(1).max(36_500);

/** What a person writes in logwarden.yaml: every key optional. */
export const userConfigSchema = z.strictObject({
  dataDir: z.string().min(1).optional(),
  timezone: timeZone.optional(),
  trustedProxies: z.array(cidr).optional(),
  formats: z.record(formatName, customFormatSchema).optional(),
  inputs: z.array(inputSchema).optional(),
  detection: detectionSchema.optional(),
  notify: notifySchema.optional(),
  servers: serversSchema.optional(),
  watch: z.strictObject({ interval: durationText.optional() }).optional(),
  history: z.strictObject({ retainDays: days.optional() }).optional(),
  alerts: z.strictObject({ retainDays: days.optional() }).optional(),
  rawLogs: z
    .strictObject({ compressAfterDays: days.optional(), removeAfterDays: days.optional() })
    .optional(),
});

export type UserConfig = z.infer<typeof userConfigSchema>;
export type InputConfig = z.infer<typeof inputSchema>;
export type CustomFormatConfig = z.infer<typeof customFormatSchema>;

/** Every default filled; deep-frozen. */
export interface ResolvedConfig {
  /** The file it was read from, or undefined when built from defaults only. */
  readonly file: string | undefined;
  readonly dataDir: string;
  readonly timezone: string;
  readonly trustedProxies: readonly string[];
  readonly formats: Readonly<Record<string, CustomFormatConfig>>;
  readonly inputs: readonly Readonly<InputConfig>[];
  readonly detection: ResolvedDetection;
  readonly notify: ResolvedNotify;
  readonly retention: Retention;
  readonly servers: readonly ResolvedServer[];
  /** How often `watch` collects the servers. */
  readonly collectEveryMs: number;
}

export interface ResolvedDetection {
  readonly cooldownMs: number;
  /** Per built-in rule: enabled, severity, thresholds (durations in ms). */
  readonly rules: Readonly<Record<string, RuleSettings>>;
  readonly custom: readonly CustomRuleConfig[];
  readonly allowlist: Allowlist;
  /** Absolute paths of IoC files (one address or CIDR per line). */
  readonly iocFiles: readonly string[];
  readonly webLogin: WebLoginOptions;
  readonly sensitivePaths: { readonly extra: readonly string[]; readonly allow: readonly string[] };
  readonly scannerAgents: readonly string[];
}
