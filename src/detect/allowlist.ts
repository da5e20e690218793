import type { Event } from '../events.js';
import { AddressSet } from './network.js';
import { own } from './strings.js';
import type { Allowlist } from './types.js';

const MAX_CACHED_AGENTS = 10_000;

/** Events from trusted sources (the office network, the uptime monitor) that no rule should see. */
export class AllowlistMatcher {
  private readonly ips: AddressSet;
  private readonly users: Set<string>;
  private readonly paths: readonly string[];
  private readonly agents: readonly string[];
  private readonly agentAnswers = new Map<string, boolean>();
  readonly empty: boolean;

  constructor(allowlist: Allowlist) {
    this.ips = new AddressSet(allowlist.ips);
    this.users = new Set(allowlist.users);
    this.paths = allowlist.paths;
    this.agents = allowlist.userAgents.map((a) => a.toLowerCase());
    this.empty =
      this.ips.size === 0 && this.users.size === 0 && this.paths.length === 0 && this.agents.length === 0;
  }

  allows(event: Event): boolean {
    if (this.empty) return false;
    if (this.ips.has(event.ip)) return true;
    if (event.user !== undefined && this.users.has(event.user)) return true;
    const path = event.path;
    if (path !== undefined) for (const prefix of this.paths) if (path.startsWith(prefix)) return true;
    return event.ua !== undefined && this.agents.length > 0 && this.agentAllowed(event.ua);
  }

  private agentAllowed(ua: string): boolean {
    let answer = this.agentAnswers.get(ua);
    if (answer === undefined) {
      const lower = ua.toLowerCase();
      answer = this.agents.some((a) => lower.includes(a));
      if (this.agentAnswers.size >= MAX_CACHED_AGENTS) this.agentAnswers.clear();
      this.agentAnswers.set(own(ua), answer);
    }
    return answer;
  }
}
