import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert } from '../detect/types.js';
import { writeFileAtomic } from '../state/files.js';
import { withLock } from '../state/lock.js';
import type { MessageOptions } from './message.js';
import { Outbox, outboxDir, type OutboxEntry } from './outbox.js';
import { emptyState, planMessages, type NotifyState, type Route } from './plan.js';
import { DeliveryError, type Channel } from './types.js';

/** A channel with its routing; `held`: nowhere to send (no channel configured), kept for people to read. */
export interface RoutedChannel {
  readonly route: Route;
  readonly channel: Channel;
  readonly held?: boolean;
}

export interface DeliveryFailure {
  readonly channel: string;
  readonly reason: string;
}

export interface NotifyResult {
  /** Messages written to the outbox by this run. */
  readonly queued: number;
  readonly delivered: number;
  /** Still in the outbox, to be retried (relay down, or not yet due). */
  readonly waiting: number;
  /** In the outbox with no channel to send them (nothing configured). */
  readonly held: number;
  readonly failures: readonly DeliveryFailure[];
  readonly outbox: string;
}

const LOCK_WAIT_MS = 30_000;
/**
 * After this many failures in a row the channel is taken as down for this run: the rest of its
 * messages wait, instead of each waiting out its own timeout. One bad message cannot block others.
 */
const GIVE_UP_AFTER = 3;

/**
 * Turns alerts into messages and gets them out: alerts → plan (dedupe, budget, digest) → outbox
 * (written before any attempt) → channels; what fails stays in the outbox for the next run or
 * `notify flush`. One process at a time (a lock under `state/`), so the daemon and a cron run
 * never send the same message twice.
 */
export class Notifier {
  private readonly outbox: Outbox;
  private readonly statePath: string;
  private readonly lockPath: string;

  constructor(
    dataDir: string,
    private readonly channels: readonly RoutedChannel[],
    private readonly messages: MessageOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.outbox = new Outbox(outboxDir(dataDir));
    this.statePath = join(dataDir, 'state', 'notify.json');
    this.lockPath = join(dataDir, 'state', 'notify.lock');
  }

  /** New and grown incidents to every channel that wants them; then delivers what is due. */
  notify(alerts: readonly Alert[]): Promise<NotifyResult> {
    return withLock(this.lockPath, LOCK_WAIT_MS, async () => {
      const queued = await this.plan(alerts);
      return { ...(await this.deliver(false)), queued };
    });
  }

  /** Sends due digests and retries every waiting message now (`notify flush`). */
  flush(): Promise<NotifyResult> {
    return withLock(this.lockPath, LOCK_WAIT_MS, async () => {
      const queued = await this.plan([]);
      return { ...(await this.deliver(true)), queued };
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.channels.map(({ channel }) => channel.close()));
  }

  private async plan(alerts: readonly Alert[]): Promise<number> {
    const state = await this.loadState();
    const now = this.clock();
    const planned = planMessages(
      state,
      this.channels.map((c) => c.route),
      alerts,
      now,
      this.messages,
    );
    // Outbox first, state second: a crash between them repeats a message rather than lose it.
    for (const { channel: name, message } of planned) {
      const channel = this.channels.find((c) => c.route.name === name)?.channel;
      const rendered = channel?.render === undefined ? undefined : await channel.render(message);
      await this.outbox.put(name, message, rendered, now);
    }
    await writeFileAtomic(this.statePath, `${JSON.stringify(state)}\n`);
    return planned.length;
  }

  private async deliver(force: boolean): Promise<Omit<NotifyResult, 'queued'>> {
    const now = this.clock();
    const failures: DeliveryFailure[] = [];
    let delivered = 0;
    let waiting = 0;
    let held = 0;
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const entry of await this.outbox.list((file, reason) => {
      failures.push({ channel: '?', reason: `${file}: unreadable outbox file, left as it is (${reason})` });
    })) {
      const list = byChannel.get(entry.channel) ?? [];
      list.push(entry);
      byChannel.set(entry.channel, list);
    }
    for (const [name, entries] of byChannel) {
      const routed = this.channels.find((c) => c.route.name === name);
      if (routed === undefined || routed.held === true) {
        if (routed === undefined) {
          failures.push({
            channel: name,
            reason: `no channel "${name}" in the config any more; ${String(entries.length)} message(s) kept in the outbox`,
          });
          waiting += entries.length;
        } else held += entries.length;
        continue;
      }
      let failedInARow = 0;
      for (const entry of entries) {
        if (failedInARow >= GIVE_UP_AFTER || (!force && entry.nextAttemptAt > now)) {
          waiting++;
          continue;
        }
        try {
          await routed.channel.send(entry.message, await this.outbox.renderedOf(entry));
        } catch (error) {
          const reason = error instanceof DeliveryError ? error.reason : String(error);
          await this.outbox.recordFailure(entry, reason, now);
          failures.push({ channel: name, reason });
          waiting++;
          failedInARow++;
          continue;
        }
        failedInARow = 0;
        await this.outbox.remove(entry);
        delivered++;
      }
    }
    return { delivered, waiting, held, failures, outbox: this.outbox.dir };
  }

  private async loadState(): Promise<NotifyState> {
    let text: string;
    try {
      text = await readFile(this.statePath, 'utf8');
    } catch {
      return emptyState();
    }
    try {
      const state = JSON.parse(text) as Partial<NotifyState> | null;
      return state?.version === 1 && typeof state.channels === 'object'
        ? (state as NotifyState)
        : emptyState();
    } catch {
      // A damaged state file costs repeated messages, never lost ones.
      return emptyState();
    }
  }
}
