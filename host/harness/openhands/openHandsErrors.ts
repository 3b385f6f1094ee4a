import { CodedError } from '../../base/errors.ts';

/** Stable error codes of the OpenHands adapter and its agent-server supervisor. */
export const OpenHandsErrorCodes = {
  invalidWorkspaceCwd: 'invalid_workspace_cwd',
  /** A REST call got no complete answer within `read_timeout_ms`. */
  responseTimeout: 'response_timeout',
  /** The server answered a 4xx that has no more specific code. */
  responseError: 'response_error',
  unreachable: 'openhands_unreachable',
  /** 401 on REST, or the WebSocket handshake was refused (403 / close 4001). */
  unauthorized: 'openhands_unauthorized',
  /** 404 on REST, or the WebSocket closed with 4004 (conversation not found). */
  notFound: 'openhands_not_found',
  conflict: 'openhands_conflict',
  /** 422: the server rejected our request body; the validation detail is kept. */
  invalidRequest: 'openhands_invalid_request',
  /** 5xx: the server failed; its `exception` text is kept. */
  serverError: 'openhands_server_error',
  /** A 2xx body that is not JSON or not the documented shape; the raw body is kept. */
  invalidResponse: 'openhands_invalid_response',
  /** A WebSocket frame that is not a JSON event; the raw frame is kept. */
  malformedFrame: 'openhands_malformed_frame',
  /** The server broke the wire contract (a frame or logged item that is not a JSON event): the run fails, the raw data is kept. */
  protocolError: 'protocol_error',
  /** An event kind the pinned OpenAPI does not define: the run fails (it may be an unconfirmed action), the event is kept raw. */
  unknownEvent: 'unknown_event',
  /** The event socket sent no `ConversationStateUpdateEvent` within the readiness bound. */
  socketNotReady: 'openhands_socket_not_ready',
  /** The event socket dropped; it is reopened and the gap is read back over REST. */
  socketClosed: 'openhands_socket_closed',
  /** A REST catch-up after a reconnect failed; it is retried with backoff. */
  catchUpFailed: 'openhands_catch_up_failed',
  turnFailed: 'turn_failed',
  /** The agent-server's stuck detector stopped the run. */
  turnStalled: 'turn_stalled',
  turnTimeout: 'turn_timeout',
  turnCancelled: 'turn_cancelled',
  turnInProgress: 'turn_in_progress',
  sessionCancelled: 'session_cancelled',
  sessionDisposed: 'session_disposed',
  serverStartFailed: 'agent_server_start_failed',
  /** The supervised agent-server died after it had been ready; it is restarted. */
  serverExited: 'agent_server_exited',
  serverNotReady: 'agent_server_not_ready',
  /** The supervised agent-server kept dying; restarts were given up. */
  serverCrashLoop: 'agent_server_crash_loop',
} as const;
export type OpenHandsErrorCode = (typeof OpenHandsErrorCodes)[keyof typeof OpenHandsErrorCodes];

export interface OpenHandsErrorOptions {
  cause?: unknown;
  /** HTTP status of the answer that caused it, when there was one. */
  status?: number;
  /** What the server sent (size-capped), kept for the journal. */
  raw?: string;
}

/** An error raised by the OpenHands adapter; `code` is one of OpenHandsErrorCodes. */
export class OpenHandsError extends CodedError {
  declare readonly code: OpenHandsErrorCode;
  readonly status: number | null;
  readonly raw: string | null;

  constructor(code: OpenHandsErrorCode, message: string, options: OpenHandsErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status ?? null;
    this.raw = options.raw ?? null;
  }
}

/** Errors after which reconnecting cannot help: the key is wrong or the conversation is gone. */
export function isFatalStreamError(error: OpenHandsError): boolean {
  return error.code === OpenHandsErrorCodes.unauthorized || error.code === OpenHandsErrorCodes.notFound || error.code === OpenHandsErrorCodes.protocolError;
}
