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

/** The columns of `events`, in the order `pushEventValues` and `pushPendingEventValues` write them. */
export const EVENT_COLUMNS = ['seq', 'type', 'envelope'] as const;

/** Appends a row's values to a flat parameter list, in `EVENT_COLUMNS` order. */
export function pushEventValues(row: EventRow, values: unknown[]): void {
  values.push(row.seq, row.type, row.envelope);
}

/** Appends a numbered pending event's row values, in `EVENT_COLUMNS` order, without a row object. */
export function pushPendingEventValues(pending: PendingEvent, values: unknown[]): void {
  values.push(pending.envelope.seq, pending.envelope.type, pending.json);
}

/**
 * An event waiting for the group commit: its envelope, complete but for the seq, and, once the
 * commit has numbered it, the envelope's JSON, which is what the journal stores.
 */
export interface PendingEvent {
  /** The envelope subscribers and callers get; its seq is 0 until `numberPendingEvent`. */
  readonly envelope: EventEnvelope;
  json: string;
}

/**
 * Checks a producer's event and builds its envelope. It reuses the producer's actor, refs and
 * payload objects rather than copying them: the journal owns what it is given, and producers must
 * not mutate an event after appending it.
 */
export function toPendingEvent(event: NewEvent, id: string, ts: string): PendingEvent {
  assertStorable(event);
  return {
    envelope: {
      id,
      seq: 0,
      schema_version: SCHEMA_VERSION,
      type: event.type,
      timestamp: ts,
      actor: event.actor,
      correlation_id: event.correlation_id ?? null,
      entity_refs: (event.entity_refs ?? []) as EntityRef[],
      summary: event.summary,
      payload: event.payload,
      raw_ref: event.raw_ref ?? null,
    },
    json: '',
  };
}

/**
 * Gives a pending event its seq and serializes the envelope as it will be stored and sent: one
 * `JSON.stringify` of the very object subscribers get, at commit time, when the seq is known.
 * Throws `journal_invalid_argument` for an event that cannot be serialized (a cycle, a BigInt);
 * the group commit then fails that event's append alone.
 */
export function numberPendingEvent(pending: PendingEvent, seq: number): void {
  pending.envelope.seq = seq;
  try {
    pending.json = JSON.stringify(pending.envelope);
  } catch (error) {
    throw journalInvalidArgument(`Event "${pending.envelope.type}" cannot be serialized to JSON.`, error);
  }
}

/** The row that stores a numbered pending event. */
export function rowOf(pending: PendingEvent): EventRow {
  return { seq: pending.envelope.seq, type: pending.envelope.type, envelope: pending.json };
}

/** The envelope stored in a row read back from the database. */
export function envelopeFromJson(json: string): EventEnvelope {
  return JSON.parse(json) as EventEnvelope;
}
