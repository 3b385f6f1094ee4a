import type { EventEnvelope } from '../protocol/index.ts';

/**
 * A committed event as the wire carries it: its seq, and the envelope's JSON text as the journal
 * stored it, exactly what `JSON.stringify(envelope)` gives for the envelope `read` returns.
 */
export interface SerializedEvent {
  readonly seq: number;
  readonly json: string;
}

/**
 * Consecutive committed events (in journal order) as one piece of wire JSON: their envelopes'
 * JSON joined by commas, as UTF-8, ready to go between the brackets of an `events` array. A
 * replay sends a page as one run, so no per-event string is ever made for it.
 */
export interface SerializedEventRun {
  /** The seq of the last event of the run. */
  readonly seq: number;
  /** How many events the run holds. */
  readonly count: number;
  /** The joined JSON, between the read's `RunEnclosure` texts when it was given one. */
  readonly json: Uint8Array;
}

/**
 * Text a run's JSON is read between, e.g. the rest of a batch message around its events, so the
 * bytes SQLite builds are a whole frame and nothing copies them again.
 */
export interface RunEnclosure {
  readonly before: string;
  readonly after: string;
}

/** `[seq, json]` rows, as a raw statement returns them. */
export function serializedEventsFromRaw(rows: readonly (readonly [number, string])[]): SerializedEvent[] {
  return rows.map(([seq, json]) => ({ seq, json }));
}

/** The batch a journal committed last: its envelopes, and the text stored for each, by position. */
let lastCommitted: { readonly events: readonly EventEnvelope[]; readonly json: readonly string[] } | undefined;

/**
 * Records the text the journal stored for the envelopes it is about to hand its subscribers, so
 * live streams send that text instead of stringifying the envelopes again. Only the last batch is
 * kept: subscribers serialize while they are told. (A WeakMap entry per event cost about 20% of
 * ingest in garbage collection.)
 */
export function rememberCommitted(events: readonly EventEnvelope[], json: readonly string[]): void {
  lastCommitted = { events, json };
}

const serializedEnvelopes = new WeakMap<EventEnvelope, SerializedEvent>();

/**
 * A live envelope's wire form: the text the journal stored when the envelope is of the batch
 * being handed out, else serialized once however many streams send it (the journal hands every
 * subscriber the same envelope objects, so the cache is keyed by the object).
 */
export function serializeEnvelope(event: EventEnvelope): SerializedEvent {
  const committed = lastCommitted;
  if (committed !== undefined) {
    // A batch's seqs are consecutive, so the position is arithmetic; identity proves the match.
    const index = event.seq - (committed.events[0]?.seq ?? 0);
    if (committed.events[index] === event) return { seq: event.seq, json: committed.json[index]! };
  }
  let serialized = serializedEnvelopes.get(event);
  if (serialized === undefined) {
    serialized = { seq: event.seq, json: JSON.stringify(event) };
    serializedEnvelopes.set(event, serialized);
  }
  return serialized;
}
