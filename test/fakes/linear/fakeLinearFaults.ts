import type { ExecutionAnswer } from './fakeLinearExecutor.ts';

/** Misbehaviour the fake can be told to show for the next request(s). */
export type FakeLinearFault =
  /** Linear's rate limit: HTTP 400 (as observed) with `extensions.code: RATELIMITED` and reset headers (none with `withoutHeaders`). */
  | { kind: 'rate_limited'; status?: number; resetAt?: number; retryAfterSeconds?: number; withoutHeaders?: boolean }
  /** A bare HTTP status (429, 500, 503, …) with a short non-GraphQL body. */
  | { kind: 'http_status'; status: number }
  /** No answer at all until the client gives up (timeouts). */
  | { kind: 'hang' }
  /** The issues page says `hasNextPage: true` but its `endCursor` is null. */
  | { kind: 'drop_end_cursor' }
  /** The issues page says `hasNextPage: true` and returns the cursor it was given (`after`) again. */
  | { kind: 'repeat_end_cursor' }
  /** Removes `field` from issue node `index` (default 0) of the answer's `issues` connection. */
  | { kind: 'malformed_issue'; field: 'id' | 'identifier' | 'title' | 'state'; index?: number }
  /** HTTP 200 with a top-level GraphQL error beside the data. */
  | { kind: 'graphql_error'; message: string }
  /** HTTP 200 with an HTML body. */
  | { kind: 'not_json' }
  /** HTTP 200 with JSON that has neither `data` nor `errors`. */
  | { kind: 'no_data' };

export type FaultyAnswer = ExecutionAnswer & { headers?: Record<string, string>; raw?: string };

/** The answer `fault` turns `answer` into. */
export function applyFault(fault: Exclude<FakeLinearFault, { kind: 'hang' }>, answer: ExecutionAnswer, headers: Record<string, string>, variables: Record<string, unknown>): FaultyAnswer {
  switch (fault.kind) {
    case 'rate_limited': return rateLimitedAnswer(fault, headers, answer.operationName);
    case 'http_status': return { status: fault.status, body: {}, raw: `<html><body>${fault.status}</body></html>`, headers, operationName: answer.operationName };
    case 'graphql_error': return { ...answer, headers, body: { ...answer.body, errors: [{ message: fault.message, extensions: { type: 'invalid input', code: 'INVALID_INPUT', userError: true } }] } };
    case 'not_json': return { ...answer, headers, raw: '<html><body>Bad gateway</body></html>' };
    case 'no_data': return { ...answer, headers, body: {} };
    default: return { ...answer, headers, body: { ...answer.body, data: rewriteIssues(fault, answer.body.data, variables.after) } };
  }
}

/** HTTP 400 (or `fault.status`) with Linear's RATELIMITED error and the exhausted budget's reset time. */
export function rateLimitedAnswer(fault: Extract<FakeLinearFault, { kind: 'rate_limited' }>, headers: Record<string, string>, operationName: string | null = null): FaultyAnswer {
  const limited: Record<string, string> = fault.withoutHeaders ? {} : { ...headers, 'x-ratelimit-requests-remaining': '0' };
  if (fault.resetAt !== undefined) limited['x-ratelimit-requests-reset'] = String(fault.resetAt);
  if (fault.retryAfterSeconds !== undefined) limited['retry-after'] = String(fault.retryAfterSeconds);
  return {
    status: fault.status ?? 400, headers: limited, operationName,
    body: { errors: [{ message: 'Rate limit exceeded', extensions: { type: 'ratelimited', code: 'RATELIMITED', statusCode: 429, userError: true, userPresentableMessage: 'Too many requests.' } }] },
  };
}

type IssueFault = Extract<FakeLinearFault, { kind: 'drop_end_cursor' | 'repeat_end_cursor' | 'malformed_issue' }>;

function rewriteIssues(fault: IssueFault, data: unknown, after: unknown): unknown {
  const copy = structuredClone(data) as { issues?: { nodes: Record<string, unknown>[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } } } | null;
  const issues = copy?.issues;
  if (!issues) throw new Error(`fake Linear: the fault ${fault.kind} needs an answer with an issues connection`);
  if (fault.kind === 'malformed_issue') {
    const node = issues.nodes[fault.index ?? 0];
    if (!node) throw new Error(`fake Linear: no issue node ${fault.index ?? 0} to make malformed`);
    node[fault.field] = null;
  } else if (issues.pageInfo) {
    issues.pageInfo.hasNextPage = true;
    if (fault.kind === 'drop_end_cursor') issues.pageInfo.endCursor = null;
    else if (typeof after === 'string') issues.pageInfo.endCursor = after;
  }
  return copy;
}
