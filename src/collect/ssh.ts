import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ResolvedServer } from '../config/servers.js';
import { ErrorCodes, LogwardenError } from '../errors.js';

/**
 * The system OpenSSH client, key authentication only: it never prompts, never accepts an unknown
 * or changed host key, and gives up on a dead connection instead of hanging.
 */
export function sshArgs(server: ResolvedServer): string[] {
  const args = ['-p', String(server.port)];
  if (server.identityFile !== undefined) args.push('-i', server.identityFile, '-o', 'IdentitiesOnly=yes');
  args.push('-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes');
  if (server.knownHosts !== undefined) args.push('-o', `UserKnownHostsFile=${server.knownHosts}`);
  args.push('-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3');
  return args;
}

/** `user@host`, or `host` when the config gives no user (ssh then uses the local user name). */
export function sshDestination(server: ResolvedServer): string {
  return server.user === undefined ? server.host : `${server.user}@${server.host}`;
}

/** The ssh command as one string, for `rsync -e` (which splits on spaces and honours quotes). */
export function sshCommandLine(server: ResolvedServer): string {
  return ['ssh', ...sshArgs(server)].map(quoteForRsync).join(' ');
}

function quoteForRsync(arg: string): string {
  if (/^[\w./:=@%+,-]+$/.test(arg)) return arg;
  if (!arg.includes("'")) return `'${arg}'`;
  if (!arg.includes('"')) return `"${arg}"`;
  throw new LogwardenError(
    ErrorCodes.configInvalid,
    `${arg}: a path with both ' and " cannot be given to rsync`,
  );
}

/** Single-quotes a word for the remote POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface RunOptions {
  /** Aborting kills the process (the server's timeout). */
  readonly signal: AbortSignal;
  readonly input?: string;
  /** Streams stdout there instead of buffering it. */
  readonly stdoutTo?: Writable;
}

/** Runs a local program to its end; never throws for a non-zero exit (the caller explains it). */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<ProcessResult> {
  const child = spawn(command, args, { signal: options.signal, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => {
      if (error.name === 'AbortError') resolve(null);
      else reject(error);
    });
    child.on('close', (code) => {
      resolve(code);
    });
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  const chunks: Buffer[] = [];
  const sink = options.stdoutTo;
  const drained =
    sink === undefined
      ? new Promise<void>((resolve) => {
          child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', resolve);
        })
      : pipeline(child.stdout, sink, { end: false });
  // A failing sink (disk full) ends the pipe: the process then ends too, and the error is ours.
  const [code, sinkError] = await Promise.all([
    exited,
    drained.then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    ),
  ]);
  if (sinkError !== undefined) throw sinkError;
  return { code, stdout: Buffer.concat(chunks), stderr };
}

/** Runs `command` on the server; an SSH failure or a failing command throws in plain words. */
export async function runRemote(
  server: ResolvedServer,
  command: string,
  options: RunOptions,
): Promise<Buffer> {
  const result = await runProcess(
    'ssh',
    [...sshArgs(server), '--', sshDestination(server), command],
    options,
  );
  if (result.code === 0) return result.stdout;
  throw explainFailure(server, result, options.signal, 'the command on the server');
}

/**
 * Turns what ssh (or rsync over ssh) printed into an error a person can act on. `what` names
 * the remote step, for failures that happen after the connection was made.
 */
export function explainFailure(
  server: ResolvedServer,
  result: ProcessResult,
  signal: AbortSignal,
  what: string,
): LogwardenError {
  const name = server.name;
  const address = `${server.host} port ${String(server.port)}`;
  const known = server.knownHosts ?? '~/.ssh/known_hosts';
  const keyHost = server.port === 22 ? server.host : `[${server.host}]:${String(server.port)}`;
  const err = result.stderr;
  if (signal.aborted) {
    return new LogwardenError(
      ErrorCodes.sshTimeout,
      `${name}: stopped after the server's timeout of ${String(Math.round(server.timeoutMs / 1000))} s (${what} was still running); what was fetched completely is kept`,
    );
  }
  if (err.includes('REMOTE HOST IDENTIFICATION HAS CHANGED')) {
    return new LogwardenError(
      ErrorCodes.sshHostKeyChanged,
      `${name}: the host key of ${address} has CHANGED since it was recorded in ${known}; refusing to connect, nothing fetched. ` +
        `This is what a man-in-the-middle attack looks like, or the server was reinstalled. Compare the new key's fingerprint ` +
        `with the one shown on the server's console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub); only if they match, ` +
        `run ssh-keygen -R '${keyHost}' -f ${known} and add the new key (ssh-keyscan -p ${String(server.port)} ${server.host} >> ${known})`,
    );
  }
  if (/Host key verification failed|No \S+ host key is known/.test(err)) {
    return new LogwardenError(
      ErrorCodes.sshHostKeyUnknown,
      `${name}: the host key of ${address} is not in ${known}; refusing to connect to an unverified server. ` +
        `Get it with ssh-keyscan -p ${String(server.port)} ${server.host}, check its fingerprint out of band ` +
        `(ssh-keygen -lf on the server's console), then append it to ${known}`,
    );
  }
  const unreachable = (reason: string): LogwardenError =>
    new LogwardenError(ErrorCodes.sshUnreachable, `${name}: ${reason}`);
  if (err.includes('Connection refused')) {
    return unreachable(`connection refused by ${address} (is sshd running and listening on that port?)`);
  }
  if (err.includes('Could not resolve hostname'))
    return unreachable(`unknown host ${server.host} (DNS has no address for it)`);
  if (/timed out/i.test(err))
    return unreachable(`no answer from ${address} within 10 s (connection timed out)`);
  if (/No route to host|Network is unreachable/.test(err)) return unreachable(`no route to ${address}`);
  if (err.includes('Permission denied')) {
    const identity = server.identityFile ?? 'the default key';
    const missing = err.includes('not accessible') ? ` (${identity} cannot be read)` : '';
    return new LogwardenError(
      ErrorCodes.sshAuthFailed,
      `${name}: ${sshDestination(server)} refused the key ${identity}${missing} (Permission denied, publickey); check user, identityFile and the server's authorized_keys`,
    );
  }
  if (result.code === 255) {
    return unreachable(`ssh to ${address} failed: ${firstLines(err)}`);
  }
  const notFound = /command not found|No such file or directory/.test(err) || result.code === 127;
  return new LogwardenError(
    ErrorCodes.collectFailed,
    `${name}: ${what} failed${notFound ? ' (is it installed on the server, and allowed by its forced command?)' : ''}: ${firstLines(err) || `exit status ${String(result.code)}`}`,
  );
}

function firstLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('@@@'))
    .slice(0, 3)
    .join(' / ');
}
