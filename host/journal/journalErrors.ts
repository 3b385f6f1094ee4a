import { CodedError } from '../base/errors.ts';

/** Stable codes of every error the journal throws or rejects with. */
export const JournalErrorCode = {
  /** The journal was closed; the caller appended or read too late in shutdown. */
  closed: 'journal_closed',
  /** The database file could not be opened, migrated or put in WAL mode. */
  openFailed: 'journal_open_failed',
  /** A schema migration failed and was rolled back (reported inside `journal_open_failed`). */
  migrationFailed: 'journal_migration_failed',
  /** The file was migrated by a newer build (reported inside `journal_open_failed`). */
  schemaTooNew: 'journal_schema_too_new',
  /** The group-commit transaction failed; nothing of the batch was stored. */
  appendFailed: 'journal_append_failed',
  /** A caller passed an event or a cursor the journal cannot store or serve. */
  invalidArgument: 'journal_invalid_argument',
} as const;

export function journalClosedError(operation: string): CodedError {
  return new CodedError(
    JournalErrorCode.closed,
    `The event journal is closed; cannot ${operation}. The host is shutting down: stop producing events before closing the journal.`,
  );
}

export function journalInvalidArgument(message: string, cause?: unknown): CodedError {
  return new CodedError(JournalErrorCode.invalidArgument, message, cause === undefined ? undefined : { cause });
}
