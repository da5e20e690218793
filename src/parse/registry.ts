import type { CustomFormatConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { combinedFormat, commonFormat, vhostCombinedFormat } from './access/clf.js';
import { caddyFormat, jsonAccessFormat, nginxJsonFormat, traefikFormat } from './access/json.js';
import { apacheLogFormat, nginxLogFormat } from './access/logformat.js';
import { apacheErrorFormat } from './error/apache.js';
import { nginxErrorFormat } from './error/nginx.js';
import { journaldFormat, rfc5424Format, syslogFormat } from './syslog/formats.js';
import type { FormatDefinition, ParseContext } from './types.js';

/**
 * Built-in formats in detection order: when two formats accept the same share of a file's first
 * lines, the earlier (more specific) one wins — vhost_combined before combined before common.
 */
export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
  vhostCombinedFormat,
  combinedFormat,
  commonFormat,
  nginxJsonFormat,
  caddyFormat,
  traefikFormat,
  syslogFormat,
  rfc5424Format,
  journaldFormat,
  apacheErrorFormat,
  nginxErrorFormat,
];

/** How many of a file's first non-empty lines format detection looks at. */
export const DETECTION_SAMPLE = 50;

export interface Detection {
  readonly format: FormatDefinition;
  readonly matched: number;
  readonly sampled: number;
}

export class FormatRegistry {
  /** Custom formats from config first (the user's intent), then the built-ins. */
  readonly formats: readonly FormatDefinition[];

  constructor(custom: Readonly<Record<string, CustomFormatConfig>> = {}) {
    const compiled = Object.entries(custom).map(([id, spec]) => compileCustomFormat(id, spec));
    const builtinIds = new Set(BUILTIN_FORMATS.map((f) => f.id));
    for (const format of compiled) {
      if (builtinIds.has(format.id)) {
        throw new LogwardenError(
          ErrorCodes.configInvalid,
          `formats.${format.id}: "${format.id}" is a built-in format name; choose another name`,
        );
      }
    }
    this.formats = [...compiled, ...BUILTIN_FORMATS];
  }

  get(id: string): FormatDefinition {
    const format = this.formats.find((f) => f.id === id);
    if (format === undefined) {
      throw new LogwardenError(
        ErrorCodes.formatUnknown,
        `unknown format "${id}"; known formats: ${this.formats.map((f) => f.id).join(', ')}`,
      );
    }
    return format;
  }

  /** The format that accepts most of the sample lines (earliest on ties), or undefined when none accepts any. */
  detect(lines: readonly string[], ctx: ParseContext): Detection | undefined {
    const sample = lines.filter((line) => line.trim() !== '').slice(0, DETECTION_SAMPLE);
    let best: Detection | undefined;
    const ignore = (): void => undefined;
    for (const format of this.formats) {
      const parser = format.create(ctx);
      let matched = 0;
      for (const line of sample) if (parser.parse(line, ignore)) matched++;
      if (matched > 0 && (best === undefined || matched > best.matched)) {
        best = { format, matched, sampled: sample.length };
      }
    }
    return best;
  }
}

function compileCustomFormat(id: string, spec: CustomFormatConfig): FormatDefinition {
  if ('nginx' in spec) return nginxLogFormat(id, spec.nginx);
  if ('apache' in spec) return apacheLogFormat(id, spec.apache);
  return jsonAccessFormat(id, spec.json);
}
