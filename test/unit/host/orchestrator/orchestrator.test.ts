import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Approval, Issue } from '../../../../host/protocol/index.ts';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { completed, failedTurn, TurnGate } from '../../../fakes/scriptedHarness.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { OrchestratorFixture, ofIssue, type FixtureOptions } from './orchestratorFixture.ts';

describe('Orchestrator', () => {
  let fixture: OrchestratorFixture | undefined;
  const setup = (options: FixtureOptions) => (fixture = new OrchestratorFixture(options));
  afterEach(async () => { await fixture?.dispose(); fixture = undefined; });

  it('dispatches active issues in priority order up to max_concurrent_agents, and more as slots free up', async () => {
    const gate = new TurnGate();
    const { orchestrator } = setup({
      issues: [
        anIssue({ identifier: 'A-3', priority: 3 }),
        anIssue({ identifier: 'A-1', priority: 1 }),
        anIssue({ identifier: 'A-2', priority: 2 }),
        anIssue({ identifier: 'A-9', state: 'Backlog', priority: 1 }),
      ],
      script: gate.script,
      frontMatter: { agent: { max_concurrent_agents: 2 } },
    });
    await orchestrator.tick();
    assert.deepEqual(orchestrator.runsList().map((run) => run.issue_identifier), ['A-1', 'A-2']);
    gate.open();
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('A-1'));
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('A-2'));
    await orchestrator.tick();
    assert.ok(orchestrator.runsList().some((run) => run.issue_identifier === 'A-3'), 'the third issue runs once a slot is free');
    assert.ok(!orchestrator.runsList().some((run) => run.issue_identifier === 'A-9'), 'a non-active issue is never auto-dispatched');
  });

  it('runs a chosen issue on request and journals queued → started → retrying → completed with the correlation id', async () => {
    const { orchestrator, journal, harness } = setup({
      issues: [anIssue({ identifier: 'B-1', state: 'Backlog', title: 'Say hi' })],
      script: async (sink) => {
        sink.output('hello from the agent\n');
        sink.event({ type: EventTypes.agentMessage, summary: 'done', payload: { text: 'done' } });
        return completed;
      },
    });
    const result = await orchestrator.dispatch('B-1', 'corr-1');
    assert.equal(result.accepted, true);
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('B-1'));
    await fixture!.advance(1_000);
    const done = await fixture!.runEvent(EventTypes.runCompleted, ofIssue('B-1'));
    const runEvents = fixture!.events().filter((event) => event.type.startsWith('run.')).map((event) => event.type);
    assert.deepEqual(runEvents, [EventTypes.runQueued, EventTypes.runStarted, OrchestratorEventTypes.runRetrying, EventTypes.runCompleted]);
    assert.equal(fixture!.events().find((event) => event.type === EventTypes.runQueued)?.correlation_id, 'corr-1');
    assert.equal(fixture!.events().find((event) => event.type === EventTypes.runStarted)?.correlation_id, 'corr-1', 'the operator start\'s run.started carries its correlation id');
    assert.deepEqual(harness.inputs, ['Work on B-1: Say hi'], 'one turn: the issue is not in an active state');
    assert.equal(done.workspace_path, join(fixture!.workspaceRoot, 'B-1'));
    assert.ok(existsSync(done.workspace_path!), 'the workspace is kept after the run');
    const terminal = Buffer.concat(journal.readTerminal(done.terminal_stream_id, 0, 100).map((chunk) => Buffer.from(chunk.data))).toString();
    assert.match(terminal, /hello from the agent/);
    assert.match(terminal, /run completed after 1 turn/);
    assert.equal(harness.sessionsDisposed, 1);
  });

  it('continues with continuation guidance while the issue stays active, up to max_turns, in one session', async () => {
    const { orchestrator, harness } = setup({ issues: [anIssue({ identifier: 'C-1' })], script: async () => completed, frontMatter: { agent: { max_turns: 3 } } });
    await orchestrator.dispatch('C-1', null);
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('C-1'));
    assert.deepEqual(harness.inputs, ['Work on C-1: Title of C-1', 'continue 2/3', 'continue 3/3']);
    assert.equal(harness.sessionsStarted, 1, 'turns share one session');
  });

  it('stops taking turns when the by-id refresh after a turn shows the issue left the active states', async () => {
    const { orchestrator, harness, tracker } = setup({
      issues: [anIssue({ identifier: 'C-2' })],
      script: async () => { tracker.update('C-2', { state: 'Human Review' }); return completed; },
    });
    await orchestrator.tick();
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('C-2'));
    assert.equal(harness.inputs.length, 1);
    assert.ok(tracker.calls.includes('fetchIssuesByIds C-2'), 'the worker refreshed its issue by id');
  });

  it('marks a failed worker for a backoff retry with the turn error, and frees the slot', async () => {
    const { orchestrator } = setup({ issues: [anIssue({ identifier: 'D-1' })], script: async () => failedTurn('model said no') });
    await orchestrator.dispatch('D-1', null);
    const retrying = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('D-1'));
    assert.equal(retrying.error, 'turn_failed: model said no');
    assert.equal(retrying.retry?.error, 'worker exited: turn_failed: model said no');
    assert.equal(orchestrator.runningRows().length, 0);
  });

  it('rejects a start for a terminal issue, for an issue that already runs, and for an unknown issue', async () => {
    const gate = new TurnGate();
    const { orchestrator } = setup({ issues: [anIssue({ identifier: 'E-1', state: 'Done' }), anIssue({ identifier: 'E-2', state: 'Backlog' })], script: gate.script });
    assert.deepEqual(await orchestrator.dispatch('E-1', null), { accepted: false, reason: 'E-1 is in a terminal state (Done)' });
    assert.equal((await orchestrator.dispatch('E-2', null)).accepted, true);
    const again = await orchestrator.dispatch('E-2', null);
    assert.equal(again.accepted, false);
    assert.match((again as { reason: string }).reason, /already has a running run/);
    assert.equal((await orchestrator.dispatch('NOPE', null)).accepted, false);
  });

  it('holds a turn on an approval until a human decides, passes the decision on, and does not count the wait as a stall', async () => {
    const verdicts: string[] = [];
    const { orchestrator, approvals } = setup({
      issues: [anIssue({ identifier: 'F-1', state: 'Backlog' })],
      script: async (sink) => {
        verdicts.push((await sink.requestApproval({ kind: 'command', command: 'rm -rf build', cwd: '/w', files: [], reason: null })).verdict);
        return completed;
      },
      frontMatter: { codex: { stall_timeout_ms: 1_000 } },
    });
    await orchestrator.dispatch('F-1', null);
    const requested = await waitForEvent(fixture!.journal, (event) => event.type === EventTypes.approvalRequested);
    const approval = requested.payload.approval as Approval;
    assert.equal(approval.command, 'rm -rf build');
    assert.equal(orchestrator.runningRows()[0]?.awaiting_approval, true);
    fixture!.clock.advance(60_000);
    await orchestrator.tick();
    assert.equal(orchestrator.runningRows().length, 1, 'waiting for a human is not a stall');
    approvals.decide(approval.id, 'deny', 'corr-deny');
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('F-1'));
    assert.deepEqual(verdicts, ['deny']);
    const resolved = await waitForEvent(fixture!.journal, (event) => event.type === EventTypes.approvalResolved);
    assert.equal(resolved.correlation_id, 'corr-deny');
  });

  it('reports a tracker failure once and recovers on the next good fetch', async () => {
    const { orchestrator, tracker } = setup({ issues: [anIssue({ identifier: 'G-1', state: 'Backlog' })], script: async () => completed });
    await orchestrator.tick(); // the first tick's startup sweep reads the terminal issues
    tracker.failNext = new Error('tracker down');
    await orchestrator.tick();
    assert.equal(orchestrator.trackerStatus().error, 'tracker down');
    await orchestrator.tick();
    assert.equal(orchestrator.trackerStatus().error, null);
    await waitForEvent(fixture!.journal, (event) => event.type === EventTypes.trackerFailed);
    const types = fixture!.events().map((event) => event.type);
    assert.deepEqual(types, [EventTypes.trackerSynced, EventTypes.trackerFailed, EventTypes.trackerSynced]);
  });

  it('polls again after polling.interval_ms on its clock', async () => {
    const { orchestrator, tracker, clock } = setup({ script: async () => completed, frontMatter: { polling: { interval_ms: 5_000 } } });
    await orchestrator.start();
    clock.advance(0);
    await orchestrator.idle();
    assert.equal(clock.pendingTimers, 1, 'the next poll is scheduled');
    tracker.set(anIssue({ identifier: 'H-1', state: 'Backlog' }));
    clock.advance(5_000);
    const synced = await waitForEvent(fixture!.journal, (event) => event.type === EventTypes.trackerSynced && JSON.stringify(event.payload).includes('H-1'));
    assert.equal((synced.payload.upserted as Issue[])[0]?.identifier, 'H-1');
  });

  it('skips dispatch while WORKFLOW.md is invalid, says so once, and still reconciles', async () => {
    const gate = new TurnGate();
    const { orchestrator, tracker } = setup({ issues: [anIssue({ identifier: 'P-1' })], script: gate.script });
    await orchestrator.tick();
    assert.equal(orchestrator.runningRows().length, 1);
    fixture!.workflowProblem = 'agent.max_turns must be a positive integer';
    tracker.set(anIssue({ identifier: 'P-2' }));
    tracker.update('P-1', { state: 'Backlog' });
    await orchestrator.tick();
    await orchestrator.tick();
    await fixture!.runEvent(EventTypes.runQueued, ofIssue('P-1'));
    assert.ok(!orchestrator.runsList().some((run) => run.issue_identifier === 'P-2'), 'no dispatch while the preflight fails');
    const stopped = await fixture!.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('P-1'));
    assert.equal(stopped.stop_reason, 'issue_inactive', 'reconciliation ran anyway');
    const failures = fixture!.events().filter((event) => event.type === OrchestratorEventTypes.preflightFailed);
    assert.equal(failures.length, 1, 'reported once, not every tick');
    assert.match(String((failures[0]!.payload.errors as string[])[0]), /WORKFLOW.md is invalid/);
    assert.deepEqual(orchestrator.preflightStatus().ok, false);
    fixture!.workflowProblem = undefined;
    await orchestrator.tick();
    assert.ok(orchestrator.runsList().some((run) => run.issue_identifier === 'P-2'));
    await waitForEvent(fixture!.journal, (event) => event.type === OrchestratorEventTypes.preflightRecovered);
  });
});
