import { evidenceAt } from './evidence.js';

/**
 * Expression-language injections: Log4Shell lookups, Shellshock function definitions and
 * server-side template injection. Each function takes text already through `decodeForMatching`
 * (decoded, lowercased) and returns the evidence it found, or undefined.
 */

/**
 * One innermost Log4j lookup that evaluates to a literal, as used to hide `jndi`:
 * `${lower:j}`, `${upper:j}`, `${::-j}`, `${env:NOPE:-j}`, `${date:'j'}`. Group 1 is the value.
 * Every part is bounded and excludes `$`, `{` and `}`, so there is nothing to backtrack into.
 */
const LOG4J_LOOKUP = /\$\{(?:lower:|upper:|date:'?|[^${}:]{0,40}:[^${}]{0,80}?:-)([^${}]{0,80}?)'?\}/g;
const JNDI = /\$\{\s*jndi\s*:/;
/** Obfuscations nest a few levels; a payload needing more than this is not a Log4j payload. */
const MAX_LOOKUP_PASSES = 8;

/** A Log4Shell payload (`${jndi:…}`, also hidden behind nested lookups): the resolved text. */
export function findLog4Shell(text: string): string | undefined {
  let resolved = text;
  for (let pass = 0; pass <= MAX_LOOKUP_PASSES; pass++) {
    const jndi = JNDI.exec(resolved);
    if (jndi !== null) return evidenceAt(resolved, jndi.index, jndi[0].length);
    const next = resolved.replace(LOG4J_LOOKUP, '$1');
    if (next === resolved) return undefined;
    resolved = next;
  }
  return undefined;
}

/** Bash function definition in a variable (CVE-2014-6271): `() { :; };`. */
const SHELLSHOCK = /\(\s*\)\s*\{/;

export function findShellshock(text: string): string | undefined {
  const m = SHELLSHOCK.exec(text);
  return m === null ? undefined : evidenceAt(text, m.index, m[0].length);
}

/**
 * Template and expression-language probes. Unrendered client templates (`/jobs/{{job.id}}`,
 * `/${id}`) reach servers all the time from broken crawlers, so a bare `{{` or `${` is not enough:
 * these need arithmetic on literals, Python object internals or a Java runtime reference.
 */
const SSTI = new RegExp(
  [
    String.raw`\{\{\s*\d+\s*\*\s*['"]?\d+['"]?\s*\}\}`,
    String.raw`[$#*@]\{\s*\d+\s*\*\s*\d+\s*\}`,
    String.raw`<%=`,
    String.raw`\{\{[^{}]{0,80}?(?:__(?:class|mro|subclasses|globals|builtins|import|init)__|\bconfig\.items|\bself\._|\b(?:lipsum|cycler|joiner)\.|request\.application|\.popen\s*\()`,
    String.raw`\$\{\s*t\s*\(\s*java\.`,
    String.raw`#_memberaccess`,
    String.raw`@java\.lang\.(?:runtime|processbuilder)`,
    String.raw`freemarker\.template\.utility\.execute`,
  ].join('|'),
);

export function findTemplateInjection(text: string): string | undefined {
  const m = SSTI.exec(text);
  return m === null ? undefined : evidenceAt(text, m.index, m[0].length);
}
