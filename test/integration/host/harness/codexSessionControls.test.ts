// The harness port's session controls against the REAL codex app-server: an operator's message
// steered into a running turn or kept for the next one, the thread's history, and resuming a
// thread in a new app-server process (create-or-resume).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HarnessSession, MessageDelivery } from '../../../../host/harness/harnessAdapter.ts';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import type { RecordedResponsesRequest } from '../../../fakes/mockResponsesServer.ts';
import { withCodexFixture } from './codexFixture.ts';

const TEST_TIMEOUT_MS = 60_000;

function modelSaw(requests: readonly RecordedResponsesRequest[], text: string): boolean {
  return requests.some((request) => JSON.stringify(request.body.input ?? []).includes(text));
}

describe('Codex session controls with the real codex app-server', { timeout: TEST_TIMEOUT_MS }, () => {
  it('steers an operator message into the running turn, and keeps one sent between turns for the next turn', async () => {
    let session: HarnessSession | undefined;
    const deliveries: MessageDelivery[] = [];
    // While the turn waits on the approval, the operator writes to the agent; then approves.
    const decide = async (): Promise<'approve'> => {
      deliveries.push(await session!.sendUserMessage!('operator: please keep it short'));
      return 'approve';
    };
    const script = { command: (text: string) => (text.startsWith('Please') ? 'echo hello > out.txt' : null) };
    await withCodexFixture({ script, decide }, async ({ server, startSession }) => {
      session = await startSession();
      assert.equal(session.capabilities?.sendMessage, true);
      assert.equal(session.capabilities?.pauseResume, false, 'the app-server cannot pause a turn');
      const first = await session.runTurn('Please create out.txt containing hello', new AbortController().signal);
      assert.equal(first.status, 'completed');
      assert.deepEqual(deliveries, ['active_turn']);
      assert.ok(modelSaw(server.requests, 'operator: please keep it short'), 'the steered message reached the model in the same turn');

      assert.equal(await session.sendUserMessage!('operator: and add a summary next time'), 'next_turn');
      const second = await session.runTurn('continue', new AbortController().signal);
      assert.equal(second.status, 'completed');
      const secondTurnInput = server.requests.at(-1)?.body.input ?? [];
      assert.ok(JSON.stringify(secondTurnInput).includes('operator: and add a summary next time'), 'the queued message went with the next turn/start');
    });
  });

  it('reads the thread history and resumes the thread in a new process', async () => {
    await withCodexFixture({}, async ({ server, sink, startSession }) => {
      const first = await startSession();
      assert.equal((await first.runTurn('first: create out.txt', new AbortController().signal)).status, 'completed');
      const history = await first.fetchHistory!();
      const kinds = history.map((event) => event.kind);
      assert.ok(kinds.includes('userMessage') && kinds.includes('commandExecution') && kinds.includes('agentMessage'), `history kinds: ${kinds.join(', ')}`);
      const afterCommand = await first.fetchHistory!({ cursor: history.find((event) => event.kind === 'commandExecution')!.id });
      assert.deepEqual(afterCommand.map((event) => event.kind), kinds.slice(kinds.indexOf('commandExecution') + 1));
      const threadId = first.sessionId;
      await first.dispose();

      const resumed = await startSession({}, { resume: { sessionId: threadId, cursor: null } });
      assert.equal(resumed.sessionId, threadId);
      assert.equal((await resumed.runTurn('second: create out.txt again', new AbortController().signal)).status, 'completed');
      assert.deepEqual(sink.eventsOfType(EventTypes.sessionStarted).map((event) => event.payload.resumed), [false, true]);
      assert.deepEqual(new Set(server.requests.map((request) => request.headers['thread-id'])), new Set([threadId]));
      assert.ok(modelSaw(server.requests.slice(-1), 'first: create out.txt'), 'the resumed thread still carries the first turn');
    });
  });
});
