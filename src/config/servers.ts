import { resolve } from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../detect/windows.js';
import { durationText } from './detection.js';

/** A server `collect` fetches logs from, over SSH with the system's OpenSSH client and rsync. */
export const serverSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a server name of letters, digits, ".", "_" or "-"'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535).optional(),
  user: z.string().min(1).optional(),
  /** Private key (key authentication only). */
  identityFile: z.string().min(1).optional(),
  /** known_hosts file with the server's key; a changed key is refused. */
  knownHosts: z.string().min(1).optional(),
  /** Remote globs: `/var/log/nginx/access.log*`. */
  paths: z.array(z.string().min(1)).optional(),
  /** Also read the journal (`journalctl -o json`), for hosts that log only there. */
  journal: z.boolean().optional(),
  timeout: durationText.optional(),
});

export const serversSchema = z
  .array(serverSchema)
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, {
    message: 'server names must be unique',
  });

export interface ResolvedServer {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
  readonly identityFile: string | undefined;
  readonly knownHosts: string | undefined;
  readonly paths: readonly string[];
  readonly journal: boolean;
  readonly timeoutMs: number;
}

export function resolveServers(user: z.infer<typeof serversSchema>, baseDir: string): ResolvedServer[] {
  return user.map((server) => ({
    name: server.name,
    host: server.host,
    port: server.port ?? 22,
    user: server.user,
    identityFile: server.identityFile === undefined ? undefined : resolve(baseDir, server.identityFile),
    knownHosts: server.knownHosts === undefined ? undefined : resolve(baseDir, server.knownHosts),
    paths: server.paths ?? [],
    journal: server.journal ?? false,
    timeoutMs: server.timeout === undefined ? 120_000 : parseDuration(server.timeout),
  }));
}
