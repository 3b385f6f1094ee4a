import { CodedError } from '../../base/errors.ts';

/** Failures of the local (file-backed) tracker. */
export type LocalTrackerErrorCode = 'tracker_file_missing' | 'tracker_payload_error';

/**
 * The issues file cannot be read or holds a bad record. `line` (1-based) points at the problem
 * when known; `identifier` and `field` name the offending record and key.
 */
export class LocalTrackerError extends CodedError {
  declare readonly code: LocalTrackerErrorCode;
  /** Absolute path of the issues file. */
  readonly path: string;
  readonly line: number | null;
  readonly identifier: string | null;
  readonly field: string | null;

  constructor(code: LocalTrackerErrorCode, message: string, details: {
    path: string; line?: number | null; identifier?: string | null; field?: string | null; cause?: unknown;
  }) {
    super(code, message, { cause: details.cause });
    this.path = details.path;
    this.line = details.line ?? null;
    this.identifier = details.identifier ?? null;
    this.field = details.field ?? null;
  }
}
