import { CodedError } from '../../base/errors.ts';

/** Stable error codes of the Codex adapter: the Symphony agent-runner categories plus two of our own. */
export const CodexErrorCodes = {
  notFound: 'codex_not_found',
  invalidWorkspaceCwd: 'invalid_workspace_cwd',
  responseTimeout: 'response_timeout',
  turnTimeout: 'turn_timeout',
  portExit: 'port_exit',
  responseError: 'response_error',
  turnFailed: 'turn_failed',
  turnCancelled: 'turn_cancelled',
  turnInputRequired: 'turn_input_required',
  /** The server broke the wire contract (malformed JSON, an over-long stdout line). */
  protocolError: 'protocol_error',
  /** The server sent a notification the pinned protocol does not define: an action we cannot see might bypass approvals. */
  unknownEvent: 'unknown_event',
  /** The session was cancelled before it finished starting. */
  sessionCancelled: 'session_cancelled',
} as const;
export type CodexErrorCode = (typeof CodexErrorCodes)[keyof typeof CodexErrorCodes];

/** An error raised by the Codex adapter; `code` is one of CodexErrorCodes. */
export class CodexError extends CodedError {
  declare readonly code: CodexErrorCode;

  constructor(code: CodexErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
