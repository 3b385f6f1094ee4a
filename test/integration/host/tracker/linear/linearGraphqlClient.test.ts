import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { executeLinearGraphql } from '../../../../../host/tracker/linear/linearGraphqlClient.ts';
import { FakeLinearServer } from '../../../../fakes/linear/fakeLinearServer.ts';
import { ManualClock } from '../../../../fakes/manualClock.ts';

const PERSONAL_KEY = 'lin_api_graphql_tool_secret';

async function serverFor(t: TestContext, apiKey = PERSONAL_KEY) {
  const clock = new ManualClock();
  const server = await FakeLinearServer.start({ apiKey, clock });
  t.after(() => server.close());
  server.graph.addIssue({ title: 'Tool target' });
  return { server, clock };
}

describe('executeLinearGraphql (the linear_graphql tool transport)', () => {
  test('one request with the personal key sent as is; success carries data', async (t) => {
    const { server } = await serverFor(t);
    const result = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: PERSONAL_KEY, query: 'query ($id: String!) { issue(id: $id) { title } }', variables: { id: 'ENG-1' } });
    assert.deepEqual(result, { ok: true, data: { issue: { title: 'Tool target' } } });
    assert.deepEqual(server.requests.map((request) => [request.authorization, request.contentType]), [[PERSONAL_KEY, 'application/json']]);
  });

  test('an OAuth token is sent as a Bearer token', async (t) => {
    const { server } = await serverFor(t, 'oauth-access-token-123');
    const result = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: 'oauth-access-token-123', query: '{ issues(first: 1) { nodes { title } } }' });
    assert.equal(result.ok, true);
    assert.equal(server.requests[0]!.authorization, 'Bearer oauth-access-token-123');
  });

  test('top-level GraphQL errors fail the call but keep the body', async (t) => {
    const { server } = await serverFor(t);
    const result = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: PERSONAL_KEY, query: '{ issue(id: "ENG-404") { id } }' });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'linear_graphql_errors');
    assert.match(result.error.message, /Entity not found: Issue/);
    assert.deepEqual((result.body as { data: unknown }).data, null);
  });

  test('a document Linear rejects (HTTP 400) fails with linear_api_status and keeps the errors', async (t) => {
    const { server } = await serverFor(t);
    const result = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: PERSONAL_KEY, query: '{ issues { nodes { links } } }' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'linear_api_status');
    assert.match(JSON.stringify(result.body), /GRAPHQL_VALIDATION_FAILED/);
  });

  test('a missing key or an empty query fails without any request; a transport failure is linear_api_request', async (t) => {
    const { server } = await serverFor(t);
    const noKey = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: '  ', query: '{ viewer { id } }' });
    const noQuery = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: PERSONAL_KEY, query: ' ' });
    assert.deepEqual([noKey.ok ? null : noKey.error.code, noQuery.ok ? null : noQuery.error.code], ['missing_tracker_api_key', 'linear_invalid_query']);
    assert.equal(server.requests.length, 0);
    await server.close();
    const down = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: PERSONAL_KEY, query: '{ viewer { id } }' });
    assert.ok(!down.ok);
    assert.equal(down.error.code, 'linear_api_request');
    assert.ok(!down.error.message.includes(PERSONAL_KEY));
  });

  test('a rate-limited answer is reported as tracker_rate_limited with its reset in the message', async (t) => {
    const { server, clock } = await serverFor(t);
    server.failNext({ kind: 'rate_limited', resetAt: clock.now() + 60_000 });
    const result = await executeLinearGraphql({ endpoint: server.endpoint, apiKey: PERSONAL_KEY, query: '{ viewer { id } }', clock });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'tracker_rate_limited');
    assert.match(result.error.message, new RegExp(new Date(clock.now() + 60_000).toISOString()));
  });
});
