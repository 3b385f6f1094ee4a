import { CodedError } from '../base/errors.ts';

/** Why a WORKFLOW.md could not be turned into a definition (Symphony §5.2 error classes). */
export type WorkflowErrorCode = 'missing_workflow_file' | 'workflow_parse_error' | 'workflow_front_matter_not_a_map';

/**
 * A WORKFLOW.md that cannot be used. `line` (1-based, in the file) is set when the position is
 * known, so clients can draw a diagnostic on the offending line.
 */
export class WorkflowError extends CodedError {
  declare readonly code: WorkflowErrorCode;
  /** Absolute path of the WORKFLOW.md. */
  readonly path: string;
  readonly line: number | null;

  constructor(code: WorkflowErrorCode, message: string, details: { path: string; line?: number | null; cause?: unknown }) {
    super(code, message, { cause: details.cause });
    this.path = details.path;
    this.line = details.line ?? null;
  }
}

/** Why a prompt template could not be rendered; fails only the run attempt that rendered it. */
export type TemplateErrorCode = 'template_parse_error' | 'template_render_error';

/** A prompt template failure. `line` is 1-based within the template body, when known. */
export class TemplateError extends CodedError {
  declare readonly code: TemplateErrorCode;
  readonly line: number | null;

  constructor(code: TemplateErrorCode, message: string, details: { line?: number | null; cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.line = details.line ?? null;
  }
}
