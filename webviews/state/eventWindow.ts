/**
 * The loaded part of a timeline: a contiguous run of events in increasing `seq`, stored as chunks
 * (one per page) so that loading an older page, appending live events or dropping a far page costs
 * O(page + chunks), never O(events). Immutable: every change returns a new window.
 */
export interface EventWindow<T extends { seq: number }> {
  readonly chunks: readonly (readonly T[])[];
  /** offsets[i] = index of chunks[i][0] in the window. */
  readonly offsets: readonly number[];
  readonly length: number;
}

/** Live events are merged into the newest chunk while it is smaller than this. */
const MERGE_LIMIT = 1000;

export function emptyWindow<T extends { seq: number }>(): EventWindow<T> {
  return { chunks: [], offsets: [], length: 0 };
}

function build<T extends { seq: number }>(chunks: readonly (readonly T[])[]): EventWindow<T> {
  const offsets: number[] = [];
  let length = 0;
  for (const chunk of chunks) { offsets.push(length); length += chunk.length; }
  return { chunks, offsets, length };
}

export function firstSeq<T extends { seq: number }>(window: EventWindow<T>): number | undefined {
  return window.chunks[0]?.[0]?.seq;
}

export function lastSeq<T extends { seq: number }>(window: EventWindow<T>): number | undefined {
  const chunk = window.chunks.at(-1);
  return chunk?.[chunk.length - 1]?.seq;
}

/** Sorted, de-duplicated copy of `events` (pages may come newest first). */
function ordered<T extends { seq: number }>(events: readonly T[]): T[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return sorted.filter((event, index) => index === 0 || sorted[index - 1]!.seq !== event.seq);
}

/** Adds events newer than the newest loaded one; older or known ones are ignored. */
export function appendEvents<T extends { seq: number }>(window: EventWindow<T>, events: readonly T[]): EventWindow<T> {
  const last = lastSeq(window) ?? 0;
  const fresh = ordered(events).filter((event) => event.seq > last);
  if (fresh.length === 0) return window;
  const tail = window.chunks.at(-1);
  if (tail && tail.length < MERGE_LIMIT) return build([...window.chunks.slice(0, -1), [...tail, ...fresh]]);
  return build([...window.chunks, fresh]);
}

/** Adds events older than the oldest loaded one; newer or known ones are ignored. */
export function prependEvents<T extends { seq: number }>(window: EventWindow<T>, events: readonly T[]): EventWindow<T> {
  const first = firstSeq(window) ?? Number.POSITIVE_INFINITY;
  const older = ordered(events).filter((event) => event.seq < first);
  if (older.length === 0) return window;
  return build([older, ...window.chunks]);
}

/** The chunk holding window index `index` (binary search over the offsets). */
function chunkIndexAt<T extends { seq: number }>(window: EventWindow<T>, index: number): number {
  let low = 0;
  let high = window.chunks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (window.offsets[mid]! <= index) low = mid; else high = mid - 1;
  }
  return low;
}

export function eventAt<T extends { seq: number }>(window: EventWindow<T>, index: number): T | undefined {
  if (index < 0 || index >= window.length) return undefined;
  const chunk = chunkIndexAt(window, index);
  return window.chunks[chunk]![index - window.offsets[chunk]!];
}

/** The events at window indexes [start, end). */
export function sliceWindow<T extends { seq: number }>(window: EventWindow<T>, start: number, end: number): T[] {
  const result: T[] = [];
  for (let index = Math.max(0, start); index < Math.min(end, window.length); index++) result.push(eventAt(window, index)!);
  return result;
}

/** Index of the first event whose seq is >= `seq` (window.length when none is). */
export function lowerBound<T extends { seq: number }>(window: EventWindow<T>, seq: number): number {
  let low = 0;
  let high = window.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (eventAt(window, mid)!.seq < seq) low = mid + 1; else high = mid;
  }
  return low;
}

/** Index of the event with exactly `seq`, or -1. */
export function indexOfSeq<T extends { seq: number }>(window: EventWindow<T>, seq: number): number {
  const index = lowerBound(window, seq);
  return eventAt(window, index)?.seq === seq ? index : -1;
}

/** Drops whole chunks from the newest end while at least `keep` events remain. */
export function trimNewest<T extends { seq: number }>(window: EventWindow<T>, keep: number): EventWindow<T> {
  let end = window.chunks.length;
  let length = window.length;
  while (end > 1 && length - window.chunks[end - 1]!.length >= keep) { length -= window.chunks[end - 1]!.length; end--; }
  return end === window.chunks.length ? window : build(window.chunks.slice(0, end));
}

/** Drops whole chunks from the oldest end while at least `keep` events remain. */
export function trimOldest<T extends { seq: number }>(window: EventWindow<T>, keep: number): EventWindow<T> {
  let start = 0;
  let length = window.length;
  while (start < window.chunks.length - 1 && length - window.chunks[start]!.length >= keep) { length -= window.chunks[start]!.length; start++; }
  return start === 0 ? window : build(window.chunks.slice(start));
}

/** Every event, oldest first (for search and tests; O(events)). */
export function windowEvents<T extends { seq: number }>(window: EventWindow<T>): T[] {
  return window.chunks.flat();
}
