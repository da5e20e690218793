import { readFileSync, statSync } from 'node:fs';
import { resolveConfig } from '../src/config/load.js';
import type { Event } from '../src/events.js';
import { analyze } from '../src/pipeline/analyze.js';
import { TrustedProxies } from '../src/parse/proxies.js';
import { FormatRegistry } from '../src/parse/registry.js';
import { buildWeeklyReport } from '../src/report/weekly.js';
import { newReadStats, readLines } from '../src/sources/lines.js';
import { resolveInputs } from '../src/sources/resolve.js';

/**
 * One measurement in a fresh process, so peak RSS belongs to it alone.
 * Usage: scenario.js parse <format> <file> | scenario.js analyze <file> | scenario.js report <dataDir> <events>
 *        | scenario.js read <file> | scenario.js touch <file>
 * Prints one JSON line: lines, bytes, seconds, peak RSS.
 */
const [mode, ...args] = process.argv.slice(2);
const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());

async function run(): Promise<{ lines: number; bytes: number; seconds: number; events: number }> {
  if (mode === 'parse') {
    const [format = '', path = ''] = args;
    const lines = readFileSync(path, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    const parser = new FormatRegistry().get(format).create({
      host: 'bench',
      timezone: 'UTC',
      referenceMs: statSync(path).mtimeMs,
      trustedProxies: new TrustedProxies([]),
    });
    let events = 0;
    let checksum = 0;
    const emit = (event: Event): void => {
      events++;
      checksum += event.ts;
    };
    const started = process.hrtime.bigint();
    let parsed = 0;
    for (const line of lines) if (parser.parse(line, emit)) parsed++;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (parsed !== lines.length || checksum === 0)
      throw new Error(`only ${parsed} of ${lines.length} lines parsed`);
    return { lines: lines.length, bytes: statSync(path).size, seconds, events };
  }
  if (mode === 'read' || mode === 'touch') {
    // The machine's floor: what `analyze` pays to read, decode and split the lines before it
    // parses any (`read`), and that plus looking at every character once in a loop (`touch`).
    const [path = ''] = args;
    const [file] = await resolveInputs([{ path }], { onWarning: () => undefined });
    if (file === undefined) throw new Error(`cannot read ${path}`);
    const stats = newReadStats();
    let lines = 0;
    let checksum = 0;
    const started = process.hrtime.bigint();
    for await (const batch of readLines(file, { onWarning: () => undefined }, stats)) {
      lines += batch.lines.length;
      if (mode === 'read') continue;
      for (const line of batch.lines) for (let i = 0; i < line.length; i++) checksum += line.charCodeAt(i);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (mode === 'touch' && checksum === 0) throw new Error('no characters');
    return { lines, bytes: statSync(path).size, seconds, events: 0 };
  }
  if (mode === 'report') {
    const [dataDir = '', events = '0'] = args;
    const started = process.hrtime.bigint();
    const report = await buildWeeklyReport(dataDir, { week: '2026-W46', timezone: 'Europe/Berlin' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.headline.requests.thisWeek === 0) throw new Error('the report found no requests');
    return { lines: Number(events), bytes: 0, seconds, events: Number(events) };
  }
  const [path = ''] = args;
  const started = process.hrtime.bigint();
  const report = await analyze({ config, paths: [path], onWarning: () => undefined });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (report.unparsed !== 0) throw new Error(`${report.unparsed} unparsed lines`);
  return { lines: report.lines, bytes: statSync(path).size, seconds, events: report.events };
}

const result = await run();
process.stdout.write(
  JSON.stringify({ ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n',
);
