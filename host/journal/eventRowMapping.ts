import type { Actor, EntityRef, EventEnvelope, NewEvent } from '../protocol/index.ts';
import { SCHEMA_VERSION } from '../protocol/index.ts';
import { journalInvalidArgument } from './journalErrors.ts';
import { assertStorable } from './newEventValidation.ts';

/** One row of the `events` table; JSON columns hold serialized text. */
export interface EventRow {
  seq: number;
  id: string;
  type: string;
  ts: string;
  actor: string;
  correlation_id: string | null;
  entity_refs: string;
  summary: string;
  payload: string;
  raw_ref: string | null;
  schema_version: number;
}

/** The columns of `events`, in the order `pushEventValues` writes them. */
export const EVENT_COLUMNS = [
  'seq', 'id', 'type', 'ts', 'actor', 'correlation_id', 'entity_refs', 'summary', 'payload', 'raw_ref', 'schema_version',
] as const;

/** Appends a row's values to a flat parameter list, in `EVENT_COLUMNS` order. */
export function pushEventValues(row: EventRow, values: unknown[]): void {
  values.push(
    row.seq, row.id, row.type, row.ts, row.actor, row.correlation_id,
    row.entity_refs, row.summary, row.payload, row.raw_ref, row.schema_version,
  );
}

/** An event serialized at append time, waiting for the group commit to assign its seq. */
export interface PendingEvent {
  readonly row: EventRow;
  readonly refs: readonly EntityRef[];
  readonly source: NewEvent;
}

/**
 * Serializes a producer's event. Done at append time, not inside the group commit, so an event
 * that cannot be stored (a cycle, a BigInt) fails only its own append, never its batch-mates.
 */
export function toPendingEvent(event: NewEvent, id: string, ts: string): PendingEvent {
  assertStorable(event);
  const refs = event.entity_refs ?? [];
  try {
    const row: EventRow = {
      seq: 0,
      id,
      type: event.type,
      ts,
      actor: JSON.stringify(event.actor),
      correlation_id: event.correlation_id ?? null,
      entity_refs: JSON.stringify(refs),
      summary: event.summary,
      payload: JSON.stringify(event.payload),
      raw_ref: event.raw_ref ?? null,
      schema_version: SCHEMA_VERSION,
    };
    return { row, refs, source: event };
  } catch (error) {
    throw journalInvalidArgument(`Event "${event.type}" cannot be serialized to JSON.`, error);
  }
}

/**
 * The envelope of a committed pending event. It reuses the producer's actor, refs and payload
 * objects rather than copying them: the journal owns what it is given, and producers must not
 * mutate an event after appending it.
 */
export function committedEnvelope(pending: PendingEvent): EventEnvelope {
  const { row, refs, source } = pending;
  return {
    id: row.id,
    seq: row.seq,
    schema_version: row.schema_version,
    type: row.type,
    timestamp: row.ts,
    actor: source.actor,
    correlation_id: row.correlation_id,
    entity_refs: refs as EntityRef[],
    summary: row.summary,
    payload: source.payload,
    raw_ref: row.raw_ref,
  };
}

/** The envelope stored in a row read back from the database. */
export function envelopeFromRow(row: EventRow): EventEnvelope {
  return {
    id: row.id,
    seq: row.seq,
    schema_version: row.schema_version,
    type: row.type,
    timestamp: row.ts,
    actor: JSON.parse(row.actor) as Actor,
    correlation_id: row.correlation_id,
    entity_refs: JSON.parse(row.entity_refs) as EntityRef[],
    summary: row.summary,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    raw_ref: row.raw_ref,
  };
}
