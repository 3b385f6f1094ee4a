import type { Dispatcher } from 'undici';
import type { Clock } from '../../base/clock.ts';
import { systemClock } from '../../base/clock.ts';
import { errorMessage } from '../../base/errors.ts';
import { LinearTrackerError, redactSecret } from './linearTrackerError.ts';
import { readGraphqlData } from './linearResponse.ts';
import { postGraphql } from './linearTransport.ts';

/** One raw GraphQL call made host-side with the configured credential (the `linear_graphql` tool). */
export interface LinearGraphqlCall {
  endpoint: string;
  /** Personal key (`lin_api_…`, sent as is) or OAuth token (sent with `Bearer`). Never returned. */
  apiKey: string | null;
  query: string;
  variables?: Record<string, unknown> | null;
  timeoutMs?: number;
  clock?: Clock;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

/** The outcome: `data` on success; otherwise a typed error and, when Linear answered JSON, its body. */
export type LinearGraphqlResult =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: string; message: string }; body?: unknown };

/**
 * Sends exactly ONE GraphQL request to Linear with host-side auth and returns its outcome without
 * throwing (Symphony §5.5 semantics): success only when the transport worked and the answer has no
 * top-level `errors`; GraphQL errors keep the response body; missing key, transport failures,
 * non-200 and rate limits come back as `{ ok: false, error: { code, message } }` with the adapter's
 * error codes. It does not retry, count operations in the document, or share the tracker's
 * rate-limit backoff.
 */
export async function executeLinearGraphql(call: LinearGraphqlCall): Promise<LinearGraphqlResult> {
  const apiKey = call.apiKey?.trim() ?? '';
  if (apiKey === '') {
    return failure('missing_tracker_api_key', 'No Linear API key is configured. Set tracker.api_key in WORKFLOW.md or the LINEAR_API_KEY environment variable of the host.');
  }
  if (call.query.trim() === '') return failure('linear_invalid_query', 'The GraphQL query is empty; pass one query or mutation.');
  const clock = call.clock ?? systemClock;
  const connection = { endpoint: call.endpoint, apiKey, timeoutMs: call.timeoutMs, clock, dispatcher: call.dispatcher };
  let response;
  try {
    response = await postGraphql(connection, { query: call.query, variables: call.variables ?? {}, signal: call.signal });
  } catch (error) {
    return asFailure(error, apiKey);
  }
  try {
    return { ok: true, data: readGraphqlData(response, { apiKey, now: clock.now(), operation: 'GraphQL request' }) };
  } catch (error) {
    const result = asFailure(error, apiKey);
    return response.json === undefined ? result : { ...result, body: response.json };
  }
}

function asFailure(error: unknown, apiKey: string): { ok: false; error: { code: string; message: string } } {
  if (error instanceof LinearTrackerError) return failure(error.code, error.message);
  return failure('linear_api_request', redactSecret(errorMessage(error), apiKey));
}

function failure(code: string, message: string): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}
