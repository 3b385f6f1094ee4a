// Protocol edges the real binary does not reach with a mock model, driven by a scripted stand-in
// or by plain shell commands as `codex.command`.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { createCodexAdapter } from '../../../../host/harness/codex/codexAdapter.ts';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import { buildIssue, withCodexFixture } from './codexFixture.ts';

const TEST_TIMEOUT_MS = 30_000;
const scriptedServer = fileURLToPath(new URL('./fakes/scriptedAppServer.ts', import.meta.url));
const scriptedCommand = (scenario: string): string =>
  `'${process.execPath}' --disable-warning=MODULE_TYPELESS_PACKAGE_JSON '${scriptedServer}' ${scenario}`;

function repliesSeenByServer(events: { type: string; payload: Record<string, unknown> }[]): unknown[] {
  return events
    .filter((event) => event.type === EventTypes.agentNotification && event.payload.method === 'fake/reply')
    .map((event) => (event.payload.params as { reply: unknown }).reply);
}

describe('Codex adapter protocol edges', { timeout: TEST_TIMEOUT_MS }, () => {
  it('answers a user-input request, interrupts, and fails the turn with turn_input_required', async () => {
    await withCodexFixture({}, async ({ sink, startSession }) => {
      const session = await startSession({ command: scriptedCommand('input_required') });
      const outcome = await session.runTurn('ask me something', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'turn_input_required');
      assert.deepEqual(repliesSeenByServer(sink.events), [{ id: 0, result: { answers: {} } }]);
      assert.ok(sink.events.some((event) => event.payload.method === 'fake/interrupted'), 'turn/interrupt was sent');
    });
  });

  it('answers unknown server requests with an error and unknown tools with success:false', async () => {
    await withCodexFixture({}, async ({ sink, startSession }) => {
      const session = await startSession({ command: scriptedCommand('unsupported_requests') });
      const outcome = await session.runTurn('go', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      const replies = repliesSeenByServer(sink.events) as { id: number; error?: { code: number }; result?: { success: boolean } }[];
      const attestation = replies.find((reply) => reply.id === 0);
      const toolCall = replies.find((reply) => reply.id === 1);
      assert.equal(attestation?.error?.code, -32601);
      assert.equal(toolCall?.result?.success, false);
    });
  });

  it('rejects a workspace path that is not an existing absolute directory', async () => {
    await withCodexFixture({}, async ({ root, sink, environment }) => {
      const adapter = createCodexAdapter({
        command: environment.command, approvalPolicy: 'untrusted', threadSandbox: 'workspace-write', turnSandboxPolicy: null, readTimeoutMs: 1_000, turnTimeoutMs: 1_000,
      });
      const start = (workspacePath: string): Promise<unknown> =>
        adapter.startSession({ issue: buildIssue(), workspacePath, sink, signal: new AbortController().signal });
      await assert.rejects(start('relative/path'), { code: 'invalid_workspace_cwd' });
      await assert.rejects(start(`${root}/missing`), { code: 'invalid_workspace_cwd' });
    });
  });

  it('fails with port_exit and the stderr tail when the server exits during startup', async () => {
    await withCodexFixture({}, async ({ sink, startSession }) => {
      await assert.rejects(startSession({ command: "echo 'not json'; echo 'boom: config is broken' >&2; exit 3" }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'port_exit');
        assert.match(error.message, /code 3/);
        assert.match(error.message, /boom: config is broken/);
        return true;
      });
      assert.ok(sink.events.some((event) => event.payload.method === 'codex/malformed'));
    });
  });

  it('fails with protocol_error on a stdout line over 10 MB and kills the process group', async () => {
    await withCodexFixture({}, async ({ startSession }) => {
      const started = performance.now();
      await assert.rejects(startSession({ command: "head -c 11000000 /dev/zero | tr '\\0' x; exec sleep 30" }), { code: 'protocol_error' });
      assert.ok(performance.now() - started < 10_000, 'did not wait for the sleeping process');
    });
  });

  it('fails with response_timeout when the server never answers initialize', async () => {
    await withCodexFixture({}, async ({ startSession }) => {
      await assert.rejects(startSession({ command: 'exec cat > /dev/null', readTimeoutMs: 300 }), { code: 'response_timeout' });
    });
  });
});
