import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { systemTimeZone } from '../parse/time.js';
import type { RuleSettings } from '../detect/types.js';
import { parseDuration } from '../detect/windows.js';
import { resolveNotify } from './notify.js';
import { resolveServers } from './servers.js';
import { userConfigSchema, type ResolvedConfig, type ResolvedDetection, type UserConfig } from './schema.js';

export interface LoadOptions {
  /** `--config`: must exist when given. */
  explicitPath?: string | undefined;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The lookup order: `--config`, `./logwarden.yaml`, `$XDG_CONFIG_HOME/logwarden/config.yaml`, `/etc/logwarden/config.yaml`. */
export function configCandidates(options: LoadOptions = {}): string[] {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const xdg = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config');
  return [join(cwd, 'logwarden.yaml'), join(xdg, 'logwarden', 'config.yaml'), '/etc/logwarden/config.yaml'];
}

export function findConfigFile(options: LoadOptions = {}): string | undefined {
  if (options.explicitPath !== undefined) {
    const path = resolve(options.cwd ?? process.cwd(), options.explicitPath);
    if (!existsSync(path)) {
      throw new LogwardenError(ErrorCodes.configNotFound, `config file ${path} does not exist`);
    }
    return path;
  }
  return configCandidates(options).find((path) => existsSync(path));
}

/** Finds, reads and validates the config; with no file anywhere, the defaults. */
export function loadConfig(options: LoadOptions = {}): ResolvedConfig {
  const file = findConfigFile(options);
  if (file === undefined) return resolveConfig({}, undefined, options.cwd ?? process.cwd());
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LogwardenError(
      ErrorCodes.configNotFound,
      `cannot read config file ${file}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return parseConfigText(text, file, options.cwd);
}

/** Validates YAML text; errors name the file, the line, the key path and what was expected. */
export function parseConfigText(text: string, file: string, cwd = process.cwd()): ResolvedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError !== undefined) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    throw new LogwardenError(
      ErrorCodes.configSyntax,
      `${file}:${line}:${col}: YAML syntax error: ${firstError.message.split('\n')[0] ?? ''}`,
    );
  }
  const data: unknown = doc.toJS() ?? {};
  const result = userConfigSchema.safeParse(data);
  if (!result.success) {
    throw new LogwardenError(
      ErrorCodes.configInvalid,
      result.error.issues.map((issue) => describeIssue(issue, doc, lineCounter, file)).join('\n'),
    );
  }
  return resolveConfig(result.data, file, cwd);
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, file: string): string {
  const path = issue.path.filter((p) => typeof p !== 'symbol');
  // A missing key has no node: point at the nearest enclosing one that exists.
  let range: [number, number, number] | undefined;
  for (let depth = path.length; depth >= 0 && range === undefined; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node)) range = node.range ?? undefined;
  }
  const where = range ? `${file}:${lines.linePos(range[0]).line}` : file;
  const key = path.length > 0 ? path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `${where}: ${key}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return `${where}: ${key}: missing (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  }
  return `${where}: ${key}: ${issue.message}`;
}

/**
 * Fills defaults and freezes. Paths written in a config file are relative to that file's folder;
 * the default data dir is relative to the working directory.
 */
export function resolveConfig(user: UserConfig, file: string | undefined, cwd: string): ResolvedConfig {
  const baseDir = file === undefined ? cwd : dirname(file);
  const config: ResolvedConfig = {
    file,
    dataDir: user.dataDir === undefined ? resolve(cwd, 'logwarden-data') : resolve(baseDir, user.dataDir),
    timezone: user.timezone ?? systemTimeZone(),
    trustedProxies: user.trustedProxies ?? [],
    formats: user.formats ?? {},
    inputs: (user.inputs ?? []).map((input) =>
      input.path === '-' ? input : { ...input, path: resolve(baseDir, input.path) },
    ),
    detection: resolveDetection(user.detection ?? {}, baseDir),
    notify: resolveNotify(user.notify ?? {}, baseDir),
    servers: resolveServers(user.servers ?? [], baseDir),
    collectEveryMs: user.watch?.interval === undefined ? 15 * 60_000 : parseDuration(user.watch.interval),
    retention: {
      eventDays: user.history?.retainDays ?? 90,
      alertDays: user.alerts?.retainDays ?? 400,
      rawCompressDays: user.rawLogs?.compressAfterDays ?? 7,
      rawRemoveDays: user.rawLogs?.removeAfterDays ?? 90,
    },
  };
  return deepFreeze(config);
}

/** Login endpoints of common applications; a site adds its own with `detection.webLogin.paths`. */
export const DEFAULT_LOGIN_PATHS = [
  '/login',
  '/signin',
  '/sign-in',
  '/user/login',
  '/users/sign_in',
  '/account/login',
  '/accounts/login',
  '/auth/login',
  '/api/login',
  '/api/auth/login',
  '/admin/login',
  '/wp-login.php',
];

function resolveDetection(user: NonNullable<UserConfig['detection']>, baseDir: string): ResolvedDetection {
  const rules: Record<string, RuleSettings> = {};
  for (const [id, settings] of Object.entries(user.rules ?? {})) {
    const thresholds: Record<string, number> = {};
    for (const [name, value] of Object.entries(settings.thresholds ?? {})) {
      thresholds[name] = typeof value === 'string' ? parseDuration(value) : value;
    }
    rules[id] = { enabled: settings.enabled, severity: settings.severity, thresholds };
  }
  const login = user.webLogin ?? {};
  return {
    cooldownMs: parseDuration(user.cooldown ?? '30m'),
    rules,
    custom: user.custom ?? [],
    allowlist: {
      ips: user.allowlist?.ips ?? [],
      users: user.allowlist?.users ?? [],
      paths: user.allowlist?.paths ?? [],
      userAgents: user.allowlist?.userAgents ?? [],
    },
    iocFiles: (user.iocFiles ?? []).map((file) => resolve(baseDir, file)),
    webLogin: {
      paths: login.paths ?? DEFAULT_LOGIN_PATHS,
      methods: login.methods ?? ['POST'],
      failureStatus: login.failureStatus ?? [401, 403],
      successStatus: login.successStatus ?? [301, 302, 303],
      failureRedirect: login.failureRedirect,
    },
    sensitivePaths: { extra: user.sensitivePaths?.extra ?? [], allow: user.sensitivePaths?.allow ?? [] },
    scannerAgents: user.scannerAgents ?? [],
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
