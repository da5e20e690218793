import { readFileSync } from 'node:fs';

/** The package version, for `--version`, the User-Agent of webhooks and CEF's device version. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
