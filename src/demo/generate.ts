import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { generateAttacks, type PlannedAttack } from './attacks.js';
import { WEB_ATTACKERS } from './attacks-web.js';
import { DemoCalendar, HOUR } from './clock.js';
import {
  AccessLog,
  AuthLog,
  HOST_NAMES,
  type Activity,
  type DemoContext,
  type DemoHost,
  type HostName,
} from './context.js';
import { buildMembers } from './members.js';
import { planSshDay } from './ssh.js';
import { planWebDay } from './web.js';
import { LogStream, prepareLogDir } from './write.js';

/**
 * `logwarden demo`'s data: a deterministic month of logs of two web servers (nginx access logs and
 * auth logs, rotated weekly), normal traffic with its legitimate peaks and noise, attacks mixed
 * in, and a manifest of the attacks (the ground truth a detector is measured against).
 */

export interface DemoOptions {
  /** Data directory to write into; rotated access and auth logs of web1 and web2 already there are replaced. */
  outDir: string;
  /** Same seed, same bytes. Default 1. */
  seed?: number;
  /** ISO date of a Monday; default 2026-10-26. */
  start?: string;
  /** Default 4. */
  weeks?: number;
  /** IANA zone the lines are written in, with its offset where the format has one. Default Europe/Berlin. */
  timezone?: string;
}

export interface DemoAttack {
  id: string;
  description: string;
  /** Rule ids, any one of which must raise an alert for this attack. */
  rules: string[];
  hosts: string[];
  /** ISO 8601 UTC time of the attack's first line. */
  start: string;
  /** ISO 8601 UTC time of the attack's last line. */
  end: string;
  /** Addresses that appear in the attack's lines (empty when its lines carry none). */
  sourceIps: string[];
}

export interface DemoResult {
  /** The log files written, per host: access logs then auth logs, oldest first. */
  files: string[];
  /** Lines in all log files. */
  lines: number;
  /** The manifest's attacks, in order of start. */
  attacks: DemoAttack[];
  /** `<outDir>/attacks.json`. */
  manifestPath: string;
  /** `<outDir>/ioc/bad-ips.txt`: one address or CIDR a line. */
  iocPath: string;
}

export const DEMO_DEFAULTS = { seed: 1, start: '2026-10-26', weeks: 4, timezone: 'Europe/Berlin' } as const;

/** First logind session number of each host (they have been up for a while). */
const FIRST_SESSION: Record<HostName, number> = { web1: 211, web2: 187 };

export async function generateDemo(options: DemoOptions): Promise<DemoResult> {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const start = options.start ?? DEMO_DEFAULTS.start;
  const weeks = options.weeks ?? DEMO_DEFAULTS.weeks;
  const timezone = options.timezone ?? DEMO_DEFAULTS.timezone;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new LogwardenError(
      ErrorCodes.usage,
      `demo seed must be a whole number from 0 to 4294967295, not ${seed}`,
    );
  }
  const calendar = new DemoCalendar(start, weeks, timezone);
  const outDir = resolve(options.outDir);

  const streams: LogStream[] = [];
  const hosts = {} as Record<HostName, DemoHost>;
  for (const name of HOST_NAMES) {
    const dir = join(outDir, 'access_logs', name);
    await prepareLogDir(dir);
    const access = new LogStream(dir, 'access.log', 'clf', calendar);
    const auth = new LogStream(dir, 'auth.log', name === 'web1' ? 'bsd' : 'iso', calendar);
    streams.push(access, auth);
    hosts[name] = {
      name,
      access: new AccessLog(name, access),
      auth: new AuthLog(name, auth, calendar, name === 'web2', FIRST_SESSION[name]),
    };
  }
  const ctx: DemoContext = { seed, calendar, members: buildMembers(seed), hosts };

  const planned: PlannedAttack[] = [];
  for (let day = 0; day < calendar.days; day++) {
    const dayStart = calendar.dayStarts[day] ?? calendar.start;
    // Attacks first: an outage shapes the normal traffic of its day.
    const activities: Activity[] = [
      { start: dayStart, run: () => planned.push(...generateAttacks(ctx, day)) },
      ...planWebDay(ctx, day),
      ...planSshDay(ctx, day),
    ].sort((a, b) => a.start - b.start);
    // Run in order of start; whatever is older than the next start is final and can be written,
    // which keeps only about an hour of lines in memory.
    let nextFlush = dayStart + HOUR;
    for (const activity of activities) {
      if (activity.start >= nextFlush) {
        for (const stream of streams) await stream.flushBefore(activity.start);
        nextFlush = activity.start + HOUR;
      }
      activity.run();
    }
  }
  for (const stream of streams) await stream.close();

  const attacks = planned.map(toManifestEntry).sort((a, b) => a.start.localeCompare(b.start));
  const manifestPath = join(outDir, 'attacks.json');
  await writeAtomically(
    manifestPath,
    `${JSON.stringify({ seed, start, weeks, timezone, attacks }, null, 2)}\n`,
  );
  const iocPath = join(outDir, 'ioc', 'bad-ips.txt');
  await mkdir(join(outDir, 'ioc'), { recursive: true });
  await writeAtomically(iocPath, IOC_LIST);

  return {
    files: streams.flatMap((s) => s.files),
    lines: streams.reduce((sum, s) => sum + s.lines, 0),
    attacks,
    manifestPath,
    iocPath,
  };
}

function toManifestEntry(attack: PlannedAttack): DemoAttack {
  if (attack.range.empty) throw new Error(`demo attack ${attack.id} produced no lines`);
  return {
    id: attack.id,
    description: attack.description,
    rules: attack.rules,
    hosts: attack.hosts,
    start: new Date(attack.range.start).toISOString(),
    end: new Date(attack.range.end).toISOString(),
    sourceIps: attack.sourceIps,
  };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** A threat-feed excerpt: one address of the demo's logs among documentation addresses (RFC 5737, RFC 3849). */
const IOC_LIST = `# Indicators of compromise: addresses and networks reported for scanning,
# brute force and malware hosting. One address or CIDR block per line.

# botnet controllers
192.0.2.14
192.0.2.77
192.0.2.201
198.51.100.23
198.51.100.150
203.0.113.9

# scanners and brute forcers
${WEB_ATTACKERS.ioc}
192.0.2.45
192.0.2.130
198.51.100.61
198.51.100.199
203.0.113.41
203.0.113.88
203.0.113.200

# malware hosting
192.0.2.240
198.51.100.7
203.0.113.133
203.0.113.250

# networks
198.51.100.128/26
203.0.113.16/28
2001:db8:bad::/48
`;
