// The Codex adapter against the REAL `codex app-server` (pinned @openai/codex) and a mock model:
// real approvals, real sandboxed commands in a real workspace, no network.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { join } from 'node:path';
import type { HarnessSession, TurnOutcome } from '../../../../host/harness/harnessAdapter.ts';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import { withCodexFixture } from './codexFixture.ts';

const TEST_TIMEOUT_MS = 60_000;

async function timedTurn(t: TestContext, session: HarnessSession, input: string, signal = new AbortController().signal): Promise<TurnOutcome> {
  const started = performance.now();
  const outcome = await session.runTurn(input, signal);
  t.diagnostic(`turn "${input.slice(0, 40)}" → ${outcome.status} in ${(performance.now() - started).toFixed(0)} ms`);
  return outcome;
}

describe('Codex adapter with the real codex app-server', { timeout: TEST_TIMEOUT_MS }, () => {
  it('runs an approved command in the workspace and reports the turn', async (t) => {
    await withCodexFixture({}, async ({ workspace, sink, startSession }) => {
      const session = await startSession();
      const outcome = await timedTurn(t, session, 'Please create out.txt containing hello');

      assert.deepEqual(outcome, { status: 'completed', turnId: outcome.turnId, error: null });
      assert.equal(readFileSync(join(workspace, 'out.txt'), 'utf8'), 'hello\n');
      assert.equal(sink.approvals.length, 1);
      assert.equal(sink.approvals[0]?.kind, 'command');
      assert.match(sink.approvals[0]?.command ?? '', /echo hello > out\.txt/);
      assert.equal(sink.eventsOfType(EventTypes.sessionStarted)[0]?.payload.session_id, session.sessionId);
      assert.equal(sink.eventsOfType(EventTypes.turnStarted).length, 1);
      assert.equal(sink.eventsOfType(EventTypes.turnCompleted)[0]?.payload.status, 'completed');
      assert.equal(sink.eventsOfType(EventTypes.agentMessage).at(-1)?.payload.text, 'done');
      const tokens = sink.eventsOfType(EventTypes.tokensUpdated).at(-1)?.payload;
      assert.ok(typeof tokens?.total_tokens === 'number' && tokens.total_tokens > 0);
      const command = sink.eventsOfType(EventTypes.agentItem).find((event) => (event.payload.item as { type?: string }).type === 'commandExecution');
      assert.equal((command?.payload.item as { exitCode?: number }).exitCode, 0);
      const terminal = sink.terminalText();
      // Codex runs it as `/bin/bash -lc '…'`; the terminal shows the command itself.
      assert.match(sink.approvals[0]?.command ?? '', /^\/bin\/bash -lc /);
      assert.match(terminal, /\$ echo hello > out\.txt/);
      assert.match(terminal, /approval needed to run echo hello > out\.txt/);
      assert.match(terminal, /done\r\n/);
      assert.match(terminal, /Turn 1 completed/);
      assert.doesNotMatch(terminal, /[^\r]\n/, 'every newline is a terminal \\r\\n');
    });
  });

  it('declines a denied command and still completes the turn', async (t) => {
    await withCodexFixture({ decide: () => 'deny' }, async ({ workspace, sink, startSession }) => {
      const session = await startSession();
      const outcome = await timedTurn(t, session, 'Please create out.txt containing hello');

      assert.equal(outcome.status, 'completed');
      assert.equal(existsSync(join(workspace, 'out.txt')), false);
      assert.equal(sink.approvals.length, 1);
      assert.match(sink.terminalText(), /denied/);
    });
  });

  it('reuses one thread for the turns of a session', async (t) => {
    const script = { command: (text: string) => (text.includes('second') ? 'echo again >> out.txt' : 'echo hello > out.txt') };
    await withCodexFixture({ script }, async ({ workspace, server, sink, startSession }) => {
      const session = await startSession();
      const first = await timedTurn(t, session, 'first: create out.txt');
      const second = await timedTurn(t, session, 'second: append to out.txt');

      assert.equal(first.status, 'completed');
      assert.equal(second.status, 'completed');
      assert.notEqual(first.turnId, second.turnId);
      assert.equal(readFileSync(join(workspace, 'out.txt'), 'utf8'), 'hello\nagain\n');
      assert.equal(sink.eventsOfType(EventTypes.sessionStarted).length, 1);
      assert.deepEqual(new Set(server.requests.map((request) => request.headers['thread-id'])), new Set([session.sessionId]));
      assert.deepEqual(sink.eventsOfType(EventTypes.turnCompleted).map((event) => event.payload.turn_number), [1, 2]);
    });
  });

  it('fails fast with codex_not_found when the codex binary is missing', async () => {
    await withCodexFixture({}, async ({ startSession }) => {
      const started = performance.now();
      await assert.rejects(startSession({ command: '/nonexistent/codex app-server' }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'codex_not_found');
        assert.match(error.message, /\/nonexistent\/codex app-server/);
        return true;
      });
      assert.ok(performance.now() - started < 5_000);
    });
  });

  for (const failure of ['http500', 'failed'] as const) {
    it(`reports a failed turn when the model endpoint answers ${failure}`, async (t) => {
      await withCodexFixture({ script: { failure } }, async ({ sink, startSession }) => {
        const session = await startSession();
        const outcome = await timedTurn(t, session, 'Please create out.txt containing hello');

        assert.equal(outcome.status, 'failed');
        assert.equal(outcome.error?.code, 'turn_failed');
        assert.ok((outcome.error?.message.length ?? 0) > 0);
        assert.ok(sink.eventsOfType(EventTypes.agentNotification).some((event) => event.payload.method === 'error'));
      });
    });
  }
});
