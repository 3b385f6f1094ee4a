import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { failedTurn, TurnGate } from '../../../fakes/scriptedHarness.ts';
import { OrchestratorFixture, ofIssue } from './orchestratorFixture.ts';

describe('operator cancel', () => {
  let fixture: OrchestratorFixture | undefined;
  afterEach(async () => { await fixture?.dispose(); fixture = undefined; });

  it('stops a running worker by run id, without a retry, and holds the issue back from automatic dispatch', async () => {
    const gate = new TurnGate();
    fixture = new OrchestratorFixture({ issues: [anIssue({ identifier: 'K-1' })], script: gate.script });
    await fixture.orchestrator.tick();
    await fixture.harness.waitForTurns(1);
    const [run] = fixture.orchestrator.runsList();
    assert.equal((await fixture.orchestrator.cancel({ runId: run!.id })).accepted, true);
    const cancelled = await fixture.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('K-1'));
    assert.equal(cancelled.stop_reason, 'operator_cancel');
    assert.equal(cancelled.error, 'cancelled by the operator');
    assert.equal(fixture.harness.sessionsDisposed, 1, 'the agent session is ended');
    assert.equal(fixture.orchestrator.claimState('K-1'), 'unclaimed');
    await fixture.orchestrator.tick();
    assert.equal(fixture.orchestrator.runsList().length, 1, 'the next poll does not start it again');
  });

  it('drops a pending retry by issue id', async () => {
    fixture = new OrchestratorFixture({ issues: [anIssue({ identifier: 'K-2' })], script: async () => failedTurn('boom') });
    await fixture.orchestrator.tick();
    await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('K-2'));
    assert.equal((await fixture.orchestrator.cancel({ issueId: 'K-2' })).accepted, true);
    assert.equal(fixture.orchestrator.retryRows().length, 0);
    await fixture.advance(10_000);
    assert.equal(fixture.orchestrator.runsList().length, 1, 'the retry timer no longer fires');
    assert.equal(fixture.orchestrator.runsList()[0]!.state, 'cancelled');
  });

  it('drops an operator start that waits for a slot', async () => {
    const gate = new TurnGate();
    fixture = new OrchestratorFixture({
      issues: [anIssue({ identifier: 'K-3' }), anIssue({ identifier: 'K-4', state: 'Backlog' })],
      script: gate.script,
      frontMatter: { agent: { max_concurrent_agents: 1 } },
    });
    await fixture.orchestrator.tick();
    const started = await fixture.orchestrator.dispatch('K-4', null);
    assert.equal(started.accepted && started.run.state, 'queued', 'every slot is taken, so it waits');
    assert.equal((await fixture.orchestrator.cancel({ issueId: 'K-4' })).accepted, true);
    gate.open();
    await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('K-3'));
    assert.equal(fixture.orchestrator.runsList().find(ofIssue('K-4'))?.state, 'cancelled');
    assert.ok(!fixture.events().some((event) => event.type === EventTypes.runStarted && ofIssue('K-4')(event.payload.run as never)));
  });

  it('refuses to cancel a run that has already ended, or one that does not exist', async () => {
    fixture = new OrchestratorFixture({ issues: [anIssue({ identifier: 'K-5' })], script: async () => failedTurn('boom') });
    assert.equal((await fixture.orchestrator.cancel({ runId: 'nope' })).accepted, false);
    await fixture.orchestrator.tick();
    await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('K-5'));
    await fixture.orchestrator.cancel({ issueId: 'K-5' });
    const again = await fixture.orchestrator.cancel({ issueId: 'K-5' });
    assert.deepEqual(again, { accepted: false, reason: "K-5's run is already cancelled" });
  });
});
