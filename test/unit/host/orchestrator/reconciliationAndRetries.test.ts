import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { completed, failedTurn, TurnGate } from '../../../fakes/scriptedHarness.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { OrchestratorFixture, ofIssue, type FixtureOptions } from './orchestratorFixture.ts';

describe('reconciliation, retries and the startup sweep', () => {
  let fixture: OrchestratorFixture | undefined;
  const setup = (options: FixtureOptions) => (fixture = new OrchestratorFixture(options));
  afterEach(async () => { await fixture?.dispose(); fixture = undefined; });

  async function running(identifier: string, options: Partial<FixtureOptions> = {}) {
    const gate = new TurnGate();
    const { orchestrator, harness } = setup({ issues: [anIssue({ identifier, labels: ['agent'] })], script: gate.script, ...options });
    await orchestrator.tick();
    await harness.waitForTurns(1);
    return gate;
  }

  it('stops a running issue that disappeared from the tracker, keeping its workspace', async () => {
    await running('M-1');
    fixture!.tracker.remove('M-1');
    await fixture!.orchestrator.tick();
    const stopped = await fixture!.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('M-1'));
    assert.equal(stopped.stop_reason, 'issue_missing');
    assert.ok(existsSync(stopped.workspace_path!));
  });

  it('keeps workers running when the reconciliation refresh fails, and tries again next tick', async () => {
    await running('M-2');
    fixture!.tracker.failNext = new Error('tracker down');
    await fixture!.orchestrator.tick();
    assert.equal(fixture!.orchestrator.runningRows().length, 1);
    fixture!.tracker.update('M-2', { state: 'Backlog' });
    await fixture!.orchestrator.tick();
    await fixture!.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('M-2'));
  });

  it('stops a running issue whose required label was removed', async () => {
    await running('M-3', { frontMatter: { tracker: { required_labels: ['agent'] } } });
    fixture!.tracker.update('M-3', { labels: [] });
    await fixture!.orchestrator.tick();
    const stopped = await fixture!.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('M-3'));
    assert.equal(stopped.stop_reason, 'issue_unroutable');
    assert.match(stopped.error!, /lacks the required label\(s\) "agent"/);
  });

  it('lets an operator\'s run of an issue outside the active states continue until the issue is terminal', async () => {
    const gate = new TurnGate();
    setup({ issues: [anIssue({ identifier: 'M-4', state: 'Backlog' })], script: gate.script });
    await fixture!.orchestrator.dispatch('M-4', null);
    await fixture!.harness.waitForTurns(1);
    await fixture!.orchestrator.tick();
    assert.equal(fixture!.orchestrator.runningRows().length, 1, 'not stopped for being outside the active states');
    fixture!.tracker.update('M-4', { state: 'Cancelled' });
    await fixture!.orchestrator.tick();
    assert.equal((await fixture!.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('M-4'))).stop_reason, 'issue_terminal');
  });

  it('caps workers per state with agent.max_concurrent_agents_by_state', async () => {
    const gate = new TurnGate();
    setup({
      issues: [anIssue({ identifier: 'Q-1', priority: 1 }), anIssue({ identifier: 'Q-2', priority: 2 }), anIssue({ identifier: 'Q-3', state: 'In Progress', priority: 3 })],
      script: gate.script,
      frontMatter: { agent: { max_concurrent_agents_by_state: { todo: 1 } } },
    });
    await fixture!.orchestrator.tick();
    assert.deepEqual(fixture!.orchestrator.runsList().map((run) => run.issue_identifier), ['Q-1', 'Q-3']);
  });

  it('retries with "failed to spawn agent" when the harness cannot be created', async () => {
    setup({ issues: [anIssue({ identifier: 'W-1' })], script: async () => completed });
    fixture!.harnessFactory = () => { throw new Error('no such harness'); };
    await fixture!.orchestrator.tick();
    const retrying = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('W-1'));
    assert.deepEqual([retrying.retry?.error, retrying.retry?.attempt], ['failed to spawn agent', 1]);
    assert.match(retrying.error!, /no such harness/);
  });

  it('requeues with "retry refresh failed" at the next attempt when the due retry cannot read the issue', async () => {
    setup({ issues: [anIssue({ identifier: 'W-2' })], script: async () => failedTurn('boom') });
    await fixture!.orchestrator.tick();
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('W-2'));
    fixture!.tracker.failNext = new Error('tracker down');
    await fixture!.advance(10_000);
    const requeued = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.retry?.error === 'retry refresh failed');
    assert.equal(requeued.retry?.attempt, 2);
  });

  it('releases a due retry when the issue left the active states, settling the run as failed', async () => {
    setup({ issues: [anIssue({ identifier: 'W-3' })], script: async () => failedTurn('boom') });
    await fixture!.orchestrator.tick();
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('W-3'));
    fixture!.tracker.update('W-3', { state: 'Backlog' });
    await fixture!.advance(10_000);
    const settled = await fixture!.runEvent(EventTypes.runFailed, ofIssue('W-3'));
    assert.equal(settled.error, 'turn_failed: boom');
    assert.equal(fixture!.orchestrator.claimState('W-3'), 'unclaimed');
  });

  it('sweeps the workspaces of terminal issues once, at the first tick', async () => {
    setup({ issues: [anIssue({ identifier: 'Z-1', state: 'Done' }), anIssue({ identifier: 'Z-2', state: 'Backlog' })], script: async () => completed });
    mkdirSync(join(fixture!.workspaceRoot, 'Z-1'), { recursive: true });
    mkdirSync(join(fixture!.workspaceRoot, 'Z-2'), { recursive: true });
    await fixture!.orchestrator.tick();
    await waitForEvent(fixture!.journal, (event) => event.type === OrchestratorEventTypes.workspaceRemoved);
    assert.ok(!existsSync(join(fixture!.workspaceRoot, 'Z-1')));
    assert.ok(existsSync(join(fixture!.workspaceRoot, 'Z-2')));
    await fixture!.orchestrator.tick();
    assert.equal(fixture!.tracker.calls.filter((call) => call.startsWith('fetchIssuesByStates')).length, 1);
  });
});
