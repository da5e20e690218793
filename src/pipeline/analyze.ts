import { hostname } from 'node:os';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError, WarningCodes, type Warning } from '../errors.js';
import type { Event } from '../events.js';
import { FileHistory } from '../store/feed.js';
import type { HistoryWriter } from '../store/writer.js';
import { TrustedProxies } from '../parse/proxies.js';
import { FormatRegistry } from '../parse/registry.js';
import type { Emit, LineParser, ParseContext } from '../parse/types.js';
import { newReadStats, readLines } from '../sources/lines.js';
import { resolveInputs, type InputFile, type InputSpec } from '../sources/resolve.js';
import { SummaryCollector, type HostSummary } from './summary.js';
import { DetectionEngine } from '../detect/engine.js';
import type { Alert } from '../detect/types.js';
import { buildRules, detectOptions, readIocFiles } from './detection.js';
import { mergeByTime } from './merge.js';
import { own } from '../detect/strings.js';

export interface AnalyzeOptions {
  readonly config: ResolvedConfig;
  /** Files, directories, globs or `-`; when empty, the config's `inputs`. */
  readonly paths?: readonly string[] | undefined;
  readonly format?: string | undefined;
  readonly host?: string | undefined;
  readonly timezone?: string | undefined;
  readonly onWarning: (warning: Warning) => void;
  readonly onProgress?: ((progress: AnalyzeProgress) => void) | undefined;
  /** Every event, in file order. */
  readonly onEvent?: Emit | undefined;
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Run the rules (default true). */
  readonly detect?: boolean | undefined;
  /** Where new lines' events are stored (each line once, whatever runs saw it before). */
  readonly history?: HistoryWriter | undefined;
}

export interface AnalyzeProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly lines: number;
}

export interface UnparsedSample {
  readonly line: number;
  readonly text: string;
}

export interface FileReport {
  readonly file: string;
  format: string | null;
  readonly host: string;
  lines: number;
  parsed: number;
  unparsed: number;
  cutLines: number;
  skipped: 'binary' | 'empty' | null;
  readonly unparsedSamples: UnparsedSample[];
}

export interface AnalyzeReport {
  /** Non-blank lines read. */
  readonly lines: number;
  readonly parsed: number;
  readonly unparsed: number;
  readonly events: number;
  readonly formats: Record<string, number>;
  readonly hosts: Record<string, HostSummary>;
  readonly files: FileReport[];
  readonly warnings: Warning[];
  /** Incidents the rules found, oldest first. */
  readonly alerts: Alert[];
}

const MAX_SAMPLES_PER_FILE = 5;
const SAMPLE_CHARS = 300;

/** Reads every input, parses each line into events, summarises them per host and runs the rules. */
export async function analyze(options: AnalyzeOptions): Promise<AnalyzeReport> {
  const { config } = options;
  const registry = new FormatRegistry(config.formats);
  if (options.format !== undefined) registry.get(options.format);
  const specs = inputSpecs(options);
  const warnings: Warning[] = [];
  const onWarning = (warning: Warning): void => {
    warnings.push(warning);
    options.onWarning(warning);
  };
  const files = await resolveInputs(specs, { onWarning });
  const engine =
    options.detect === false
      ? undefined
      : new DetectionEngine(
          buildRules(config),
          detectOptions(config, await readIocFiles(config.detection.iocFiles, onWarning)),
        );
  const trustedProxies = new TrustedProxies(config.trustedProxies);
  const summary = new SummaryCollector();
  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
  const progress = { bytesDone: 0, bytesTotal, lines: 0 };
  const reports: FileReport[] = [];
  const hooks: FileHooks = {
    onWarning,
    onBatch: (bytes, lines) => {
      progress.bytesDone += bytes;
      progress.lines += lines;
      options.onProgress?.({ ...progress });
    },
    stdin: options.stdin,
    history: options.history,
    fresh: new WeakSet(),
    loginMethods: new Set(config.detection.webLogin.methods),
  };
  if (engine !== undefined && options.history !== undefined) {
    const history = options.history;
    // Web login outcomes are stored with the requests they come from: only for new lines.
    engine.onDerived = (derived, from) => {
      if (hooks.fresh.has(from)) history.add(derived);
    };
  }
  const streams = rotatedSets(files).map((set) => {
    const parts = set.map((file) => {
      const ctx: ParseContext = {
        host: file.hostHint ?? file.host ?? options.host ?? hostname(),
        timezone: file.timezone ?? config.timezone,
        referenceMs: file.stdin ? Date.now() : file.mtimeMs,
        trustedProxies,
      };
      const report = newFileReport(file, ctx);
      reports.push(report);
      return { file, ctx, report };
    });
    return (async function* setEvents(): AsyncGenerator<Event[]> {
      for (const { file, ctx, report } of parts)
        yield* fileEvents(file, ctx, registry, summary, report, hooks);
    })();
  });

  let events = 0;
  const forward = options.onEvent;
  await mergeByTime(streams, (event) => {
    events++;
    forward?.(event);
    engine?.push(event);
  });
  return summarise(reports, events, summary, warnings, engine);
}

function newFileReport(file: InputFile, ctx: ParseContext): FileReport {
  return {
    file: file.display,
    format: null,
    host: ctx.host,
    lines: 0,
    parsed: 0,
    unparsed: 0,
    cutLines: 0,
    skipped: null,
    unparsedSamples: [],
  };
}

/** Parses one file, batch by batch: each batch of lines becomes one array of events. */
async function* fileEvents(
  file: InputFile,
  ctx: ParseContext,
  registry: FormatRegistry,
  summary: SummaryCollector,
  report: FileReport,
  hooks: FileHooks,
): AsyncGenerator<Event[]> {
  const stats = newReadStats();
  const fileHost = summary.host(ctx.host);
  let parser: LineParser | undefined =
    file.format === undefined ? undefined : registry.get(file.format).create(ctx);
  report.format = parser?.format ?? null;

  let out: Event[] = [];
  /** The host the current line's events name (the file's when it has none). */
  let eventHost = fileHost;
  // The last host named by an event, kept across lines: a syslog file names the same one throughout.
  let namedHost = '';
  let namedSummary = fileHost;
  const emit: Emit = (event) => {
    if (event.host !== namedHost) {
      namedHost = event.host;
      namedSummary = summary.host(event.host);
    }
    eventHost = namedSummary;
    eventHost.addEvent(event);
    out.push(event);
  };

  const history = hooks.history;
  const fileHistory = new FileHistory(ctx.host, ctx.referenceMs, hooks.loginMethods, hooks.fresh);
  let lineNo = 0;
  let formatName: string | undefined = report.format ?? undefined;
  let detectionTried = false;
  let bytesSeen = 0;
  for await (const batch of readLines(file, { onWarning: hooks.onWarning, stdin: hooks.stdin }, stats)) {
    if (parser === undefined && !detectionTried) {
      detectionTried = true;
      const detection = registry.detect(batch.lines, ctx);
      if (detection === undefined) {
        hooks.onWarning({
          code: WarningCodes.formatUndetected,
          file: file.display,
          message: `no known log format matches the first lines of ${file.display}; use --format or explain a line to see why`,
        });
      } else {
        parser = detection.format.create(ctx);
        formatName = parser.format;
        report.format = formatName;
      }
    }
    lineNo = batch.firstLine - 1;
    for (const line of batch.lines) {
      lineNo++;
      if (line.length === 0) continue;
      report.lines++;
      eventHost = fileHost;
      const before = out.length;
      const parsed = parser?.parse(line, emit) === true;
      if (history !== undefined) fileHistory.line(history, lineNo, line, out, before, parsed);
      if (parsed) {
        report.parsed++;
        summary.addLine(eventHost, formatName, true);
      } else {
        summary.addLine(fileHost, formatName, false);
        if (report.unparsedSamples.length < MAX_SAMPLES_PER_FILE) {
          report.unparsedSamples.push({ line: lineNo, text: own(line.slice(0, SAMPLE_CHARS)) });
        }
      }
    }
    hooks.onBatch(stats.bytes - bytesSeen, batch.lines.length);
    bytesSeen = stats.bytes;
    const events = out;
    out = [];
    yield events;
  }
  if (history !== undefined) fileHistory.reached(history, lineNo, file.display);
  report.unparsed = report.lines - report.parsed;
  report.cutLines = stats.cutLines;
  report.skipped = stats.binary ? 'binary' : stats.empty ? 'empty' : null;
}

function summarise(
  reports: FileReport[],
  events: number,
  summary: SummaryCollector,
  warnings: Warning[],
  engine: DetectionEngine | undefined,
): AnalyzeReport {
  const formats: Record<string, number> = {};
  let lines = 0;
  let parsed = 0;
  for (const report of reports) {
    lines += report.lines;
    parsed += report.parsed;
    if (report.format !== null && report.parsed > 0) {
      formats[report.format] = (formats[report.format] ?? 0) + report.parsed;
    }
  }
  return {
    lines,
    parsed,
    unparsed: lines - parsed,
    events,
    formats,
    hosts: summary.toJSON(),
    files: reports,
    warnings,
    alerts: engine?.finish() ?? [],
  };
}

/** Consecutive files of one rotated set (oldest first) form one stream of events. */
function rotatedSets(files: readonly InputFile[]): InputFile[][] {
  const sets: InputFile[][] = [];
  for (const file of files) {
    const last = sets[sets.length - 1];
    if (last?.[0]?.set === file.set) last.push(file);
    else sets.push([file]);
  }
  return sets;
}

function inputSpecs(options: AnalyzeOptions): InputSpec[] {
  const overrides = {
    ...(options.format !== undefined && { format: options.format }),
    ...(options.host !== undefined && { host: options.host }),
    ...(options.timezone !== undefined && { timezone: options.timezone }),
  };
  const paths = options.paths ?? [];
  if (paths.length > 0) return paths.map((path) => ({ path, ...overrides }));
  if (options.config.inputs.length === 0) {
    throw new LogwardenError(
      ErrorCodes.usage,
      'nothing to analyze: give one or more paths (files, directories, globs or - for stdin) or configure inputs',
    );
  }
  return options.config.inputs.map((input) => ({ ...input, ...overrides }));
}

interface FileHooks {
  history: HistoryWriter | undefined;
  /** Login attempts stored by this run: their derived outcomes are stored too. */
  fresh: WeakSet<Event>;
  loginMethods: ReadonlySet<string>;
  onWarning: (warning: Warning) => void;
  onBatch: (bytes: number, lines: number) => void;
  stdin: NodeJS.ReadableStream | undefined;
}
