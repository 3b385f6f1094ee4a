import type { EntityRef, NewEvent } from '../protocol/index.ts';
import { journalInvalidArgument } from './journalErrors.ts';

/**
 * Throws `journal_invalid_argument` for an event the STRICT tables would refuse. Checked at
 * append time, where it fails one append only; inside the group commit it would fail the batch.
 */
export function assertStorable(event: NewEvent): void {
  const problem =
    typeof event.type !== 'string' || event.type === '' ? 'a non-empty string `type`'
    : typeof event.summary !== 'string' ? 'a string `summary`'
    : !isPlainObject(event.actor) ? 'an `actor` object'
    : !isPlainObject(event.payload) ? 'a `payload` object'
    : !isOptionalString(event.correlation_id) ? 'a string or null `correlation_id`'
    : !isOptionalString(event.raw_ref) ? 'a string or null `raw_ref`'
    : !areEntityRefs(event.entity_refs) ? '`entity_refs` made of {kind, id} strings'
    : undefined;
  if (problem) throw journalInvalidArgument(`Event "${String(event.type)}" cannot be stored: it needs ${problem}.`);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function areEntityRefs(refs: unknown): boolean {
  if (refs === undefined) return true;
  return Array.isArray(refs) && refs.every((ref: Partial<EntityRef> | null) =>
    isPlainObject(ref) && typeof ref?.kind === 'string' && typeof ref.id === 'string');
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

