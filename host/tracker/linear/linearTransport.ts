import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../base/clock.ts';
import { systemClock } from '../../base/clock.ts';
import { errorMessage } from '../../base/errors.ts';
import { LinearTrackerError, redactSecret } from './linearTrackerError.ts';

/** Linear's public GraphQL endpoint, the default for `tracker.endpoint`. */
export const DEFAULT_LINEAR_ENDPOINT = 'https://api.linear.app/graphql';
/** Whole-request timeout (connect, headers and body), as Symphony's Linear client uses. */
export const DEFAULT_LINEAR_TIMEOUT_MS = 30_000;

/** Where and how to reach Linear. The key stays in this object and the request header. */
export interface LinearConnection {
  endpoint: string;
  apiKey: string;
  /** Whole-request timeout in ms; default 30 s. */
  timeoutMs?: number;
  /** Schedules the timeout; tests pass a manual clock. */
  clock?: Clock;
  /** undici dispatcher (proxy, mock agent); default: undici's global one. */
  dispatcher?: Dispatcher;
}

/** One GraphQL operation to send. */
export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
  signal?: AbortSignal;
}

/** What came back, before any interpretation: status, headers and the body parsed as JSON when it is JSON. */
export interface RawGraphqlResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed body, or undefined when the body is not JSON. */
  json: unknown;
  /** The start of the body text, for messages about bodies that are not JSON. */
  snippet: string;
}

/**
 * Linear personal API keys (`lin_api_…`) go in `Authorization` as they are; anything else is an
 * OAuth access token and gets `Bearer ` (what @linear/sdk does). A value that already starts with
 * `Bearer ` is kept.
 */
export function authorizationHeader(apiKey: string): string {
  const key = apiKey.trim();
  if (/^bearer\s/i.test(key) || key.startsWith('lin_api_')) return key;
  return `Bearer ${key}`;
}

/**
 * POSTs one GraphQL operation. Throws `linear_api_request` for transport failures and timeouts;
 * every HTTP answer, whatever its status, is returned for the caller to classify.
 */
export async function postGraphql(connection: LinearConnection, operation: GraphqlRequest): Promise<RawGraphqlResponse> {
  const clock = connection.clock ?? systemClock;
  const timeoutMs = connection.timeoutMs ?? DEFAULT_LINEAR_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = clock.setTimeout(() => controller.abort(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
  const signal = operation.signal ? AbortSignal.any([operation.signal, controller.signal]) : controller.signal;
  try {
    const response = await request(connection.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: authorizationHeader(connection.apiKey) },
      body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }),
      dispatcher: connection.dispatcher,
      signal,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, json: parseJson(text), snippet: text.slice(0, 200) };
  } catch (error) {
    const reason = controller.signal.aborted ? errorMessage(controller.signal.reason) : errorMessage(error);
    throw new LinearTrackerError('linear_api_request',
      `Linear request to ${connection.endpoint} failed: ${redactSecret(reason, connection.apiKey)}. Check the network and tracker.endpoint in WORKFLOW.md; the next poll retries.`,
      { cause: controller.signal.aborted ? undefined : error });
  } finally {
    timer.dispose();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
