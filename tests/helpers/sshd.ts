import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  readonly port: number;
  /** Private key that the server accepts. */
  readonly clientKey: string;
  /** known_hosts holding the server's current host key. */
  readonly knownHosts: string;
  /** Rewrites the client key's authorized_keys line with these options (`restrict,command="…"`); '' for none. */
  authorize(options: string): void;
  /** What sshd printed (-e): useful when a test fails. */
  log(): string;
  stop(): Promise<void>;
  /** A new host key, same port: what a reinstalled (or impersonated) server looks like. */
  restartWithNewHostKey(): Promise<void>;
}

/** A free TCP port on loopback (closed again: a server that is down, or one to start on). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

function keygen(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'logwarden-test', '-f', path]);
}

/**
 * A real OpenSSH server on 127.0.0.1 and a random port, run as the current user with its own
 * host key, accepting one generated client key; nothing outside `dir` is used but `/run/sshd`,
 * the privilege separation folder sshd insists on when run as root (created as the package does).
 */
export async function startSshd(dir: string): Promise<TestSshd> {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  const knownHosts = join(dir, 'known_hosts');
  const config = join(dir, 'sshd_config');
  keygen(hostKey);
  keygen(clientKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      `PidFile ${join(dir, 'sshd.pid')}`,
      // The temporary folders are not owned the way StrictModes wants.
      'StrictModes no',
      'UseDNS no',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  let output = '';
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const hostPublic = readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHosts, `[127.0.0.1]:${String(port)} ${hostPublic}\n`);
    const started = spawn(SSHD, ['-D', '-e', '-f', config, '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    started.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (started.exitCode !== null) throw new Error(`sshd exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`sshd did not listen on ${String(port)}: ${output}`);
      await sleep(50);
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running?.exitCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      running.once('exit', () => {
        resolve();
      }),
    );
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    clientKey,
    knownHosts,
    authorize: (options) => {
      const key = readFileSync(`${clientKey}.pub`, 'utf8');
      writeFileSync(join(dir, 'authorized_keys'), options === '' ? key : `${options} ${key}`);
    },
    log: () => output,
    stop,
    restartWithNewHostKey: async () => {
      await stop();
      const previousKnownHosts = readFileSync(knownHosts);
      keygen(hostKey);
      await start();
      // The client still holds the old key: that is the point.
      writeFileSync(knownHosts, previousKnownHosts);
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
