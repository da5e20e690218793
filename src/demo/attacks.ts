import { FRIDAY, MONDAY, THURSDAY, TUESDAY, WEDNESDAY } from './clock.js';
import type { DemoContext, TimeRange } from './context.js';
import { randomFor, type Random } from './random.js';
import {
  sshBruteForce,
  sshDeployCompromise,
  sshPasswordSpraying,
  sshPrefixBruteForce,
  sshSlowBruteForce,
} from './attacks-ssh.js';
import {
  credentialStuffing,
  injectionAttack,
  iocVisit,
  niktoScan,
  outage,
  sensitivePath,
  webLoginBruteForce,
} from './attacks-web.js';

/** An attack as generated: its manifest entry, with the time range its lines actually cover. */
export interface PlannedAttack {
  readonly id: string;
  readonly description: string;
  readonly rules: string[];
  readonly hosts: string[];
  readonly sourceIps: string[];
  readonly range: TimeRange;
}

type AttackGenerator = (ctx: DemoContext, day: number, random: Random) => PlannedAttack[];

interface ScheduledAttack {
  /** Week of a 4-week month; shorter runs fold it (`week % weeks`). */
  readonly week: number;
  readonly weekday: number;
  readonly generate: AttackGenerator;
}

/**
 * When each attack happens: on weekdays, with the two Thursday ones inside the morning login peak
 * (credential stuffing 09:15–09:55, injection 10:20–10:50). The schedule folds into shorter runs
 * without two attacks meeting.
 */
const SCHEDULE: readonly ScheduledAttack[] = [
  { week: 0, weekday: TUESDAY, generate: sshBruteForce },
  { week: 0, weekday: WEDNESDAY, generate: sshPrefixBruteForce },
  { week: 0, weekday: FRIDAY, generate: sensitivePath },
  { week: 1, weekday: MONDAY, generate: sshSlowBruteForce },
  { week: 1, weekday: TUESDAY, generate: webLoginBruteForce },
  { week: 1, weekday: THURSDAY, generate: injectionAttack },
  { week: 2, weekday: WEDNESDAY, generate: outage },
  { week: 2, weekday: THURSDAY, generate: credentialStuffing },
  { week: 2, weekday: FRIDAY, generate: sshPasswordSpraying },
  { week: 3, weekday: TUESDAY, generate: niktoScan },
  { week: 3, weekday: WEDNESDAY, generate: sshDeployCompromise },
  { week: 3, weekday: FRIDAY, generate: iocVisit },
];

/** Generates the attacks that start on `day` (before that day's normal traffic, so an outage can shape it). */
export function generateAttacks(ctx: DemoContext, day: number): PlannedAttack[] {
  const planned: PlannedAttack[] = [];
  SCHEDULE.forEach((attack, index) => {
    const attackDay = (attack.week % ctx.calendar.weeks) * 7 + attack.weekday;
    if (attackDay === day) planned.push(...attack.generate(ctx, day, randomFor(ctx.seed, 'attack', index)));
  });
  return planned;
}
