import { EventKinds, type Event } from '../events.js';
import { fingerprint, type HistoryWriter } from './writer.js';

/**
 * What one log file gives the history, for `analyze` and `watch` alike: the events of its lines
 * past the file's checkpoint (each line stored once, whichever run reads it), an entry for each
 * line no parser understood, and the checkpoint it reached. Login attempts stored here are put
 * in `fresh`, so that the web login outcomes derived from them are stored too.
 */
export class FileHistory {
  private print: string | undefined;
  private stored = 0;

  constructor(
    private readonly host: string,
    /** Time given to an unparsed line: its predecessor's (at first, the file's time). */
    private lastTs: number,
    private readonly loginMethods: ReadonlySet<string>,
    private readonly fresh: WeakSet<Event>,
  ) {}

  /** One non-blank line and the events it gave, `events[from…]`. */
  line(
    writer: HistoryWriter,
    lineNo: number,
    text: string,
    events: readonly Event[],
    from: number,
    parsed: boolean,
  ): void {
    // The first line names the file (again after a truncation, when numbering restarts).
    if (lineNo === 1 || this.print === undefined) {
      this.print = fingerprint(this.host, text);
      this.stored = writer.storedLines(this.print);
    }
    if (lineNo <= this.stored) return;
    if (!parsed) {
      writer.addUnparsed(this.host, this.lastTs);
      return;
    }
    for (let i = from; i < events.length; i++) {
      const event = events[i];
      if (event === undefined) continue;
      writer.add(event);
      if (event.kind === EventKinds.httpRequest && this.loginMethods.has(event.method ?? ''))
        this.fresh.add(event);
      this.lastTs = event.ts;
    }
  }

  /** The file is stored up to `lineNo` once the writer commits. */
  reached(writer: HistoryWriter, lineNo: number, file: string): void {
    if (this.print !== undefined) writer.reached(this.print, lineNo, file);
  }
}
