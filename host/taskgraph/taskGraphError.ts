import { CodedError } from '../base/errors.ts';

/** Stable codes of task-graph failures. */
export type TaskGraphErrorCode = 'invalid_cursor';

/** A task-graph failure the caller can act on. */
export class TaskGraphError extends CodedError {
  declare readonly code: TaskGraphErrorCode;

  constructor(code: TaskGraphErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
