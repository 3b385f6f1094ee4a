// The mock Responses API's scripted multi-command turns and held replies, which the end-to-end
// flows rely on (approve always needs two commands in one turn; run controls and reload need a
// reply that waits for the test's cue).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startMockResponsesServer } from '../../fakes/mockResponsesServer.ts';
import { ModelHolds } from '../../e2e/agentFlowIssues.ts';

const userMessage = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const callOutput = (n: number) => [{ type: 'function_call', call_id: `c${n}` }, { type: 'function_call_output', call_id: `c${n}`, output: 'ok' }];

async function post(baseUrl: string, input: unknown[]): Promise<string> {
  const response = await fetch(`${baseUrl}/responses`, { method: 'POST', body: JSON.stringify({ input, tools: [{ name: 'exec_command' }] }) });
  return response.text();
}

describe('mock Responses server', () => {
  it('asks for the next command after each tool output until nextCommand returns null', async () => {
    const commands = ['echo one > a.txt', 'echo two > b.txt'];
    const server = await startMockResponsesServer({ command: () => commands[0]!, nextCommand: (_text, done) => commands[done] ?? null, finalText: () => 'all done' });
    try {
      assert.match(await post(server.baseUrl, [userMessage('go')]), /echo one > a\.txt/);
      assert.match(await post(server.baseUrl, [userMessage('go'), ...callOutput(1)]), /echo two > b\.txt/);
      const last = await post(server.baseUrl, [userMessage('go'), ...callOutput(1), ...callOutput(2)]);
      assert.match(last, /all done/);
      assert.deepEqual(server.requests.map((request) => request.reply), ['tool_call', 'tool_call', 'message']);
    } finally {
      await server.close();
    }
  });

  it('holds a reply after response.created until the hold is released', async () => {
    const holds = new ModelHolds();
    const server = await startMockResponsesServer({ command: () => null, finalText: () => 'late answer', hold: (text) => holds.take(text) });
    try {
      const hold = holds.arm('DEMO-9');
      let finished = false;
      const reply = post(server.baseUrl, [userMessage('DEMO-9')]).then((text) => { finished = true; return text; });
      await hold.reached;
      assert.equal(finished, false, 'the reply waits while held');
      assert.match(await post(server.baseUrl, [userMessage('DEMO-9')]), /late answer/, 'a hold covers one request only');
      hold.release();
      assert.match(await reply, /late answer/);
    } finally {
      await server.close();
    }
  });
});
