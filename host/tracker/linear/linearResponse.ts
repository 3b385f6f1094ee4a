import { LinearTrackerError, redactSecret } from './linearTrackerError.ts';
import type { RawGraphqlResponse } from './linearTransport.ts';
import { rateLimitResumeAt, readRateLimitInfo } from './linearRateLimit.ts';

/** What a classification needs besides the response: the key to redact, the time, and what was asked. */
export interface ResponseContext {
  apiKey: string;
  now: number;
  /** Names the operation in messages, e.g. "issue sync". */
  operation: string;
}

interface GraphqlErrorEntry {
  message?: unknown;
  extensions?: { code?: unknown; type?: unknown; userPresentableMessage?: unknown };
}

/**
 * The `data` object of a successful answer, or the typed failure (Symphony §5.4): rate limited
 * (HTTP 429, or `extensions.code: RATELIMITED` at any status, which is how Linear answers), non-200,
 * top-level GraphQL `errors`, or a body without a `data` object.
 */
export function readGraphqlData(response: RawGraphqlResponse, context: ResponseContext): Record<string, unknown> {
  const body = isObject(response.json) ? response.json : undefined;
  const errors = Array.isArray(body?.errors) ? (body.errors as GraphqlErrorEntry[]) : [];
  if (response.status === 429 || errors.some(isRateLimitError)) throw rateLimited(response, context);
  if (response.status !== 200) throw badStatus(response, errors, context);
  if (body === undefined) {
    throw new LinearTrackerError('linear_unknown_payload',
      `Linear answered the ${context.operation} with a body that is not JSON (${JSON.stringify(redactSecret(response.snippet, context.apiKey))}). Check that tracker.endpoint is Linear's GraphQL endpoint.`,
      { status: response.status });
  }
  if (errors.length > 0) {
    throw new LinearTrackerError('linear_graphql_errors',
      `Linear rejected the ${context.operation}: ${describeErrors(errors, context.apiKey)}. Check that the API key can read the project; the next poll retries.`,
      { status: response.status });
  }
  if (!isObject(body.data)) {
    throw new LinearTrackerError('linear_unknown_payload',
      `Linear answered the ${context.operation} without a data object. Check that tracker.endpoint is Linear's GraphQL endpoint.`,
      { status: response.status });
  }
  return body.data;
}

function rateLimited(response: RawGraphqlResponse, context: ResponseContext): LinearTrackerError {
  const retryAt = rateLimitResumeAt(readRateLimitInfo(response.headers), context.now);
  return new LinearTrackerError('tracker_rate_limited',
    `Linear rate limit reached during the ${context.operation}; no requests until ${new Date(retryAt).toISOString()}. If this repeats, raise polling.interval_ms in WORKFLOW.md or share the key with fewer clients.`,
    { status: response.status, retryAt });
}

function badStatus(response: RawGraphqlResponse, errors: GraphqlErrorEntry[], context: ResponseContext): LinearTrackerError {
  const detail = errors.length > 0 ? `: ${describeErrors(errors, context.apiKey)}` : '';
  const advice = response.status === 401 || response.status === 403 || errors.some(isCredentialError)
    ? 'Check tracker.api_key in WORKFLOW.md (or LINEAR_API_KEY): the key may be revoked, mistyped or lack access to the project.'
    : response.status >= 500
      ? 'Linear is having trouble; the next poll retries.'
      : 'Check tracker.endpoint in WORKFLOW.md; the next poll retries.';
  return new LinearTrackerError('linear_api_status',
    `Linear answered the ${context.operation} with HTTP ${response.status}${detail}. ${advice}`,
    { status: response.status });
}

function isRateLimitError(entry: GraphqlErrorEntry): boolean {
  return entry?.extensions?.code === 'RATELIMITED' || entry?.extensions?.type === 'ratelimited';
}

/** Linear reports a bad or under-privileged key as HTTP 400 with one of these codes. */
function isCredentialError(entry: GraphqlErrorEntry): boolean {
  return ['AUTHENTICATION_ERROR', 'FORBIDDEN'].includes(String(entry?.extensions?.code))
    || ['authentication error', 'forbidden'].includes(String(entry?.extensions?.type));
}

function describeErrors(errors: GraphqlErrorEntry[], apiKey: string): string {
  const messages = errors.slice(0, 3).map((entry) => {
    const text = typeof entry?.extensions?.userPresentableMessage === 'string' ? entry.extensions.userPresentableMessage
      : typeof entry?.message === 'string' ? entry.message : 'unknown error';
    const code = typeof entry?.extensions?.code === 'string' ? ` (${entry.extensions.code})` : '';
    return `${text}${code}`;
  });
  const more = errors.length > 3 ? ` and ${errors.length - 3} more` : '';
  return redactSecret(`${messages.join('; ')}${more}`, apiKey);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
