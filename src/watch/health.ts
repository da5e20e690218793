import { readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { consecutiveFailures } from '../collect/collect.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Alert, Severity } from '../detect/types.js';
import { incidentId } from '../detect/incidents.js';
import { zoneOffsetMs } from '../parse/time.js';
import { HELD_CHANNEL } from '../notify/channels/held.js';
import { outboxDir } from '../notify/outbox.js';
import type { WatchedSource } from './source.js';

const MINUTE = 60_000;
/** A log silent this long in the daytime means its pipeline broke (or the server did). */
const SILENT_MS = 30 * MINUTE;
const DAYTIME = { from: 7, to: 22 };
const UNPARSED_ALARM = 0.2;
const MIN_FREE_SHARE = 0.05;
const OUTBOX_BACKLOG = 50;
/** Failed collections in a row before a server is reported unreachable. */
const UNREACHABLE_RUNS = 3;

interface HealthProblem {
  readonly rule: string;
  readonly key: string;
  readonly since: number;
  readonly severity: Severity;
  readonly message: string;
  readonly action: string;
  readonly hosts?: readonly string[];
}

function alertOf(problem: HealthProblem, now: number): Alert {
  return {
    id: incidentId(problem.rule, problem.key, problem.since),
    rule: problem.rule,
    category: 'health',
    severity: problem.severity,
    first_seen: new Date(problem.since).toISOString(),
    last_seen: new Date(now).toISOString(),
    count: 1,
    source_ips: [],
    source_ip_count: 0,
    hosts: [...(problem.hosts ?? [])],
    users: [],
    message: problem.message,
    evidence: [],
    action: problem.action,
    mitre: '',
  };
}

/**
 * logwarden watching itself: a log that goes silent in the daytime, a log whose lines stop
 * parsing (the format changed), a server that cannot be collected three runs in a row, a data disk nearly full, messages piling up in the outbox. Each
 * problem is raised once (its id is stable for the same start), and again only after it cleared.
 */
export class HealthWatch {
  private readonly raised = new Set<string>();

  constructor(private readonly dataDir: string) {}

  async check(sources: readonly WatchedSource[], config: ResolvedConfig, now: number): Promise<Alert[]> {
    const problems: HealthProblem[] = [];
    const zone = config.timezone;
    const localHour = new Date(now + zoneOffsetMs(zone, now)).getUTCHours();
    const day = Math.floor(now / 86_400_000) * 86_400_000;
    for (const source of sources) {
      if (localHour >= DAYTIME.from && localHour < DAYTIME.to && now - source.lastLineAt >= SILENT_MS) {
        problems.push({
          rule: 'health-source-silent',
          key: source.path,
          since: source.lastLineAt,
          severity: 'high',
          hosts: [source.ctx.host],
          message: `${source.path} on ${source.ctx.host} has had no new line for ${String(Math.round((now - source.lastLineAt) / MINUTE))} min in the daytime`,
          action: `Check that the service writing ${source.path} runs and that logrotate reopened it; until then attacks in it go unseen.`,
        });
      }
      if (source.recentLines >= 200 && source.unparsedRate() >= UNPARSED_ALARM) {
        problems.push({
          rule: 'health-format-changed',
          key: source.path,
          since: day,
          severity: 'medium',
          hosts: [source.ctx.host],
          message: `${String(Math.round(source.unparsedRate() * 100))}% of the recent lines of ${source.path} are not understood: the log format changed?`,
          action: `Run \`logwarden explain --file ${source.path} --line N\` on a recent line and adjust formats: in the config.`,
        });
      }
    }
    for (const server of config.servers) {
      const failures = await consecutiveFailures(this.dataDir, server.name).catch(() => 0);
      if (failures >= UNREACHABLE_RUNS) {
        problems.push({
          rule: 'health-server-unreachable',
          key: server.name,
          since: day,
          severity: 'high',
          hosts: [server.name],
          message: `${server.name} could not be collected ${String(failures)} times in a row`,
          action: `Run \`logwarden collect --server ${server.name}\` to see why (unreachable, key refused, host key changed).`,
        });
      }
    }
    const disk = await statfs(this.dataDir).catch(() => undefined);
    if (disk !== undefined && disk.blocks > 0 && disk.bavail / disk.blocks < MIN_FREE_SHARE) {
      problems.push({
        rule: 'health-disk-full',
        key: this.dataDir,
        since: day,
        severity: 'high',
        message: `the disk of ${this.dataDir} is ${String(Math.round(100 - (100 * disk.bavail) / disk.blocks))}% full`,
        action:
          'Free space or lower history.retainDays; logwarden stops storing history when the disk is full.',
      });
    }
    const waiting = await this.outboxBacklog();
    if (waiting >= OUTBOX_BACKLOG) {
      problems.push({
        rule: 'health-outbox-backlog',
        key: 'outbox',
        since: day,
        severity: 'high',
        message: `${String(waiting)} notifications are waiting in the outbox: a channel has been failing`,
        action: 'Run `logwarden notify test <channel>` to see why, then `logwarden notify flush`.',
      });
    }
    const current = new Set(problems.map((p) => `${p.rule}\u0000${p.key}\u0000${String(p.since)}`));
    for (const key of this.raised) if (!current.has(key)) this.raised.delete(key);
    const fresh = problems.filter((p) => !this.raised.has(`${p.rule}\u0000${p.key}\u0000${String(p.since)}`));
    for (const p of fresh) this.raised.add(`${p.rule}\u0000${p.key}\u0000${String(p.since)}`);
    return fresh.map((p) => alertOf(p, now));
  }

  private async outboxBacklog(): Promise<number> {
    const dir = outboxDir(this.dataDir);
    let total = 0;
    for (const channel of await readdir(dir).catch(() => [])) {
      if (channel === HELD_CHANNEL) continue;
      total += (await readdir(join(dir, channel)).catch(() => [])).filter((f) => f.endsWith('.json')).length;
    }
    return total;
  }
}
