import { CodedError } from '../base/errors.ts';

/**
 * Codes the client itself produces; every other code comes from the gateway's error envelope
 * (see `GatewayErrorStatus` in host/protocol).
 */
export const GatewayClientErrorCode = {
  /** No gateway answers on the socket (host not running, or the connection broke). */
  unreachable: 'gateway_unreachable',
  /** A request did not complete within the client's request timeout. */
  timeout: 'gateway_timeout',
  /** `waitForReady` ran out of time. */
  notReady: 'gateway_not_ready',
  /** The gateway answered something that does not match the protocol schemas. */
  invalidResponse: 'invalid_response',
  /** A mutation on a client made read-only (`GatewayClientOptions.readOnly`); nothing was sent. */
  readOnly: 'read_only',
} as const;

/** A failed gateway call: `code` is stable, `status` is the HTTP status when there was one. */
export class GatewayClientError extends CodedError {
  readonly status: number | undefined;

  constructor(code: string, message: string, options?: { status?: number; cause?: unknown }) {
    super(code, message, options);
    this.status = options?.status;
  }
}

/** Errors worth retrying later: the host may be starting, restarting or briefly busy. */
export function isTransientGatewayError(error: unknown): boolean {
  if (!(error instanceof GatewayClientError)) return false;
  return error.code === GatewayClientErrorCode.unreachable
    || error.code === GatewayClientErrorCode.timeout
    || error.code === 'unavailable'
    || error.code === 'internal';
}
