// The `linear_graphql` agent tool: one GraphQL operation per call, checked before any request;
// host-side auth; structured failures; GraphQL errors keep the body.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LinearGraphqlCall, LinearGraphqlResult } from '../../../../../host/tracker/linear/linearGraphqlClient.ts';
import type { ToolResult } from '../../../../../host/harness/tools/agentTool.ts';
import { createLinearGraphqlTool } from '../../../../../host/harness/tools/linearGraphqlTool.ts';
import { providerToolsFor, withoutSecret } from '../../../../../host/harness/tools/providerTools.ts';
import { WorkflowConfigSchema } from '../../../../../host/workflow/workflowConfig.ts';
import { FakeLinearServer } from '../../../../fakes/linear/fakeLinearServer.ts';

const API_KEY = 'lin_api_tooltest0123456789';
const context = { signal: new AbortController().signal };

/** A tool over a recording executor that answers `answer`. */
function toolWith(answer: LinearGraphqlResult, apiKey: string | null = API_KEY) {
  const calls: LinearGraphqlCall[] = [];
  const tool = createLinearGraphqlTool({ endpoint: 'https://linear.invalid/graphql', apiKey, execute: async (call) => { calls.push(call); return answer; } });
  return { tool, calls };
}

function failureCode(result: ToolResult): string | null {
  return result.success ? null : result.error.code;
}

describe('linear_graphql: arguments and the one-operation rule', () => {
  const ok: LinearGraphqlResult = { ok: true, data: { viewer: { id: 'u1' } } };

  it('rejects documents with no operation, several operations, or a parse error, without a request', async () => {
    const { tool, calls } = toolWith(ok);
    const cases: [unknown, string][] = [
      [{ query: 'fragment F on Issue { id }' }, 'graphql_no_operation'],
      [{ query: 'query A { viewer { id } } query B { viewer { id } }' }, 'graphql_multiple_operations'],
      [{ query: '{ viewer { id } } mutation { issueUpdate(id: "x", input: {}) { success } }' }, 'graphql_multiple_operations'],
      [{ query: 'query { viewer { id }' }, 'graphql_parse_error'],
      [{ query: 'type Foo { id: ID }' }, 'graphql_parse_error'],
      [{ query: '' }, 'invalid_arguments'],
      [{ variables: {} }, 'invalid_arguments'],
      [{ query: '{ viewer { id } }', variables: [1] }, 'invalid_arguments'],
      [42, 'invalid_arguments'],
      [null, 'invalid_arguments'],
    ];
    for (const [args, code] of cases) {
      const result = await tool.call(args, context);
      assert.equal(failureCode(result), code, `arguments ${JSON.stringify(args)}`);
      assert.deepEqual(JSON.parse(result.output), { error: { code, message: result.success ? '' : result.error.message } });
      assert.deepEqual(result.contentItems, [{ type: 'text', text: result.output }]);
    }
    assert.equal(calls.length, 0);
  });

  it('sends exactly one operation, with fragments and variables, and answers with its data', async () => {
    const { tool, calls } = toolWith(ok);
    const query = 'query Me($first: Int) { viewer { ...Who } } fragment Who on User { id }';
    const result = await tool.call({ query, variables: { first: 1 } }, context);

    assert.deepEqual(result, { success: true, output: '{"data":{"viewer":{"id":"u1"}}}', contentItems: [{ type: 'text', text: '{"data":{"viewer":{"id":"u1"}}}' }] });
    assert.equal(calls.length, 1);
    assert.deepEqual({ query: calls[0]?.query, variables: calls[0]?.variables, apiKey: calls[0]?.apiKey }, { query, variables: { first: 1 }, apiKey: API_KEY });
    assert.equal(calls[0]?.signal, context.signal);
  });

  it('accepts a bare query string as shorthand', async () => {
    const { tool, calls } = toolWith(ok);
    assert.equal((await tool.call('{ viewer { id } }', context)).success, true);
    assert.deepEqual(calls[0]?.variables, {});
  });

  it('fails with missing_tracker_api_key, without a request, when the host has no key', async () => {
    const { tool, calls } = toolWith(ok, '  ');
    assert.equal(failureCode(await tool.call({ query: '{ viewer { id } }' }, context)), 'missing_tracker_api_key');
    assert.equal(calls.length, 0);
  });

  it('keeps the body of a GraphQL error answer and never echoes the key', async () => {
    const body = { data: null, errors: [{ message: 'Entity not found' }] };
    const { tool } = toolWith({ ok: false, error: { code: 'linear_graphql_errors', message: `rejected for ${API_KEY}` }, body });
    const result = await tool.call({ query: '{ issue(id: "x") { id } }' }, context);

    assert.equal(failureCode(result), 'linear_graphql_errors');
    assert.deepEqual(JSON.parse(result.output).body, body);
    assert.doesNotMatch(result.output, new RegExp(API_KEY));
  });

  it('turns an executor that throws into a structured transport failure', async () => {
    const tool = createLinearGraphqlTool({ endpoint: 'https://linear.invalid/graphql', apiKey: API_KEY, execute: async () => { throw new Error('socket hang up'); } });
    const result = await tool.call({ query: '{ viewer { id } }' }, context);
    assert.equal(failureCode(result), 'linear_api_request');
  });

  it('describes itself with a JSON schema that requires the query', () => {
    const { tool } = toolWith(ok);
    assert.equal(tool.name, 'linear_graphql');
    assert.deepEqual(tool.inputSchema.required, ['query']);
  });
});

describe('linear_graphql against the fake Linear server', () => {
  let linear: FakeLinearServer;
  before(async () => { linear = await FakeLinearServer.start({ apiKey: API_KEY }); });
  after(() => linear.close());

  it('reads an issue with the host key in the Authorization header', async () => {
    const project = linear.graph.addProject({ name: 'Payments' });
    const issue = linear.graph.addIssue({ title: 'Wire the tool', project });
    const tool = createLinearGraphqlTool({ endpoint: linear.endpoint, apiKey: API_KEY });
    const result = await tool.call({ query: 'query One($id: String!) { issue(id: $id) { identifier title } }', variables: { id: issue.id } }, context);

    assert.equal(result.success, true, result.output);
    assert.deepEqual(JSON.parse(result.output), { data: { issue: { identifier: issue.identifier, title: 'Wire the tool' } } });
    assert.equal(linear.requests.at(-1)?.authorization, API_KEY);
  });

  it('reports top-level GraphQL errors as a failure that keeps the body', async () => {
    const tool = createLinearGraphqlTool({ endpoint: linear.endpoint, apiKey: API_KEY });
    const result = await tool.call({ query: '{ issue(id: "missing") { id } }' }, context);

    assert.equal(failureCode(result), 'linear_graphql_errors');
    assert.match(JSON.stringify(JSON.parse(result.output).body.errors), /Entity not found/);
  });

  it('reports a schema violation and a wrong key as structured failures', async () => {
    const invalid = await createLinearGraphqlTool({ endpoint: linear.endpoint, apiKey: API_KEY }).call({ query: '{ viewer { noSuchField } }' }, context);
    assert.equal(failureCode(invalid), 'linear_api_status');
    assert.match(invalid.output, /noSuchField/);

    const unauthenticated = await createLinearGraphqlTool({ endpoint: linear.endpoint, apiKey: 'lin_api_wrong' }).call({ query: '{ viewer { id } }' }, context);
    assert.equal(failureCode(unauthenticated), 'linear_api_status');
    assert.doesNotMatch(unauthenticated.output, /lin_api_wrong/);
  });
});

describe('provider tools of a workflow', () => {
  it('gives a Linear workflow linear_graphql and strips the key from the agent environment', () => {
    const tracker = WorkflowConfigSchema.parse({ tracker: { kind: 'linear', api_key: API_KEY, project_slug: 'pay' } }).tracker;
    const { tools, env } = providerToolsFor(tracker, { PATH: '/bin', LINEAR_API_KEY: 'other', MY_KEY: API_KEY });

    assert.deepEqual(tools.map((tool) => tool.name), ['linear_graphql']);
    assert.deepEqual(env, { PATH: '/bin' });
  });

  it('gives the local tracker no tools and leaves the environment alone', () => {
    const env = { PATH: '/bin', LINEAR_API_KEY: 'x' };
    const result = providerToolsFor(WorkflowConfigSchema.parse({}).tracker, env);
    assert.deepEqual(result, { tools: [], env });
    assert.deepEqual(withoutSecret(env, 'NONE', null), env);
  });
});
