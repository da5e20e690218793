import { stat } from 'node:fs/promises';
import pc from 'picocolors';
import type { ResolvedConfig } from '../config/schema.js';
import { ErrorCodes, LogwardenError } from '../errors.js';
import { explainLine, type Explanation } from '../pipeline/explain.js';
import { newReadStats, readLines } from '../sources/lines.js';
import { resolveInputs } from '../sources/resolve.js';
import { printable, printWarning } from './output.js';

export interface ExplainFlags {
  format?: string;
  host?: string;
  timezone?: string;
  json?: boolean;
  file?: string;
  line?: string;
}

export async function runExplain(
  lineArgument: string | undefined,
  flags: ExplainFlags,
  config: ResolvedConfig,
): Promise<number> {
  const { line, referenceMs, hostHint } = await lineToExplain(lineArgument, flags);
  const explanation = explainLine(line, {
    config,
    format: flags.format,
    host: flags.host ?? hostHint,
    timezone: flags.timezone,
    referenceMs,
  });
  if (flags.json === true) {
    const closest = explanation.attempts[0] ?? null;
    console.log(
      JSON.stringify({
        format: explanation.format,
        event: explanation.events[0] ?? null,
        events: explanation.events,
        closest,
      }),
    );
  } else {
    printExplanation(explanation);
  }
  return explanation.format === null ? 1 : 0;
}

async function lineToExplain(
  lineArgument: string | undefined,
  flags: ExplainFlags,
): Promise<{ line: string; referenceMs: number | undefined; hostHint: string | undefined }> {
  if (flags.file === undefined) {
    if (lineArgument === undefined) {
      throw new LogwardenError(ErrorCodes.usage, 'explain needs a LINE argument, or --file F --line N');
    }
    return { line: lineArgument, referenceMs: undefined, hostHint: undefined };
  }
  const wanted = Number(flags.line ?? '1');
  if (!Number.isInteger(wanted) || wanted < 1) {
    throw new LogwardenError(
      ErrorCodes.usage,
      `--line must be a positive line number, got "${flags.line ?? ''}"`,
    );
  }
  const [file] = await resolveInputs([{ path: flags.file }]);
  if (file === undefined) throw new LogwardenError(ErrorCodes.inputNotFound, `${flags.file}: no such file`);
  const stats = newReadStats();
  for await (const batch of readLines(file, { onWarning: printWarning }, stats)) {
    const line = batch.lines[wanted - batch.firstLine];
    if (line !== undefined) {
      const referenceMs = file.stdin ? undefined : (await stat(file.path)).mtimeMs;
      return { line, referenceMs, hostHint: file.hostHint };
    }
  }
  throw new LogwardenError(
    ErrorCodes.usage,
    `${flags.file} has only ${stats.lines} lines, no line ${wanted}`,
  );
}

function printExplanation(explanation: Explanation): void {
  console.log(`${pc.dim('line')}    ${printable(explanation.line)}`);
  if (explanation.format !== null) {
    console.log(`${pc.dim('format')}  ${pc.green(explanation.format)}`);
    explanation.events.forEach((event, index) => {
      if (explanation.events.length > 1)
        console.log(pc.dim(`event ${index + 1} of ${explanation.events.length}`));
      for (const [key, value] of Object.entries(event)) {
        if (key === 'raw' || value === undefined) continue;
        const shown =
          key === 'ts' ? `${String(value)} (${new Date(value as number).toISOString()})` : String(value);
        console.log(`  ${key.padEnd(11)} ${printable(shown)}`);
      }
    });
    return;
  }
  console.log(pc.yellow('no format accepts this line'));
  for (const attempt of explanation.attempts.slice(0, 3)) {
    console.log(`  ${attempt.format}: stopped at character ${attempt.offset}, expected ${attempt.expected}`);
    console.log(`    ${printable(explanation.line.slice(0, 120))}`);
    console.log(`    ${' '.repeat(Math.min(attempt.offset, 120))}${pc.red('^')}`);
  }
}
