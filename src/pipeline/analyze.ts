import { hostname } from 'node:os';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError, WarningCodes, type Warning } from '../errors.js';
import type { Event } from '../events.js';
import { TrustedProxies } from '../parse/proxies.js';
import { FormatRegistry } from '../parse/registry.js';
import type { Emit, LineParser, ParseContext } from '../parse/types.js';
import { newReadStats, readLines } from '../sources/lines.js';
import { resolveInputs, type InputFile, type InputSpec } from '../sources/resolve.js';
import { SummaryCollector, type HostSummary } from './summary.js';

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
}

const MAX_SAMPLES_PER_FILE = 5;
const SAMPLE_CHARS = 300;

/** Reads every input, parses each line into events and summarises them per host. */
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
  const trustedProxies = new TrustedProxies(config.trustedProxies);
  const summary = new SummaryCollector();
  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
  const progress = { bytesDone: 0, bytesTotal, lines: 0 };
  const reports: FileReport[] = [];
  let events = 0;
  const countEvent: Emit = options.onEvent
    ? (() => {
        const forward = options.onEvent;
        return (event: Event) => {
          events++;
          forward(event);
        };
      })()
    : () => {
        events++;
      };

  for (const file of files) {
    const ctx: ParseContext = {
      host: file.hostHint ?? file.host ?? options.host ?? hostname(),
      timezone: file.timezone ?? config.timezone,
      referenceMs: file.stdin ? Date.now() : file.mtimeMs,
      trustedProxies,
    };
    const report = await analyzeFile(file, ctx, registry, summary, countEvent, {
      onWarning,
      onBatch: (bytes, lines) => {
        progress.lines += lines;
        options.onProgress?.({ ...progress, bytesDone: progress.bytesDone + bytes });
      },
      stdin: options.stdin,
    });
    progress.bytesDone += file.size;
    reports.push(report);
  }

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
  };
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
  onWarning: (warning: Warning) => void;
  onBatch: (bytesOfFile: number, lines: number) => void;
  stdin: NodeJS.ReadableStream | undefined;
}

async function analyzeFile(
  file: InputFile,
  ctx: ParseContext,
  registry: FormatRegistry,
  summary: SummaryCollector,
  forward: Emit,
  hooks: FileHooks,
): Promise<FileReport> {
  const stats = newReadStats();
  const fileHost = summary.host(ctx.host);
  let parser: LineParser | undefined =
    file.format === undefined ? undefined : registry.get(file.format).create(ctx);
  const report: FileReport = {
    file: file.display,
    format: parser?.format ?? null,
    host: ctx.host,
    lines: 0,
    parsed: 0,
    unparsed: 0,
    cutLines: 0,
    skipped: null,
    unparsedSamples: [],
  };

  let eventHostName = '';
  let eventHost = fileHost;
  const emit: Emit = (event) => {
    if (event.host !== eventHostName) {
      eventHostName = event.host;
      eventHost = summary.host(event.host);
    }
    eventHost.addEvent(event);
    forward(event);
  };

  let formatName: string | undefined = report.format ?? undefined;
  let detectionTried = false;
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
    let lineNo = batch.firstLine - 1;
    for (const line of batch.lines) {
      lineNo++;
      if (line.length === 0) continue;
      report.lines++;
      eventHost = fileHost;
      eventHostName = ctx.host;
      if (parser?.parse(line, emit) === true) {
        report.parsed++;
        summary.addLine(eventHost, formatName, true);
      } else {
        summary.addLine(fileHost, formatName, false);
        if (report.unparsedSamples.length < MAX_SAMPLES_PER_FILE) {
          report.unparsedSamples.push({ line: lineNo, text: line.slice(0, SAMPLE_CHARS) });
        }
      }
    }
    hooks.onBatch(stats.bytes, batch.lines.length);
  }
  report.unparsed = report.lines - report.parsed;
  report.cutLines = stats.cutLines;
  report.skipped = stats.binary ? 'binary' : stats.empty ? 'empty' : null;
  return report;
}
