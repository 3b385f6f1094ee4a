// Host-side tools offered to the REAL `codex app-server` as dynamic tools: the model sees the
// tool, its call reaches the host, and the host's answer goes back to the model.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import type { AgentTool, ToolResult } from '../../../../host/harness/tools/agentTool.ts';
import { toolSuccess } from '../../../../host/harness/tools/agentTool.ts';
import { createLinearGraphqlTool } from '../../../../host/harness/tools/linearGraphqlTool.ts';
import type { MockToolCall, RecordedResponsesRequest } from '../../../fakes/mockResponsesServer.ts';
import { FakeLinearServer } from '../../../fakes/linear/fakeLinearServer.ts';
import { withCodexFixture } from './codexFixture.ts';

const TEST_TIMEOUT_MS = 60_000;
const API_KEY = 'lin_api_dynamictools0123456789';

/** The model calls `name` with `args` for prompts that mention "tool", and then reports what came back. */
function callingModel(name: string, args: Record<string, unknown>) {
  return {
    toolCall: (userText: string): MockToolCall | null => (userText.includes('tool') ? { type: 'function', name, arguments: args } : null),
    finalText: (_userText: string, toolOutput: string | null) => `tool answered: ${toolOutput ?? 'nothing'}`,
  };
}

/** What the model was sent back for its function call. */
function functionCallOutput(requests: readonly RecordedResponsesRequest[]): string {
  const items = requests.flatMap((request) => request.body.input ?? []).filter((item) => item.type === 'function_call_output');
  assert.equal(items.length, 1, 'exactly one function_call_output reached the model');
  return JSON.stringify(items[0]?.output);
}

/** A tool that records its calls and answers with a fixed result. */
function recordingTool(name: string, answer: ToolResult): AgentTool & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    name, description: `test tool ${name}`, calls,
    inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'], additionalProperties: false },
    call: async (args) => { calls.push(args); return answer; },
  };
}

describe('Codex dynamic tools with the real codex app-server', { timeout: TEST_TIMEOUT_MS }, () => {
  let linear: FakeLinearServer;
  before(async () => { linear = await FakeLinearServer.start({ apiKey: API_KEY }); });
  after(() => linear.close());

  it('advertises linear_graphql, runs the call host-side against Linear, and returns the answer to the model', async () => {
    const issue = linear.graph.addIssue({ title: 'Answer from the fake Linear' });
    const script = callingModel('linear_graphql', { query: `{ issue(id: "${issue.id}") { identifier title } }` });
    await withCodexFixture({ script }, async ({ server, sink, startSession }) => {
      const session = await startSession({ tools: [createLinearGraphqlTool({ endpoint: linear.endpoint, apiKey: API_KEY })] });
      const outcome = await session.runTurn('use the tool to read the issue', new AbortController().signal);

      assert.equal(outcome.status, 'completed', JSON.stringify(outcome.error));
      assert.ok(server.requests[0]?.body.tools?.some((tool) => tool.name === 'linear_graphql'), 'the model was offered linear_graphql');
      const output = functionCallOutput(server.requests);
      assert.match(output, /Answer from the fake Linear/);
      assert.match(output, new RegExp(issue.identifier));
      assert.doesNotMatch(JSON.stringify(server.requests.map((request) => request.body)), new RegExp(API_KEY), 'the key never reaches the model');
      assert.equal(linear.requests.at(-1)?.authorization, API_KEY);
      const report = sink.eventsOfType(EventTypes.agentNotification).find((event) => event.payload.method === 'opensymphony/tool_call');
      assert.deepEqual(report?.payload.tool, 'linear_graphql');
      assert.equal(report?.payload.success, true);
      assert.match(sink.terminalText(), /⚙ linear_graphql ✓/);
      assert.match(sink.eventsOfType(EventTypes.agentMessage).at(-1)?.payload.text as string, /^tool answered: /);
    });
  });

  it('returns a structured failure to the model for a call that breaks the one-operation rule', async () => {
    const script = callingModel('linear_graphql', { query: 'query A { viewer { id } } query B { viewer { id } }' });
    await withCodexFixture({ script }, async ({ server, startSession }) => {
      const requestsBefore = linear.requests.length;
      const session = await startSession({ tools: [createLinearGraphqlTool({ endpoint: linear.endpoint, apiKey: API_KEY })] });
      const outcome = await session.runTurn('use the tool twice in one document', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.match(functionCallOutput(server.requests), /graphql_multiple_operations/);
      assert.equal(linear.requests.length, requestsBefore, 'no request reached Linear');
    });
  });

  it('dispatches by name among several tools', async () => {
    const first = recordingTool('first_tool', toolSuccess({ from: 'first' }));
    const second = recordingTool('second_tool', toolSuccess({ from: 'second' }));
    const script = callingModel('second_tool', { query: 'hello' });
    await withCodexFixture({ script }, async ({ server, startSession }) => {
      const session = await startSession({ tools: [first, second] });
      const outcome = await session.runTurn('call the second tool', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.deepEqual(first.calls, []);
      assert.deepEqual(second.calls, [{ query: 'hello' }]);
      assert.match(functionCallOutput(server.requests), /second/);
    });
  });
});
