// Confirmation mode: pending actions become approval requests, answered with respond_to_confirmation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventTypes } from '../../../../../host/protocol/eventTypes.ts';
import { ManualClock } from '../../../../fakes/manualClock.ts';
import type { FakeStep } from '../../../../fakes/openhands/fakeAgentScript.ts';
import { withOpenHandsFixture } from './openHandsFixture.ts';

const TEST_TIMEOUT_MS = 30_000;

const editThenRun = (): FakeStep[] => [
  { type: 'file_edit', path: '/workspace/greeting.txt', text: 'hello\n' },
  { type: 'command', command: 'cat greeting.txt', output: 'hello\n' },
  { type: 'message', text: 'The greeting file is written.' },
];

function confirmationCalls(body: unknown[]): boolean[] {
  return body.map((entry) => (entry as { accept: boolean }).accept);
}

describe('OpenHands adapter in confirmation mode', { timeout: TEST_TIMEOUT_MS }, () => {
  it('asks for each pending action and accepts: the actions run and the turn completes', async () => {
    await withOpenHandsFixture({ server: { script: editThenRun }, decide: () => 'approve' }, async ({ server, workspace, sink, startSession }) => {
      const session = await startSession({ confirmationMode: true });
      const outcome = await session.runTurn('Write the greeting file', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      const create = server.requests.find((request) => request.path === '/api/conversations')?.body as { confirmation_policy: { kind: string } };
      assert.equal(create.confirmation_policy.kind, 'AlwaysConfirm');
      assert.deepEqual(sink.approvals, [
        { kind: 'file_change', command: null, cwd: workspace, files: ['/workspace/greeting.txt'], reason: 'Writing /workspace/greeting.txt' },
        { kind: 'command', command: 'cat greeting.txt', cwd: workspace, files: [], reason: 'Running cat greeting.txt' },
      ]);
      const answers = server.requests.filter((request) => request.path.endsWith('/respond_to_confirmation')).map((request) => request.body);
      assert.deepEqual(confirmationCalls(answers), [true, true]);
      const observations = server.onlyConversation().events.filter((event) => event.kind === 'ObservationEvent');
      assert.equal(observations.length, 2, 'both accepted actions ran');
      assert.match(sink.terminalText(), /approval needed to change \/workspace\/greeting\.txt/);
      assert.match(sink.terminalText(), /✓ approved/);
    });
  });

  it('rejects on denial: the server records the rejection and the agent carries on', async () => {
    const decide = (request: { kind: string }): 'approve' | 'deny' => (request.kind === 'command' ? 'deny' : 'approve');
    await withOpenHandsFixture({ server: { script: editThenRun }, decide }, async ({ server, sink, startSession }) => {
      const session = await startSession({ confirmationMode: true });
      const outcome = await session.runTurn('Write the greeting file', new AbortController().signal);

      assert.equal(outcome.status, 'completed', 'after a rejection the agent is run again and finishes');
      const answers = server.requests.filter((request) => request.path.endsWith('/respond_to_confirmation')).map((request) => request.body);
      assert.deepEqual(answers, [{ accept: true }, { accept: false, reason: 'Denied by the OpenSymphony user.' }]);
      const events = server.onlyConversation().events;
      const rejection = events.find((event) => event.kind === 'UserRejectObservation');
      assert.equal(rejection?.rejection_reason, 'Denied by the OpenSymphony user.');
      assert.equal(events.filter((event) => event.kind === 'ObservationEvent').length, 1, 'only the accepted action ran');
      assert.ok(sink.eventsOfType(EventTypes.agentItem).some((event) => event.payload.kind === 'UserRejectObservation'));
      assert.match(sink.terminalText(), /✗ denied/);
      assert.match(sink.terminalText(), /✗ rejected: Denied by the OpenSymphony user\./);
    });
  });

  it('rejects the pending actions and ends the turn when the approval is cancelled', async () => {
    const decide = (): Promise<never> => Promise.reject(new Error('run cancelled'));
    await withOpenHandsFixture({ server: { script: editThenRun }, decide }, async ({ server, startSession }) => {
      const session = await startSession({ confirmationMode: true });
      const outcome = await session.runTurn('Write the greeting file', new AbortController().signal);

      assert.equal(outcome.status, 'interrupted');
      assert.equal(outcome.error?.code, 'turn_cancelled');
      const events = server.onlyConversation().events;
      assert.equal(events.filter((event) => event.kind === 'UserRejectObservation').length, 1, 'no action is left pending for the next run to execute');
      assert.equal(events.filter((event) => event.kind === 'ObservationEvent').length, 0);
    });
  });

  it('does not time the turn out while a human decides', async () => {
    let release: (() => void) | undefined;
    const decided = new Promise<void>((resolve) => { release = resolve; });
    const decide = async (): Promise<'approve'> => { await decided; return 'approve'; };
    const script = (): FakeStep[] => [{ type: 'command', command: 'ls', output: 'a\n' }, { type: 'message', text: 'listed' }];
    await withOpenHandsFixture({ server: { script }, decide }, async ({ sink, waitForSink, startSession }) => {
      const clock = new ManualClock();
      const session = await startSession({ confirmationMode: true, turnTimeoutMs: 200, clock });
      const turn = session.runTurn('list files', new AbortController().signal);
      await waitForSink(() => sink.approvals.length === 1, 'the approval request');
      clock.advance(10_000);
      release?.();

      assert.equal((await turn).status, 'completed', 'fifty times the silence limit passed while the human decided');
    });
  });
});
