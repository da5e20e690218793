import { z } from 'zod';
import { parseCidr } from '../detect/network.js';
import { BUILTIN_RULES } from '../detect/rules/index.js';
import { CATEGORIES, SEVERITIES } from '../detect/types.js';
import { parseDuration } from '../detect/windows.js';

export const cidr = z.string().refine((value) => parseCidr(value) !== undefined, {
  message: 'expected an IP address or CIDR block such as "10.0.0.0/8" or "2001:db8::/32"',
});

export const durationText = z.string().refine((s) => parseDuration(s) > 0, {
  message: 'expected a duration such as "90s", "10m", "2h" or "1d"',
});

/** A threshold: a number, or a duration for `…Ms` thresholds. */
const thresholdValue = z.union([z.number().nonnegative(), durationText]);

const ruleSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  thresholds: z.record(z.string(), thresholdValue).optional(),
});

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const matchValue = z.union([
  scalar,
  z.array(scalar).min(1),
  z.strictObject({ regex: z.string() }),
  z.strictObject({ prefix: z.string() }),
  z
    .strictObject({ gte: z.number(), gt: z.number(), lte: z.number(), lt: z.number() })
    .partial()
    .refine((r) => Object.keys(r).length > 0, { message: 'expected gte, gt, lte or lt' }),
]);

const eventFields = [
  'host',
  'source',
  'kind',
  'ip',
  'user',
  'method',
  'path',
  'status',
  'bytes',
  'ua',
  'referer',
  'durationMs',
  'program',
  'authMethod',
  'vhost',
  'level',
  'message',
] as const;
const groupField = z.enum([...eventFields, 'ip/24'] as const);

const exampleLine = z.union([
  z.string(),
  z.strictObject({ line: z.string(), times: z.number().int().positive().max(100_000), every: durationText }),
]);
const exampleSchema = z.strictObject({ name: z.string(), lines: z.array(exampleLine).min(1) });

export const customRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a rule id of lower-case letters, digits and "-"'),
    description: z.string().default(''),
    category: z.enum(CATEGORIES).default('anomaly'),
    severity: z.enum(SEVERITIES).default('medium'),
    /** Event fields and what they must be; all must hold. */
    match: z.partialRecord(z.enum(eventFields), matchValue),
    groupBy: z.array(groupField).default([]),
    /** Count distinct values of this field instead of events. */
    distinct: z.enum(eventFields).optional(),
    window: durationText,
    threshold: z.number().int().positive(),
    message: z.string().default('{count} matching events for {key} in {window}'),
    action: z.string().default(''),
    examples: z
      .strictObject({
        valid: z.array(exampleSchema).default([]),
        invalid: z.array(exampleSchema.extend({ alerts: z.number().int().nonnegative() })).default([]),
      })
      .optional(),
  })
  .superRefine((rule, ctx) => {
    for (const [field, value] of Object.entries(rule.match)) {
      if (typeof value === 'object' && 'regex' in value) {
        try {
          new RegExp(value.regex);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            path: ['match', field, 'regex'],
            message: (error as Error).message,
          });
        }
      }
    }
  });

export const detectionSchema = z
  .strictObject({
    cooldown: durationText.optional(),
    rules: z.record(z.string(), ruleSettingsSchema).optional(),
    custom: z.array(customRuleSchema).optional(),
    allowlist: z
      .strictObject({
        ips: z.array(cidr).optional(),
        users: z.array(z.string()).optional(),
        paths: z.array(z.string()).optional(),
        userAgents: z.array(z.string()).optional(),
      })
      .optional(),
    iocFiles: z.array(z.string()).optional(),
    webLogin: z
      .strictObject({
        paths: z.array(z.string().startsWith('/')).optional(),
        methods: z.array(z.string()).optional(),
        failureStatus: z.array(z.number().int()).optional(),
        successStatus: z.array(z.number().int()).optional(),
        failureRedirect: z.string().startsWith('/').optional(),
      })
      .optional(),
    sensitivePaths: z
      .strictObject({ extra: z.array(z.string()).optional(), allow: z.array(z.string()).optional() })
      .optional(),
    scannerAgents: z.array(z.string()).optional(),
  })
  .superRefine((detection, ctx) => {
    const known = new Map(BUILTIN_RULES.map((rule) => [rule.meta.id, rule]));
    for (const [id, settings] of Object.entries(detection.rules ?? {})) {
      const rule = known.get(id);
      if (rule === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', id],
          message: `no built-in rule "${id}"; \`logwarden rules list\` shows them`,
        });
        continue;
      }
      for (const [name, value] of Object.entries(settings.thresholds ?? {})) {
        if (!(name in rule.meta.thresholds)) {
          const names = Object.keys(rule.meta.thresholds).join(', ');
          ctx.addIssue({
            code: 'custom',
            path: ['rules', id, 'thresholds', name],
            message: `rule ${id} has no threshold "${name}"; it has ${names === '' ? 'none' : names}`,
          });
        } else if (typeof value === 'string' && !name.endsWith('Ms')) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', id, 'thresholds', name],
            message: 'expected a number (only the …Ms thresholds take durations)',
          });
        }
      }
    }
    const ids = new Set<string>(known.keys());
    (detection.custom ?? []).forEach((rule, index) => {
      if (ids.has(rule.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['custom', index, 'id'],
          message: `rule id "${rule.id}" is taken`,
        });
      }
      ids.add(rule.id);
    });
  });

export type DetectionConfig = z.infer<typeof detectionSchema>;
export type CustomRuleConfig = z.infer<typeof customRuleSchema>;
