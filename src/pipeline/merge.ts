import type { Event } from '../events.js';

interface Cursor {
  readonly source: AsyncIterator<Event[]>;
  batch: Event[];
  at: number;
}

function head(cursor: Cursor): number {
  return cursor.batch[cursor.at]?.ts ?? Number.POSITIVE_INFINITY;
}

/** Next non-empty batch of a stream, or undefined at its end. */
async function refill(cursor: Cursor): Promise<boolean> {
  for (;;) {
    const next = await cursor.source.next();
    if (next.done === true) return false;
    if (next.value.length > 0) {
      cursor.batch = next.value;
      cursor.at = 0;
      return true;
    }
  }
}

/**
 * K-way merge of event streams (one per log file or rotated set, each in its own time order)
 * into one stream in event-time order, so rules see several servers' logs as they happened.
 * Holds one batch per stream; a stream alone is passed through without comparisons.
 */
export async function mergeByTime(
  sources: readonly AsyncIterator<Event[]>[],
  emit: (event: Event) => void,
): Promise<void> {
  const cursors: Cursor[] = sources.map((source) => ({ source, batch: [], at: 0 }));
  const primed = await Promise.all(cursors.map(refill));
  const heap = cursors.filter((_, i) => primed[i] === true);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
  for (let top = heap[0]; top !== undefined; top = heap[0]) {
    const limit = Math.min(
      heap[1] === undefined ? Number.POSITIVE_INFINITY : head(heap[1]),
      heap[2] === undefined ? Number.POSITIVE_INFINITY : head(heap[2]),
    );
    const batch = top.batch;
    let at = top.at;
    for (let event = batch[at]; event !== undefined && event.ts <= limit; event = batch[at]) {
      emit(event);
      at++;
    }
    top.at = at;
    if (at >= batch.length && !(await refill(top))) {
      const last = heap.pop();
      if (last === undefined || heap.length === 0) break;
      heap[0] = last;
    }
    siftDown(heap, 0);
  }
}

function siftDown(heap: Cursor[], start: number): void {
  let i = start;
  for (let current = heap[i]; current !== undefined; current = heap[i]) {
    let smallest = current;
    let at = i;
    const left = heap[2 * i + 1];
    const right = heap[2 * i + 2];
    if (left !== undefined && head(left) < head(smallest)) {
      smallest = left;
      at = 2 * i + 1;
    }
    if (right !== undefined && head(right) < head(smallest)) {
      smallest = right;
      at = 2 * i + 2;
    }
    if (at === i) return;
    heap[at] = current;
    heap[i] = smallest;
    i = at;
  }
}
