import { readFile } from 'node:fs/promises';
import type { ResolvedConfig } from '../config/schema.js';
import { WarningCodes, type Warning } from '../errors.js';
import { compileCustomRule } from '../detect/custom.js';
import { parseCidr } from '../detect/network.js';
import { BUILTIN_RULES } from '../detect/rules/index.js';
import type { DetectOptions, Rule } from '../detect/types.js';
import { parseDuration } from '../detect/windows.js';

/** The built-in rule pack plus the config's custom rules. */
export function buildRules(config: ResolvedConfig): Rule[] {
  return [
    ...BUILTIN_RULES,
    ...config.detection.custom.map((rule) =>
      compileCustomRule({ ...rule, windowMs: parseDuration(rule.window) }),
    ),
  ];
}

export function detectOptions(config: ResolvedConfig, iocs: readonly string[]): DetectOptions {
  const d = config.detection;
  return {
    cooldownMs: d.cooldownMs,
    allowlist: d.allowlist,
    rules: d.rules,
    webLogin: d.webLogin,
    iocs,
    sensitivePaths: d.sensitivePaths,
    scannerAgents: d.scannerAgents,
  };
}

/**
 * Reads IoC files: one address or CIDR block per line, `#` comments and blank lines ignored.
 * A missing file or a bad line is a warning naming it; the rest is used.
 */
export async function readIocFiles(
  files: readonly string[],
  onWarning: (w: Warning) => void,
): Promise<string[]> {
  const entries: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      onWarning({
        code: WarningCodes.readFailed,
        file,
        message: `cannot read IoC file ${file}: ${(error as Error).message}`,
      });
      continue;
    }
    text.split('\n').forEach((raw, index) => {
      const line = raw.replace(/#.*/, '').trim();
      if (line === '') return;
      if (parseCidr(line) !== undefined) entries.push(line);
      else {
        onWarning({
          code: WarningCodes.iocInvalid,
          file,
          line: index + 1,
          message: `${file}:${String(index + 1)}: "${line.slice(0, 80)}" is not an address or CIDR block; skipped`,
        });
      }
    });
  }
  return entries;
}
