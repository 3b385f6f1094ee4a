// The fake Linear server is only worth trusting if it rejects what Linear rejects.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { parse, validate } from 'graphql';
import { LINEAR_QUERIES } from '../../../../../host/tracker/linear/linearQueries.ts';
import { FakeLinearServer } from '../../../../fakes/linear/fakeLinearServer.ts';
import { LINEAR_SCHEMA_PATH, LINEAR_SCHEMA_SHA256, linearSchema } from '../../../../fakes/linear/linearSchema.ts';
import { ManualClock } from '../../../../fakes/manualClock.ts';

const KEY = 'lin_api_fake_server_test';

interface GraphqlBody { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] }

async function started(t: TestContext, options: { requestLimit?: number } = {}) {
  const clock = new ManualClock();
  const server = await FakeLinearServer.start({ apiKey: KEY, clock, ...options });
  t.after(() => server.close());
  const post = async (query: string, variables: Record<string, unknown> = {}, authorization: string | null = KEY) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    const response = await fetch(server.endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: await response.json() as GraphqlBody };
  };
  return { server, clock, graph: server.graph, post };
}

const codes = (body: GraphqlBody) => body.errors?.map((error) => error.extensions?.code);

describe('fake Linear server', () => {
  test('the pinned schema is the recorded snapshot, and every document the adapter sends validates against it', () => {
    assert.equal(createHash('sha256').update(readFileSync(LINEAR_SCHEMA_PATH)).digest('hex'), LINEAR_SCHEMA_SHA256);
    for (const [name, document] of Object.entries(LINEAR_QUERIES)) {
      assert.deepEqual(validate(linearSchema(), parse(document)).map((error) => error.message), [], name);
    }
  });

  test('rejects an operation that does not validate against the schema with HTTP 400 GRAPHQL_VALIDATION_FAILED, like Linear', async (t) => {
    const { post } = await started(t);
    const unknownField = await post('{ issues(first: 1) { nodes { id links } } }');
    assert.deepEqual({ status: unknownField.status, codes: codes(unknownField.body) }, { status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'] });
    assert.match(unknownField.body.errors![0]!.message, /Cannot query field "links" on type "Issue"/);
    const noIdentifierFilter = await post('{ issues(filter: { identifier: { eq: "ENG-1" } }) { nodes { id } } }');
    assert.equal(noIdentifierFilter.status, 400);
    const stringIds = await post('query ($ids: [String!]!) { issues(filter: { id: { in: $ids } }) { nodes { id } } }', { ids: ['x'] });
    assert.deepEqual(codes(stringIds.body), ['GRAPHQL_VALIDATION_FAILED'], 'id comparators need [ID!], not [String!]');
  });

  test('rejects unparseable documents (GRAPHQL_PARSE_FAILED) and variables that do not coerce (BAD_USER_INPUT)', async (t) => {
    const { post } = await started(t);
    const broken = await post('{ issues(first: 1) { nodes { id }');
    assert.deepEqual({ status: broken.status, codes: codes(broken.body) }, { status: 400, codes: ['GRAPHQL_PARSE_FAILED'] });
    const badVariable = await post('query ($filter: IssueFilter) { issues(filter: $filter) { nodes { id } } }', { filter: { bogusField: 1 } });
    assert.deepEqual({ status: badVariable.status, codes: codes(badVariable.body) }, { status: 400, codes: ['BAD_USER_INPUT'] });
  });

  test('answers AUTHENTICATION_ERROR without the right Authorization header and does not execute', async (t) => {
    const { post } = await started(t);
    for (const authorization of [null, `Bearer ${KEY}`, 'lin_api_wrong']) {
      const answer = await post('{ issues(first: 1) { nodes { id } } }', {}, authorization);
      assert.deepEqual({ status: answer.status, codes: codes(answer.body), data: answer.body.data }, { status: 400, codes: ['AUTHENTICATION_ERROR'], data: undefined });
    }
  });

  test('executes over the seeded graph: filters, relations, lookups by id or identifier, and Entity not found', async (t) => {
    const { post, graph } = await started(t);
    const project = graph.addProject({ slugId: 'slug00000001' });
    const parent = graph.addIssue({ project, state: 'In Progress' });
    const child = graph.addIssue({ project, parent, state: 'Todo' });
    graph.addBlocks(parent, child);
    graph.addIssue({ state: 'Todo' });
    const listed = await post('query ($slug: String!) { issues(filter: { project: { slugId: { eq: $slug } }, state: { name: { in: ["Todo"] } } }) { nodes { identifier parent { identifier } inverseRelations { nodes { type issue { identifier } } } } } }', { slug: 'slug00000001' });
    assert.deepEqual(listed.body.data, { issues: { nodes: [{ identifier: 'ENG-2', parent: { identifier: 'ENG-1' }, inverseRelations: { nodes: [{ type: 'blocks', issue: { identifier: 'ENG-1' } }] } }] } });
    const byKey = await post('{ issue(id: "ENG-1") { id children { nodes { identifier } } } }');
    assert.deepEqual(byKey.body.data, { issue: { id: parent.id, children: { nodes: [{ identifier: 'ENG-2' }] } } });
    const missing = await post('{ issue(id: "ENG-99") { id } }');
    assert.deepEqual({ data: missing.body.data, message: missing.body.errors?.[0]?.message }, { data: null, message: 'Entity not found: Issue' });
    const bySlug = await post('{ project(id: "slug00000001") { id } }');
    assert.deepEqual(bySlug.body.data, { project: { id: project.id } }, 'project(id:) takes the slug too');
  });

  test('a filter the fake does not implement is an error naming it, never a silently unfiltered answer', async (t) => {
    const { post, graph } = await started(t);
    graph.addIssue();
    const answer = await post('{ issues(filter: { title: { eq: "x" } }) { nodes { id } } }');
    assert.equal(answer.body.data, null);
    assert.match(answer.body.errors![0]!.message, /IssueFilter\.title is not implemented/);
  });

  test('sends rate-limit headers and answers RATELIMITED once its request budget is spent, until the hour rolls over', async (t) => {
    const { server, clock } = await started(t, { requestLimit: 2 });
    const call = () => fetch(server.endpoint, { method: 'POST', headers: { authorization: KEY, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ issues(first: 1) { nodes { id } } }' }) });
    const first = await call();
    assert.deepEqual([first.headers.get('x-ratelimit-requests-remaining'), first.status], ['1', 200]);
    assert.equal((await call()).status, 200);
    const third = await call();
    assert.deepEqual({ status: third.status, codes: codes(await third.json() as GraphqlBody) }, { status: 400, codes: ['RATELIMITED'] });
    clock.advance(3_600_000);
    assert.equal((await call()).status, 200);
  });
});
