// Protocol edges the real binary does not reach with a mock model, driven by a scripted stand-in
// or by plain shell commands as `codex.command`.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { createCodexAdapter } from '../../../../host/harness/codex/codexAdapter.ts';
import type { UserInputReply, UserInputRequest } from '../../../../host/harness/harnessAdapter.ts';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import { buildIssue, withCodexFixture } from './codexFixture.ts';

const TEST_TIMEOUT_MS = 90_000;
const scriptedServer = fileURLToPath(new URL('./fakes/scriptedAppServer.ts', import.meta.url));
const scriptedCommand = (scenario: string): string =>
  `'${process.execPath}' --disable-warning=MODULE_TYPELESS_PACKAGE_JSON '${scriptedServer}' ${scenario}`;

function repliesSeenByServer(events: { type: string; payload: Record<string, unknown> }[]): unknown[] {
  return events
    .filter((event) => event.type === EventTypes.agentNotification && event.payload.method === 'warning')
    .map((event) => event.payload.params as { message: string; reply?: unknown })
    .filter((params) => params.message === 'fake/reply')
    .map((params) => params.reply);
}

describe('Codex adapter protocol edges', { timeout: TEST_TIMEOUT_MS }, () => {
  it('answers an expired user-input request empty, interrupts, and fails the turn with turn_input_required', async () => {
    const answerQuestions = () => ({ outcome: 'expired' as const, message: 'no answer within 1 s' });
    await withCodexFixture({ answerQuestions }, async ({ sink, startSession }) => {
      const session = await startSession({ command: scriptedCommand('input_required') });
      const outcome = await session.runTurn('ask me something', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'turn_input_required');
      assert.match(outcome.error?.message ?? '', /no answer within 1 s/);
      assert.deepEqual(sink.questions[0]?.questions.map((question) => question.question), ['Which?']);
      assert.deepEqual(repliesSeenByServer(sink.events), [{ id: 0, result: { answers: {} } }]);
      assert.ok(sink.events.some((event) => (event.payload.params as { message?: string } | undefined)?.message === 'fake/interrupted'), 'turn/interrupt was sent');
    });
  });

  it('asks MCP elicitations as questions and accepts with typed content, or confirms a URL', async () => {
    const answerQuestions = (request: UserInputRequest): UserInputReply => (request.questions[0]?.id === 'confirm'
      ? { outcome: 'answered', answers: { confirm: 'confirm' } }
      : { outcome: 'answered', answers: { region: 'Europe', replicas: '3', confirm: 'yes', api_key: 'k-123' } });
    await withCodexFixture({ answerQuestions }, async ({ sink, startSession }) => {
      const session = await startSession({ command: scriptedCommand('elicitation') });
      const outcome = await session.runTurn('deploy', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      const [form, url] = sink.questions;
      assert.deepEqual(form?.questions.map((question) => [question.id, question.options.map((option) => option.label), question.secret]), [
        ['region', ['Europe', 'US'], false], ['replicas', [], false], ['confirm', ['yes', 'no'], false], ['api_key', [], true],
      ]);
      assert.equal(form?.reason, 'deployer: Deploy settings');
      assert.match(url?.questions[0]?.question ?? '', /Open https:\/\/example\.test\/login and complete the request there/);
      const replies = repliesSeenByServer(sink.events) as { id: number; result: unknown }[];
      assert.deepEqual(replies.find((reply) => reply.id === 0)?.result, {
        action: 'accept', content: { region: 'eu-west-1', replicas: 3, confirm: true, api_key: 'k-123' }, _meta: null,
      });
      assert.deepEqual(replies.find((reply) => reply.id === 1)?.result, { action: 'accept', content: null, _meta: null });
    });
  });

  it('declines an MCP elicitation the person refuses', async () => {
    await withCodexFixture({ answerQuestions: () => ({ outcome: 'declined' }) }, async ({ sink, startSession }) => {
      const session = await startSession({ command: scriptedCommand('elicitation') });
      assert.equal((await session.runTurn('deploy', new AbortController().signal)).status, 'completed');
      const replies = repliesSeenByServer(sink.events) as { result: unknown }[];
      assert.deepEqual(replies.map((reply) => reply.result), [
        { action: 'decline', content: null, _meta: null }, { action: 'decline', content: null, _meta: null },
      ]);
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
      await assert.rejects(startSession({ command: "echo 'boom: config is broken' >&2; exit 3" }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'port_exit');
        assert.match(error.message, /code 3/);
        assert.match(error.message, /boom: config is broken/);
        return true;
      });
      assert.ok(sink.events.some((event) => event.payload.method === 'opensymphony/startup_failed'));
    });
  });

  it('fails with protocol_error on the first stdout line that is not JSON, keeping it raw', async () => {
    await withCodexFixture({}, async ({ sink, startSession }) => {
      await assert.rejects(startSession({ command: "echo 'not json'; exec sleep 30" }), { code: 'protocol_error' });
      const malformed = sink.events.find((event) => event.payload.method === 'codex/malformed');
      assert.deepEqual(sink.raws.get(malformed?.rawRef ?? ''), { source: 'codex/malformed', body: 'not json' });
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
