import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCodes, LogwardenError } from '../../errors.js';
import { oneLine } from '../sanitize.js';
import { InFlight } from '../in-flight.js';
import { DeliveryError, type Channel, type Message } from '../types.js';

export interface CommandChannelOptions {
  readonly name: string;
  /** Program and arguments, run without a shell: nothing an alert says can become part of a command. */
  readonly command: readonly string[];
  readonly timeoutMs: number;
  readonly cwd?: string | undefined;
}

/** After SIGTERM, how long the program has to finish before SIGKILL. */
const KILL_GRACE_MS = 2000;
/** After the program exits, how long to wait for the end of its stderr, which a child it left running may hold. */
const STDIO_GRACE_MS = 500;
/** How much of the program's stderr goes into the reason of a failure: its last words. */
const STDERR_TAIL = 300;

/** What the program reads on stdin: one alert as JSON per line; a test message, one line saying so. */
export function commandInput(message: Message): string {
  if (message.kind === 'test' && message.alerts.length === 0)
    return `${JSON.stringify({ test: true, subject: message.subject })}\n`;
  return message.alerts.map((alert) => `${JSON.stringify(alert)}\n`).join('');
}

/**
 * What the program inherits of our environment: enough to run (PATH, locale, zone, home), not
 * the variables our secrets were read from (`env:SMTP_PASSWORD`).
 */
function inheritedEnvironment(): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/** The variables a script can branch on without parsing its input (one clean line each). */
export function commandEnvironment(message: Message): Record<string, string> {
  const alert = message.alerts[0];
  return {
    LOGWARDEN_MESSAGE_KIND: oneLine(message.kind),
    LOGWARDEN_SEVERITY: oneLine(message.severity),
    LOGWARDEN_RULE: oneLine(alert?.rule ?? ''),
    LOGWARDEN_SOURCE_IP: oneLine(alert?.source_ips[0] ?? ''),
  };
}

/** Runs a program for each message (a ticket, a pager, a firewall block): exit status 0 is delivered. */
export class CommandChannel implements Channel {
  readonly type = 'command';
  readonly name: string;
  readonly #options: CommandChannelOptions;
  readonly #program: string;
  readonly #args: readonly string[];
  readonly #inFlight = new InFlight();

  constructor(options: CommandChannelOptions) {
    const [program, ...args] = options.command;
    if (program === undefined || program === '')
      throw new LogwardenError(
        ErrorCodes.configInvalid,
        `command channel "${options.name}": the command is empty`,
      );
    this.name = options.name;
    this.#options = options;
    this.#program = program;
    this.#args = args;
  }

  async send(message: Message): Promise<void> {
    const run = this.#run(message);
    await this.#inFlight.track(run);
  }

  async close(): Promise<void> {
    await this.#inFlight.settled();
  }

  #run(message: Message): Promise<void> {
    const { timeoutMs, cwd } = this.#options;
    const target = `command ${this.#program}`;
    return new Promise((done, fail) => {
      const child = spawn(this.#program, this.#args, {
        cwd,
        env: { ...inheritedEnvironment(), ...commandEnvironment(message) },
        stdio: ['pipe', 'ignore', 'pipe'],
        // Its own process group, so a timeout stops what a script started too (its `sleep`, its `curl`).
        detached: true,
      });
      let stderr = '';
      let timedOut = false;
      let settled = false;
      const deadline = setTimeout(() => {
        timedOut = true;
        signalGroup('SIGTERM');
        // Not cleared when the program ends: what it left in its group may still ignore SIGTERM.
        setTimeout(() => {
          signalGroup('SIGKILL');
        }, KILL_GRACE_MS).unref();
      }, timeoutMs);
      const timers = [deadline];
      const settle = (error: DeliveryError | undefined): void => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        child.stderr.destroy();
        if (error === undefined) done();
        else fail(error);
      };
      const signalGroup = (signal: NodeJS.Signals): void => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, signal);
        } catch {
          // ESRCH: every process of the group has ended already.
        }
      };
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (timedOut) settle(new DeliveryError(`${target} timed out after ${String(timeoutMs / 1000)} s`));
        else if (code === 0) settle(undefined);
        else {
          const how = signal === null ? `failed with exit code ${String(code)}` : `was killed by ${signal}`;
          const tail = stderr.length > STDERR_TAIL ? `…${stderr.slice(-STDERR_TAIL)}` : stderr;
          const said = oneLine(tail, STDERR_TAIL + 1);
          settle(new DeliveryError(`${target} ${how}${said === '' ? '' : `: ${said}`}`));
        }
      };

      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-4 * STDERR_TAIL);
      });
      child.stdin.on('error', () => {
        // EPIPE: a program need not read its input; its exit status says whether it worked.
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        settle(new DeliveryError(this.#spawnFailure(error), { cause: error }));
      });
      child.on('exit', (code, signal) => {
        // It ended in time: waiting for its stderr must not count against it.
        clearTimeout(deadline);
        timers.push(
          setTimeout(() => {
            finish(code, signal);
          }, STDIO_GRACE_MS),
        );
      });
      child.on('close', finish);
      child.stdin.end(commandInput(message));
    });
  }

  #spawnFailure(error: NodeJS.ErrnoException): string {
    const program = this.#program;
    const { cwd } = this.#options;
    if (error.code === 'ENOENT') {
      if (cwd !== undefined && !existsSync(cwd))
        return `command ${program}: its working directory ${cwd} does not exist`;
      if (program.includes('/') && existsSync(resolve(cwd ?? '.', program)))
        return `command ${program}: its interpreter was not found (check the #! line; Windows line endings put a \\r in it)`;
      return `command not found: ${program}${program.includes('/') ? '' : ' (not in PATH: give the full path)'}`;
    }
    if (error.code === 'EACCES')
      return `command not executable: ${program} (chmod +x it, and check its folder)`;
    return `command ${program}: ${error.message}`;
  }
}
