import { CodedError } from '../../base/errors.ts';

/**
 * Failure categories of the Linear adapter (Symphony §5.4, Linear text, plus the generic
 * `tracker_rate_limited`). Each maps to one cause the user can act on; see LINEAR_ADAPTER_PROFILE.
 */
export type LinearErrorCode =
  | 'missing_tracker_api_key'
  | 'missing_tracker_project_slug'
  | 'linear_api_request'
  | 'linear_api_status'
  | 'linear_graphql_errors'
  | 'linear_unknown_payload'
  | 'linear_missing_end_cursor'
  | 'linear_malformed_issue'
  | 'linear_project_not_found'
  | 'tracker_rate_limited';

/** Every code above, for the adapter profile and tests that check each one is reachable. */
export const LINEAR_ERROR_CODES: readonly LinearErrorCode[] = [
  'missing_tracker_api_key', 'missing_tracker_project_slug', 'linear_api_request', 'linear_api_status',
  'linear_graphql_errors', 'linear_unknown_payload', 'linear_missing_end_cursor', 'linear_malformed_issue',
  'linear_project_not_found', 'tracker_rate_limited',
];

/** Extra facts about a failure; never the API key. */
export interface LinearErrorDetails {
  cause?: unknown;
  /** HTTP status, when the server answered. */
  status?: number | null;
  /** tracker_rate_limited: when requests may resume (epoch ms). */
  retryAt?: number | null;
  /** linear_malformed_issue: the record's id or identifier, or its position in the page. */
  record?: string | null;
}

/** A typed failure of the Linear adapter. Messages say what to do and never contain the API key. */
export class LinearTrackerError extends CodedError {
  declare readonly code: LinearErrorCode;
  readonly status: number | null;
  readonly retryAt: number | null;
  readonly record: string | null;

  constructor(code: LinearErrorCode, message: string, details: LinearErrorDetails = {}) {
    super(code, message, { cause: details.cause });
    this.status = details.status ?? null;
    this.retryAt = details.retryAt ?? null;
    this.record = details.record ?? null;
  }
}

/** Replaces every occurrence of `secret` in `text`, so server-echoed text can go into messages safely. */
export function redactSecret(text: string, secret: string): string {
  return secret.length > 0 ? text.split(secret).join('[redacted]') : text;
}
