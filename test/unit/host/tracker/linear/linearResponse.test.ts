import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readGraphqlData } from '../../../../../host/tracker/linear/linearResponse.ts';
import { authorizationHeader } from '../../../../../host/tracker/linear/linearTransport.ts';
import type { RawGraphqlResponse } from '../../../../../host/tracker/linear/linearTransport.ts';

const KEY = 'lin_api_unit_secret';
const NOW = Date.parse('2026-11-21T12:00:00Z');
const context = { apiKey: KEY, now: NOW, operation: 'issue sync' };
const response = (status: number, json: unknown, headers: Record<string, string> = {}): RawGraphqlResponse => ({ status, json, headers, snippet: json === undefined ? '<html>' : JSON.stringify(json) });
const classify = (raw: RawGraphqlResponse) => { try { return readGraphqlData(raw, context); } catch (error) { return error as { code: string; message: string; retryAt?: number | null }; } };

describe('authorizationHeader', () => {
  test('personal keys go as they are, OAuth tokens get Bearer, an explicit Bearer is kept', () => {
    assert.deepEqual(
      [authorizationHeader('lin_api_abc'), authorizationHeader(' lin_api_abc '), authorizationHeader('oauth-token'), authorizationHeader('Bearer oauth-token')],
      ['lin_api_abc', 'lin_api_abc', 'Bearer oauth-token', 'Bearer oauth-token'],
    );
  });
});

describe('readGraphqlData', () => {
  test('HTTP 200 with a data object and no errors is success', () => {
    assert.deepEqual(classify(response(200, { data: { issues: { nodes: [] } } })), { issues: { nodes: [] } });
  });

  test('RATELIMITED is a rate limit at any status, and so is a bare 429', () => {
    const limited = { errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] };
    const headers = { 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(NOW + 90_000) };
    for (const status of [400, 200, 429]) {
      const error = classify(response(status, limited, headers)) as { code: string; retryAt: number };
      assert.deepEqual({ code: error.code, retryAt: error.retryAt }, { code: 'tracker_rate_limited', retryAt: NOW + 90_000 });
    }
    assert.equal((classify(response(429, undefined)) as { code: string }).code, 'tracker_rate_limited');
  });

  test('other non-200 answers are linear_api_status; credential errors point at the key', () => {
    const auth = classify(response(400, { errors: [{ message: 'Authentication required', extensions: { code: 'AUTHENTICATION_ERROR' } }] })) as { code: string; message: string };
    assert.equal(auth.code, 'linear_api_status');
    assert.match(auth.message, /HTTP 400: Authentication required \(AUTHENTICATION_ERROR\)\. Check tracker\.api_key/);
    assert.match((classify(response(401, undefined)) as { message: string }).message, /Check tracker\.api_key/);
    assert.match((classify(response(503, undefined)) as { message: string }).message, /HTTP 503\. Linear is having trouble/);
  });

  test('top-level errors on HTTP 200 are linear_graphql_errors, preferring the user-presentable text and redacting the key', () => {
    const errors = [
      { message: 'internal', extensions: { userPresentableMessage: `Key ${KEY} cannot read this`, code: 'FORBIDDEN' } },
      { message: 'second' }, { message: 'third' }, { message: 'fourth' },
    ];
    const error = classify(response(200, { data: null, errors })) as { code: string; message: string };
    assert.equal(error.code, 'linear_graphql_errors');
    assert.match(error.message, /Key \[redacted\] cannot read this \(FORBIDDEN\); second; third and 1 more/);
  });

  test('bodies that are not JSON, or JSON without a data object, are linear_unknown_payload', () => {
    for (const raw of [response(200, undefined), response(200, {}), response(200, { data: 'x' }), response(200, [1])]) {
      assert.equal((classify(raw) as { code: string }).code, 'linear_unknown_payload');
    }
  });
});
