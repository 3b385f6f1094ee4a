import type { EntityRef, EventEnvelope, NewEvent } from '../protocol/index.ts';
import { SCHEMA_VERSION } from '../protocol/index.ts';
import { journalInvalidArgument } from './journalErrors.ts';
import { assertStorable } from './newEventValidation.ts';

/**
 * One row of the `events` table: the seq, the type (for type filters) and the envelope's JSON,
 * stored as the wire sends it, so a replay reads text and never builds it (see `journalMigrations`).
 */
export interface EventRow {
  seq: number;
  type: string;
  envelope: string;
}

/** The columns of `events`, in the order `pushEventValues` writes them. */
export const EVENT_COLUMNS = ['seq', 'type', 'envelope'] as const;

/** Appends a row's values to a flat parameter list, in `EVENT_COLUMNS` order. */
export function pushEventValues(row: EventRow, values: unknown[]): void {
  values.push(row.seq, row.type, row.envelope);
}

/**
 * An event serialized at append time, waiting for the group commit to assign its seq. Its JSON is
 * kept in two pieces around the seq, `{"id":…,"seq":` and `,"schema_version":…}`, so the commit
 * only joins strings.
 */
export interface PendingEvent {
  readonly id: string;
  readonly ts: string;
  readonly head: string;
  readonly tail: string;
  readonly refs: readonly EntityRef[];
  readonly source: NewEvent;
  /** Set by the writer inside the transaction. */
  row: EventRow;
}

/**
 * Serializes a producer's event. Done at append time, not inside the group commit, so an event
 * that cannot be stored (a cycle, a BigInt) fails only its own append, never its batch-mates.
 * The text is `JSON.stringify` of the envelope `committedEnvelope` builds, key for key: the rest
 * of the envelope is stringified as one object and spliced after the id and the seq.
 */
export function toPendingEvent(event: NewEvent, id: string, ts: string): PendingEvent {
  assertStorable(event);
  const refs = event.entity_refs ?? [];
  let rest: string;
  try {
    rest = JSON.stringify({
      schema_version: SCHEMA_VERSION,
      type: event.type,
      timestamp: ts,
      actor: event.actor,
      correlation_id: event.correlation_id ?? null,
      entity_refs: refs,
      summary: event.summary,
      payload: event.payload,
      raw_ref: event.raw_ref ?? null,
    });
  } catch (error) {
    throw journalInvalidArgument(`Event "${event.type}" cannot be serialized to JSON.`, error);
  }
  return {
    id, ts, refs, source: event,
    head: `{"id":${JSON.stringify(id)},"seq":`,
    // `{"schema_version":…}` without its `{`: a slice of a flat string is not a copy.
    tail: `,${rest.slice(1)}`,
    row: { seq: 0, type: event.type, envelope: '' },
  };
}

/** Gives a pending event its seq and the row that stores it. */
export function assignSeq(pending: PendingEvent, seq: number): EventRow {
  pending.row = { seq, type: pending.source.type, envelope: pending.head + seq + pending.tail };
  return pending.row;
}

/**
 * The envelope of a committed pending event. It reuses the producer's actor, refs and payload
 * objects rather than copying them: the journal owns what it is given, and producers must not
 * mutate an event after appending it.
 */
export function committedEnvelope(pending: PendingEvent): EventEnvelope {
  const { row, refs, source } = pending;
  return {
    id: pending.id,
    seq: row.seq,
    schema_version: SCHEMA_VERSION,
    type: source.type,
    timestamp: pending.ts,
    actor: source.actor,
    correlation_id: source.correlation_id ?? null,
    entity_refs: refs as EntityRef[],
    summary: source.summary,
    payload: source.payload,
    raw_ref: source.raw_ref ?? null,
  };
}

/** The envelope stored in a row read back from the database. */
export function envelopeFromJson(json: string): EventEnvelope {
  return JSON.parse(json) as EventEnvelope;
}
