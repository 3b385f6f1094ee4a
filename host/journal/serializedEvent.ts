import type { EventEnvelope } from '../protocol/index.ts';

/**
 * A committed event as the wire carries it: its seq, and the envelope's JSON text, exactly what
 * `JSON.stringify(envelope)` gives for the envelope `read` returns for the same row.
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
  readonly json: Uint8Array;
}

/**
 * SQL building an envelope's JSON from a row of `events`, without parsing it: the JSON columns
 * were written by `JSON.stringify` (see `toPendingEvent`), parsing then re-stringifying such text
 * gives the same text back, and SQLite's `json_quote` escapes a string exactly as
 * `JSON.stringify` does. So splicing the columns in the envelope's key order (the order
 * `envelopeFromRow` builds) yields the bytes of the parse-and-stringify path, at a fraction of its
 * cost, and in SQLite rather than in JavaScript strings. `concat` builds the text in one pass
 * (chained `||` copies the growing string at each step: 1.3–1.5× slower in `npm run bench`'s
 * page step). Replaying a long journal is dominated by this step.
 */
export const ENVELOPE_JSON_SQL = `concat(
  '{"id":', json_quote(events.id),
  ',"seq":', events.seq,
  ',"schema_version":', events.schema_version,
  ',"type":', json_quote(events.type),
  ',"timestamp":', json_quote(events.ts),
  ',"actor":', events.actor,
  ',"correlation_id":', json_quote(events.correlation_id),
  ',"entity_refs":', events.entity_refs,
  ',"summary":', json_quote(events.summary),
  ',"payload":', events.payload,
  ',"raw_ref":', json_quote(events.raw_ref),
  '}')`;

/** `[seq, json]` rows of `ENVELOPE_JSON_SQL`, as a raw statement returns them. */
export function serializedEventsFromRaw(rows: readonly (readonly [number, string])[]): SerializedEvent[] {
  return rows.map(([seq, json]) => ({ seq, json }));
}

const serializedEnvelopes = new WeakMap<EventEnvelope, SerializedEvent>();

/**
 * A live envelope's wire form, serialized once however many streams send it: the journal hands
 * every subscriber the same envelope objects, so the cache is keyed by the object.
 */
export function serializeEnvelope(event: EventEnvelope): SerializedEvent {
  let serialized = serializedEnvelopes.get(event);
  if (serialized === undefined) {
    serialized = { seq: event.seq, json: JSON.stringify(event) };
    serializedEnvelopes.set(event, serialized);
  }
  return serialized;
}
