import { readFileSync } from 'node:fs';
import { ErrorCodes, LogwardenError } from '../errors.js';

/**
 * A password or token from the config. Written as `env:NAME` or `file:/path` (preferred), or inline.
 * It prints as `***` everywhere (`check`, JSON, logs); only `reveal()` gives the value.
 */
export class Secret {
  readonly #value: string;
  constructor(
    value: string,
    /** Where it came from, safe to print: `env:SMTP_PASSWORD`, `file:/etc/…`, `inline`. */
    readonly origin: string,
  ) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return `*** (${this.origin})`;
  }
  toString(): string {
    return this.toJSON();
  }
}

/** Resolves an `env:NAME` / `file:/path` reference (or an inline value) at config load time. */
export function resolveSecret(
  reference: string,
  keyPath: string,
  env: NodeJS.ProcessEnv = process.env,
): Secret {
  if (reference.startsWith('env:')) {
    const name = reference.slice(4);
    const value = env[name];
    if (value === undefined || value === '') {
      throw new LogwardenError(
        ErrorCodes.secretUnresolved,
        `${keyPath}: environment variable ${name} is not set (referenced as "${reference}")`,
      );
    }
    return new Secret(value, reference);
  }
  if (reference.startsWith('file:')) {
    const path = reference.slice(5);
    try {
      return new Secret(readFileSync(path, 'utf8').replace(/\r?\n$/, ''), reference);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new LogwardenError(
        ErrorCodes.secretUnresolved,
        `${keyPath}: cannot read secret file ${path}: ${reason}`,
        { cause: error },
      );
    }
  }
  return new Secret(reference, 'inline');
}
