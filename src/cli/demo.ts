import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import { resolveConfig } from '../config/load.js';
import { runAnalyze } from './analyze.js';

/** The bundled sample logs, found relative to this module (works from dist/ and from an npm install). */
export const SAMPLE_LOGS = fileURLToPath(new URL('../../examples/sample-logs/', import.meta.url));

/** Analyzes the bundled sample logs: no config, no network. */
export async function runDemo(): Promise<number> {
  console.log(pc.bold(`logwarden demo: analyzing the bundled sample logs in ${SAMPLE_LOGS}\n`));
  const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());
  await runAnalyze([SAMPLE_LOGS], {}, config);
  console.log(
    `\nNext: ${pc.cyan('npx logwarden analyze /var/log/nginx/access.log /var/log/auth.log')}` +
      `\n      ${pc.cyan('npx logwarden explain "<a log line>"')}  shows how one line is understood`,
  );
  return 0;
}
