// The approval service in front of OpenHands confirmation mode (rules, "approve always", feedback),
// and the port's other controls: a message into the running turn, resuming a conversation after a cursor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApprovalRequest } from '../../../../../host/harness/harnessAdapter.ts';
import { EventTypes } from '../../../../../host/protocol/eventTypes.ts';
import type { FakeStep } from '../../../../fakes/openhands/fakeAgentScript.ts';
import { createHumanLoop } from '../humanLoop.ts';
import type { HumanLoop, HumanLoopOptions } from '../humanLoop.ts';
import { withOpenHandsFixture } from './openHandsFixture.ts';
import type { OpenHandsFixture } from './openHandsFixture.ts';

const TEST_TIMEOUT_MS = 30_000;

const twoCommands = (): FakeStep[] => [
  { type: 'command', command: 'ls src', output: 'a.ts\n' },
  { type: 'command', command: 'ls test', output: 'a.test.ts\n' },
  { type: 'message', text: 'listed both' },
];

async function withLoop(options: Omit<HumanLoopOptions, 'workspacePath'> & { script: () => FakeStep[] }, body: (fixture: OpenHandsFixture & { loop: HumanLoop }) => Promise<void>): Promise<void> {
  let loop: HumanLoop | undefined;
  await withOpenHandsFixture({ server: { script: options.script }, decide: (request: ApprovalRequest) => loop!.ask(request) }, async (fixture) => {
    loop = createHumanLoop({ ...options, workspacePath: fixture.workspace });
    await body({ ...fixture, loop });
  });
}

function confirmations(fixture: OpenHandsFixture): unknown[] {
  return fixture.server.requests.filter((request) => request.path.endsWith('/respond_to_confirmation')).map((request) => request.body);
}

describe('OpenHands with the approval service', { timeout: TEST_TIMEOUT_MS }, () => {
  it('approve always answers the next matching action of the run itself', async () => {
    await withLoop({ script: twoCommands, answer: () => ({ decision: 'approve_always' }) }, async (fixture) => {
      const session = await fixture.startSession({ confirmationMode: true });
      const outcome = await session.runTurn('list things', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.equal(fixture.loop.asked.length, 1, 'the person was asked once');
      assert.deepEqual(fixture.loop.approvalsOf(EventTypes.approvalAutoDecided).map((approval) => approval.rule?.command_prefix), ['ls']);
      assert.deepEqual(confirmations(fixture), [{ accept: true }, { accept: true }]);
      assert.equal(fixture.server.onlyConversation().events.filter((event) => event.kind === 'ObservationEvent').length, 2);
    });
  });

  it('a WORKFLOW.md rule rejects without asking, with the rule as the reason the agent reads', async () => {
    await withLoop({ script: twoCommands, rules: [{ action: 'deny', command_prefix: 'ls test' }] }, async (fixture) => {
      const session = await fixture.startSession({ confirmationMode: true });
      const outcome = await session.runTurn('list things', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.deepEqual(fixture.loop.asked.map((approval) => approval.command), ['ls src']);
      const [accepted, rejected] = confirmations(fixture) as { accept: boolean; reason?: string }[];
      assert.deepEqual(accepted, { accept: true });
      assert.match(rejected?.reason ?? '', /^Denied by WORKFLOW\.md approvals\.rules\[0\] \(deny command_prefix "ls test"\)/);
      const rejection = fixture.server.onlyConversation().events.find((event) => event.kind === 'UserRejectObservation');
      assert.equal(rejection?.rejection_reason, rejected?.reason);
    });
  });

  it('a denial carries the person\'s feedback as the rejection reason', async () => {
    const feedback = 'list only src';
    await withLoop({ script: twoCommands, answer: (approval) => (approval.command === 'ls test' ? { decision: 'deny', feedback } : { decision: 'approve' }) }, async (fixture) => {
      const session = await fixture.startSession({ confirmationMode: true });
      await session.runTurn('list things', new AbortController().signal);
      assert.deepEqual(confirmations(fixture).at(-1), { accept: false, reason: feedback });
    });
  });
});

describe('OpenHands session controls', { timeout: TEST_TIMEOUT_MS }, () => {
  it('posts an operator message into the running turn, and keeps one sent between turns for the next', async () => {
    const slow = (): FakeStep[] => Array.from({ length: 30 }, (_, index) => ({ type: 'command' as const, command: `echo ${index}` }));
    await withOpenHandsFixture({ server: { script: slow, stepDelayMs: 2 } }, async ({ server, sink, waitForSink, startSession }) => {
      const session = await startSession();
      const turn = session.runTurn('count', new AbortController().signal);
      await waitForSink(() => sink.eventsOfType(EventTypes.agentItem).length >= 2, 'the agent to get going');
      assert.equal(await session.sendUserMessage('operator: stop at 20'), 'active_turn');
      assert.equal((await turn).status, 'completed');
      assert.equal(await session.sendUserMessage('operator: next time count down'), 'next_turn');
      await session.runTurn('again', new AbortController().signal);

      const userMessages = server.onlyConversation().events
        .filter((event) => event.kind === 'MessageEvent' && event.source === 'user')
        .map((event) => (event.llm_message as { content: { text: string }[] }).content.map((part) => part.text).join(''));
      assert.deepEqual(userMessages, ['count', 'operator: stop at 20', 'again', 'operator: next time count down']);
      assert.deepEqual(sink.eventsOfType(EventTypes.turnCompleted).map((event) => event.payload.status), ['completed', 'completed']);
    });
  });

  it('resumes a conversation and continues its events after the cursor', async () => {
    const script = (): FakeStep[] => [{ type: 'command', command: 'echo hi', output: 'hi\n' }, { type: 'message', text: 'said hi' }];
    await withOpenHandsFixture({ server: { script } }, async ({ server, sink, startSession }) => {
      const first = await startSession();
      await first.runTurn('say hi', new AbortController().signal);
      const stored = server.onlyConversation().events;
      const cursor = stored.at(-1)!.id;
      const upToCursor = new Set(stored.map((event) => event.id));
      await first.dispose();
      const seenBefore = sink.events.length;

      const resumed = await startSession({}, { resume: { sessionId: first.sessionId, cursor } });
      assert.equal(resumed.sessionId, first.sessionId);
      assert.equal(server.requests.filter((request) => request.method === 'POST' && request.path === '/api/conversations').length, 1, 'no second conversation');
      const replayed = sink.events.slice(seenBefore).filter((event) => upToCursor.has(String(event.payload.event_id)));
      assert.deepEqual(replayed, [], 'nothing up to the cursor is delivered again');
      assert.equal((await resumed.runTurn('say hi again', new AbortController().signal)).status, 'completed');
      assert.ok(((await resumed.fetchHistory({ cursor })).length) > 0, 'the history after the cursor holds the new turn');
    });
  });
});
