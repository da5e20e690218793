import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../config/schema.js';
import { DetectionEngine } from '../detect/engine.js';
import type { Alert } from '../detect/types.js';
import type { Event } from '../events.js';
import { appendToAlertLog } from '../notify/alert-log.js';
import { withLock } from '../state/lock.js';
import { FormatRegistry } from '../parse/registry.js';
import { buildRules, detectOptions, readIocFiles } from '../pipeline/detection.js';
import { mergeByTime } from '../pipeline/merge.js';
import { createNotifier } from '../pipeline/notify.js';
import { resolveInputs } from '../sources/resolve.js';
import { maintainHistory } from '../store/maintain.js';
import { HistoryWriter } from '../store/writer.js';
import { HealthWatch } from './health.js';
import type { DaemonLog } from './log.js';
import { WatchedSource } from './source.js';

export interface WatchOptions {
  readonly dataDir: string;
  readonly log: DaemonLog;
  /** How often files are checked for new lines (default 200 ms: alerts within a second). */
  readonly pollMs?: number;
  /** How often the new events are committed to the history (default a minute). */
  readonly commitEveryMs?: number;
  readonly notify?: boolean;
  /** Collects the configured servers and analyzes what they have; called every `collectEveryMs`. */
  readonly collect?: ((config: ResolvedConfig) => Promise<void>) | undefined;
}

/**
 * `logwarden watch`: follows the configured inputs and raises alerts as lines arrive.
 *
 * Restarts lose nothing and repeat nothing because detection is deterministic in event time: on
 * start the daemon reads its live files from their first line again, each after the newest
 * rotated file of its set (merged in time order), which rebuilds the windows and incidents exactly as they were, and every alert it raises on
 * the way is one the alert log (same id and state) and the notification state already have, so
 * only what a crash cut off is written and sent. The history stores each line once by its own
 * checkpoints.
 */
export class WatchDaemon {
  private stopping = false;
  private reloading: ResolvedConfig | undefined;
  private sources: WatchedSource[] = [];
  private engine: DetectionEngine | undefined;
  private history: HistoryWriter | undefined;
  /** Login attempts stored in the history: their derived outcomes are stored too. */
  private readonly fresh = new WeakSet<Event>();
  private readonly alerts: { alert: Alert }[] = [];
  private delivering: Promise<void> = Promise.resolve();
  private health: HealthWatch;

  constructor(
    private config: ResolvedConfig,
    private readonly options: WatchOptions,
  ) {
    this.health = new HealthWatch(options.dataDir);
  }

  /** Runs until `stop()`; resolves once everything is flushed. */
  async run(): Promise<void> {
    await this.start();
    const poll = this.options.pollMs ?? 200;
    const commitEvery = this.options.commitEveryMs ?? 60_000;
    let nextCommit = Date.now() + commitEvery;
    let nextCollect = Date.now();
    let nextHealth = Date.now() + 60_000;
    while (!this.stopping) {
      if (this.reloading !== undefined) {
        await this.shutdownSources();
        this.config = this.reloading;
        this.reloading = undefined;
        await this.start();
      }
      await this.pollOnce();
      const now = Date.now();
      if (now >= nextCommit) {
        nextCommit = now + commitEvery;
        await this.commit();
      }
      if (this.options.collect !== undefined && this.config.servers.length > 0 && now >= nextCollect) {
        nextCollect = now + this.config.collectEveryMs;
        await this.options.collect(this.config).catch((error: unknown) => {
          this.options.log.error('collect failed', { error: String(error) });
        });
      }
      if (now >= nextHealth) {
        nextHealth = now + 60_000;
        // Retries what waits in the outbox (when due) and sends digests that came due.
        if (this.options.notify !== false) this.delivering = this.delivering.then(() => this.retryOutbox());
        for (const alert of await this.health.check(this.sources, this.config, now)) this.raise(alert);
      }
      await sleep(poll);
    }
    await this.shutdownSources();
    await this.delivering;
    this.options.log.info('stopped');
  }

  /** SIGTERM: finish the current poll, deliver what is pending, commit, exit. */
  stop(): void {
    this.stopping = true;
  }

  /** SIGHUP: the new config (and IoC lists) take over; detection state is rebuilt from the files. */
  reload(config: ResolvedConfig): void {
    this.reloading = config;
  }

  private async start(): Promise<void> {
    const { log } = this.options;
    const config = this.config;
    const registry = new FormatRegistry(config.formats);
    const warn = (warning: { message: string; file: string }): void => {
      log.warn(warning.message, { file: warning.file });
    };
    const files = await resolveInputs(
      config.inputs.map((input) => ({ ...input })),
      { onWarning: warn },
    );
    const live = new Map<string, (typeof files)[number]>();
    for (const file of files) if (file.path === file.set && !file.stdin) live.set(file.set, file);
    this.sources = [...live.values()].map((file) =>
      WatchedSource.create(file.path, file, config, registry, this.fresh),
    );
    // The newest rotated file of each set (`auth.log.1`) is read once on start, before its live
    // file: windows that span the last rotation come back as they were.
    const previous = new Map<string, WatchedSource>();
    for (const file of files) {
      if (file.path === file.set || file.stdin || file.path.endsWith('.gz') || !live.has(file.set)) continue;
      previous.set(file.set, WatchedSource.create(file.path, file, config, registry, this.fresh));
    }
    this.engine = new DetectionEngine(
      buildRules(config),
      detectOptions(config, await readIocFiles(config.detection.iocFiles, warn)),
      (alert) => {
        this.raise(alert);
      },
    );
    this.history = await HistoryWriter.open(this.options.dataDir);
    const history = this.history;
    this.engine.onDerived = (derived, from) => {
      if (this.fresh.has(from)) history.add(derived);
    };
    const started = Date.now();
    const engine = this.engine;
    // Catch-up: every live file from its start, merged in time order, as one stream.
    await mergeByTime(
      this.sources.map((source) => this.batches(previous.get(source.path), source)),
      (event) => {
        engine.push(event);
      },
    );
    log.info('watching', {
      files: this.sources.map((s) => s.path),
      caughtUpMs: Date.now() - started,
    });
  }

  private async *batches(
    previous: WatchedSource | undefined,
    source: WatchedSource,
  ): AsyncGenerator<Event[]> {
    for (const from of previous === undefined ? [source] : [previous, source]) {
      for (let batch = await from.tail.read(); batch !== undefined; batch = await from.tail.read()) {
        yield from.parse(batch, this.history);
      }
    }
    await previous?.tail.close();
  }

  /** New lines of every file since the last poll, in time order, through the rules. */
  private async pollOnce(): Promise<void> {
    const events: Event[] = [];
    for (const source of this.sources) {
      for (let batch = await source.tail.read(); batch !== undefined; batch = await source.tail.read()) {
        events.push(...source.parse(batch, this.history));
      }
    }
    if (events.length === 0) return;
    events.sort((a, b) => a.ts - b.ts);
    for (const event of events) this.engine?.push(event);
  }

  /** Alerts are written and sent one at a time, in the order raised, off the polling path. */
  private raise(alert: Alert): void {
    this.alerts.push({ alert });
    this.delivering = this.delivering.then(() => this.deliver());
  }

  private async deliver(): Promise<void> {
    const batch = this.alerts.splice(0).map((a) => a.alert);
    if (batch.length === 0) return;
    const { dataDir, log } = this.options;
    try {
      const logged = await appendToAlertLog(dataDir, batch, (warning) => {
        log.warn(warning.message, { file: warning.file });
      });
      const states = new Set<string>();
      for (const alert of batch) {
        // The same state raised twice in one batch (opened, then a no-op update) is logged once.
        const state = `${alert.id} ${String(alert.count)} ${alert.severity} ${alert.last_seen}`;
        if (states.has(state)) continue;
        states.add(state);
        log.info('alert', {
          id: alert.id,
          rule: alert.rule,
          severity: alert.severity,
          message: alert.message,
        });
      }
      if (logged.written > 0 && this.options.notify !== false) {
        const notifier = createNotifier(this.config, dataDir);
        try {
          const result = await notifier.notify(batch);
          for (const failure of result.failures) log.warn('notification waits in the outbox', { ...failure });
        } finally {
          await notifier.close();
        }
      }
    } catch (error) {
      log.error('could not record an alert; it is raised again on restart', { error: String(error) });
    }
  }

  private async retryOutbox(): Promise<void> {
    const notifier = createNotifier(this.config, this.options.dataDir);
    try {
      const result = await notifier.notify([]);
      if (result.delivered > 0)
        this.options.log.info('outbox retried', { delivered: result.delivered, waiting: result.waiting });
    } catch (error) {
      this.options.log.warn('outbox not retried this minute', { error: String(error) });
    } finally {
      await notifier.close();
    }
  }

  private async commit(): Promise<void> {
    const history = this.history;
    if (history === undefined) return;
    const { dataDir, log } = this.options;
    try {
      await withLock(join(dataDir, 'state', 'history.lock'), 10_000, async () => {
        await history.commit([]);
        this.history = await HistoryWriter.open(dataDir);
        await maintainHistory(dataDir, this.config.retention);
      });
    } catch (error) {
      log.warn('history not committed; its lines are stored later', { error: String(error) });
      await history.abandon();
      this.history = await HistoryWriter.open(dataDir);
    }
    const next = this.history;
    if (this.engine !== undefined) {
      this.engine.onDerived = (derived, from) => {
        if (this.fresh.has(from)) next?.add(derived);
      };
    }
  }

  private async shutdownSources(): Promise<void> {
    await this.commit();
    await Promise.all(this.sources.map((source) => source.tail.close()));
    this.sources = [];
  }
}
