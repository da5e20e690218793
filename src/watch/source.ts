import { hostname } from 'node:os';
import type { ResolvedConfig } from '../config/schema.js';
import type { Event } from '../events.js';
import { TrustedProxies } from '../parse/proxies.js';
import type { FormatRegistry } from '../parse/registry.js';
import type { LineParser, ParseContext } from '../parse/types.js';
import { FileHistory } from '../store/feed.js';
import type { HistoryWriter } from '../store/writer.js';
import { FileTail, type TailBatch } from './tail.js';

/** Lines of the last stretch a source's unparsed rate is measured over. */
const RATE_WINDOW = 1000;

/** One followed log file: its tail, its parser (detected from its first lines) and its counts. */
export class WatchedSource {
  readonly tail: FileTail;
  private parser: LineParser | undefined;
  private readonly history: FileHistory;
  /** Wall-clock ms of the last new line, for silence alerts. */
  lastLineAt = Date.now();
  recentLines = 0;
  recentUnparsed = 0;

  constructor(
    readonly path: string,
    readonly ctx: ParseContext,
    private readonly registry: FormatRegistry,
    format: string | undefined,
    loginMethods: ReadonlySet<string>,
    fresh: WeakSet<Event>,
  ) {
    this.tail = new FileTail(path);
    this.parser = format === undefined ? undefined : registry.get(format).create(ctx);
    this.history = new FileHistory(ctx.host, ctx.referenceMs, loginMethods, fresh);
  }

  static create(
    path: string,
    input: { host?: string | undefined; format?: string | undefined; timezone?: string | undefined },
    config: ResolvedConfig,
    registry: FormatRegistry,
    /** Login attempts stored in the history go here, so their derived outcomes are stored too. */
    fresh: WeakSet<Event>,
  ): WatchedSource {
    const ctx: ParseContext = {
      host: input.host ?? hostname(),
      timezone: input.timezone ?? config.timezone,
      referenceMs: Date.now(),
      trustedProxies: new TrustedProxies(config.trustedProxies),
    };
    return new WatchedSource(
      path,
      ctx,
      registry,
      input.format,
      new Set(config.detection.webLogin.methods),
      fresh,
    );
  }

  /** Parses a batch into events; new lines (past the history checkpoint) go to `history`. */
  parse(batch: TailBatch, history: HistoryWriter | undefined): Event[] {
    if (this.parser === undefined) {
      const detection = this.registry.detect(batch.lines, this.ctx);
      if (detection !== undefined) this.parser = detection.format.create(this.ctx);
    }
    const events: Event[] = [];
    const emit = (event: Event): void => {
      events.push(event);
    };
    let lineNo = batch.firstLine - 1;
    for (const line of batch.lines) {
      lineNo++;
      if (line.length === 0) continue;
      const before = events.length;
      const parsed = this.parser?.parse(line, emit) === true;
      this.recentLines++;
      if (!parsed) this.recentUnparsed++;
      if (this.recentLines > RATE_WINDOW) {
        this.recentLines = Math.round(this.recentLines / 2);
        this.recentUnparsed = Math.round(this.recentUnparsed / 2);
      }
      if (history !== undefined) this.history.line(history, lineNo, line, events, before, parsed);
    }
    if (history !== undefined) this.history.reached(history, lineNo, this.path);
    this.lastLineAt = Date.now();
    return events;
  }

  /** Share of the recent lines no parser understood. */
  unparsedRate(): number {
    return this.recentLines === 0 ? 0 : this.recentUnparsed / this.recentLines;
  }
}
