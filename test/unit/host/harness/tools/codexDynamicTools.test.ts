// How agent tools map onto Codex's dynamic-tool wire shapes (DynamicToolSpec, DynamicToolCallResponse).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dynamicToolResponse, dynamicToolSpecs, runDynamicTool, toolsByName } from '../../../../../host/harness/codex/codexDynamicTools.ts';
import { TerminalWriter } from '../../../../../host/harness/codex/terminalWriter.ts';
import { createCodexAdapter } from '../../../../../host/harness/codex/codexAdapter.ts';
import type { AgentTool } from '../../../../../host/harness/tools/agentTool.ts';
import { toolFailure, toolSuccess } from '../../../../../host/harness/tools/agentTool.ts';

const tool = (name: string): AgentTool => ({ name, description: `does ${name}`, inputSchema: { type: 'object' }, call: async () => toolSuccess(null) });

describe('Codex dynamic tools: wire shapes', () => {
  it('advertises each tool as a function DynamicToolSpec', () => {
    assert.deepEqual(dynamicToolSpecs([tool('a'), tool('b')]), [
      { type: 'function', name: 'a', description: 'does a', inputSchema: { type: 'object' } },
      { type: 'function', name: 'b', description: 'does b', inputSchema: { type: 'object' } },
    ]);
  });

  it('answers with success and the output as inputText content items', () => {
    assert.deepEqual(dynamicToolResponse(toolSuccess({ data: 1 })), { success: true, contentItems: [{ type: 'inputText', text: '{"data":1}' }] });
    assert.deepEqual(dynamicToolResponse(toolFailure('bad', 'no')), { success: false, contentItems: [{ type: 'inputText', text: '{"error":{"code":"bad","message":"no"}}' }] });
  });

  it('refuses two tools with one name when the adapter is created', () => {
    assert.equal(toolsByName([tool('a'), tool('b')]).size, 2);
    const options = { command: 'codex app-server', approvalPolicy: 'never', threadSandbox: 'read-only', turnSandboxPolicy: null, readTimeoutMs: 1000, turnTimeoutMs: 1000 };
    assert.throws(() => createCodexAdapter({ ...options, tools: [tool('a'), tool('a')] }), { code: 'duplicate_tool_name' });
    assert.equal(createCodexAdapter(options).kind, 'codex');
  });

  it('turns a tool that throws into a tool_failed result and shows every call in the run terminal', async () => {
    let terminal = '';
    const writer = new TerminalWriter((text) => { terminal += text; });
    const context = { signal: new AbortController().signal };
    const broken: AgentTool = { ...tool('broken'), call: async () => { throw new Error('bug in the tool'); } };

    const failed = await runDynamicTool(broken, {}, context, writer);
    assert.deepEqual(failed.success ? null : failed.error, { code: 'tool_failed', message: 'The broken tool failed in the host: bug in the tool' });
    assert.equal((await runDynamicTool(tool('fine'), {}, context, writer)).success, true);
    assert.match(terminal, /⚙ broken ✗ tool_failed: The broken tool failed/);
    assert.match(terminal, /⚙ fine ✓/);
  });
});
