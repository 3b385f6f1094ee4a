import type { EventEnvelope } from '../protocol/index.ts';
import type { EventRow } from './eventRowMapping.ts';

/**
 * A committed event as the wire carries it: its seq, and the envelope's JSON text, exactly what
 * `JSON.stringify(envelope)` gives for the envelope `read` returns for the same row.
 */
export interface SerializedEvent {
  readonly seq: number;
  readonly json: string;
}

/**
 * The envelope's JSON built from a stored row without parsing it: the JSON columns were written
 * by `JSON.stringify` (see `toPendingEvent`), and parsing then re-stringifying such text gives the
 * same text back, so splicing the columns into the envelope's key order (the order
 * `envelopeFromRow` builds) yields the bytes the parse-and-stringify path yields, at a fraction of
 * the cost. Replaying a long journal is dominated by this step.
 */
export function serializedEventFromRow(row: EventRow): SerializedEvent {
  const json = '{"id":' + JSON.stringify(row.id)
    + ',"seq":' + String(row.seq)
    + ',"schema_version":' + String(row.schema_version)
    + ',"type":' + JSON.stringify(row.type)
    + ',"timestamp":' + JSON.stringify(row.ts)
    + ',"actor":' + row.actor
    + ',"correlation_id":' + nullableString(row.correlation_id)
    + ',"entity_refs":' + row.entity_refs
    + ',"summary":' + JSON.stringify(row.summary)
    + ',"payload":' + row.payload
    + ',"raw_ref":' + nullableString(row.raw_ref)
    + '}';
  return { seq: row.seq, json };
}

function nullableString(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
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
