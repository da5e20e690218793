import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeIfPresent, writeFileAtomic } from '../state/files.js';
import type { Message, Rendered } from './types.js';

/** Retries wait 1, 2, 4 … minutes after each failure, at most an hour. */
const FIRST_RETRY_MS = 60_000;
const LAST_RETRY_MS = 3_600_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** What the outbox knows of one message: its `.json` file. */
export interface OutboxRecord {
  readonly channel: string;
  readonly message: Message;
  /** Extension of the rendered copy beside it (`eml`), if any. */
  readonly rendered?: string;
  readonly queuedAt: string;
  readonly attempts: number;
  /** Epoch ms; a flush before this leaves it alone unless forced. */
  readonly nextAttemptAt: number;
  readonly lastError?: string;
}

export interface OutboxEntry extends OutboxRecord {
  /** Path of the `.json` file without the extension. */
  readonly base: string;
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** A file name from a message id: letters, digits, `.`, `-`, `_` only. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
}

/**
 * Messages not yet delivered, one folder per channel: `<id>.json` (what and how often tried) and
 * beside it the rendered form a person can open (`<id>.eml` for email). Every message is written
 * here before its first attempt and removed once delivered, so a relay that is down, a crash or
 * a kill loses nothing; a message delivered is never tried again.
 */
export class Outbox {
  constructor(readonly dir: string) {}

  async put(channel: string, message: Message, rendered?: Rendered, now = Date.now()): Promise<OutboxEntry> {
    const base = join(this.dir, fileSafe(channel), `${String(now)}-${fileSafe(message.id)}`);
    // The rendered copy first: a .json without its .eml would be re-rendered, the reverse would be orphaned.
    if (rendered !== undefined) await writeFileAtomic(`${base}.${rendered.extension}`, rendered.data);
    const record: OutboxRecord = {
      channel,
      message,
      ...(rendered === undefined ? {} : { rendered: rendered.extension }),
      queuedAt: new Date(now).toISOString(),
      attempts: 0,
      nextAttemptAt: now,
    };
    await writeFileAtomic(`${base}.json`, `${JSON.stringify(record, null, 1)}\n`);
    return { ...record, base };
  }

  /** Every waiting message, oldest first; unreadable files are reported through `onBad`. */
  async list(onBad: (file: string, reason: string) => void = () => undefined): Promise<OutboxEntry[]> {
    let channels: string[];
    try {
      channels = await readdir(this.dir);
    } catch {
      return [];
    }
    const entries: OutboxEntry[] = [];
    for (const channel of channels.sort()) {
      let names: string[];
      try {
        names = await readdir(join(this.dir, channel));
      } catch {
        continue;
      }
      for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
        const file = join(this.dir, channel, name);
        try {
          const record = JSON.parse(await readFile(file, 'utf8')) as OutboxRecord;
          const loose = record as Partial<OutboxRecord> | null;
          if (typeof loose?.channel !== 'string' || typeof loose.message?.id !== 'string') {
            throw new Error('not an outbox record');
          }
          entries.push({ ...record, base: file.slice(0, -'.json'.length) });
        } catch (error) {
          onBad(file, error instanceof Error ? error.message : String(error));
        }
      }
    }
    return entries.sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0));
  }

  async renderedOf(entry: OutboxEntry): Promise<Buffer | undefined> {
    if (entry.rendered === undefined) return undefined;
    try {
      return await readFile(`${entry.base}.${entry.rendered}`);
    } catch {
      return undefined;
    }
  }

  /**
   * Delivered: the `.json` goes first, so a crash in between leaves a stray copy (ignored),
   * never a record that would be sent again.
   */
  async remove(entry: OutboxEntry): Promise<void> {
    await removeIfPresent(`${entry.base}.json`);
    if (entry.rendered !== undefined) await removeIfPresent(`${entry.base}.${entry.rendered}`);
  }

  async recordFailure(entry: OutboxEntry, reason: string, now = Date.now()): Promise<OutboxEntry> {
    const attempts = entry.attempts + 1;
    const { base, ...record } = entry;
    const updated: OutboxRecord = {
      ...record,
      attempts,
      nextAttemptAt: now + retryDelayMs(attempts),
      lastError: reason,
    };
    await writeFileAtomic(`${base}.json`, `${JSON.stringify(updated, null, 1)}\n`);
    return { ...updated, base };
  }
}
