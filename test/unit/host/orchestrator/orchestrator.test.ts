import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Orchestrator } from '../../../../host/orchestrator/orchestrator.ts';
import { ApprovalService } from '../../../../host/approvals/approvalService.ts';
import { WorkspaceManager } from '../../../../host/workspace/workspaceManager.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import type { EventJournal } from '../../../../host/journal/eventJournal.ts';
import type { Approval, Issue } from '../../../../host/protocol/index.ts';
import { EventTypes } from '../../../../host/protocol/index.ts';
import type { WorkflowDefinition } from '../../../../host/workflow/workflowConfig.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { MemoryTracker } from '../../../fakes/memoryTracker.ts';
import { ScriptedHarness, completed, type TurnScript } from '../../../fakes/scriptedHarness.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { aWorkflow } from '../../../fakes/workflowBuilder.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';

const silentLog = { log: () => undefined };

interface Fixture {
  orchestrator: Orchestrator;
  journal: EventJournal;
  tracker: MemoryTracker;
  harness: ScriptedHarness;
  approvals: ApprovalService;
  clock: ManualClock;
}

describe('Orchestrator', () => {
  let root: string;
  let fixture: Fixture | undefined;

  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'orchestrator-')); });
  afterEach(async () => {
    if (fixture) { await fixture.orchestrator.shutdown(); fixture.orchestrator.dispose(); await fixture.journal.close(); }
    fixture = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  function setup(issues: Issue[], script: TurnScript, frontMatter: Record<string, unknown> = {}): Fixture {
    const journal = openSqliteJournal(':memory:');
    const workflow: WorkflowDefinition = aWorkflow(join(root, 'workspaces'), frontMatter);
    const tracker = new MemoryTracker(issues);
    const harness = new ScriptedHarness(script);
    const approvals = new ApprovalService((event) => { void journal.append([event]); });
    const clock = new ManualClock();
    const orchestrator = new Orchestrator({
      journal, clock, log: silentLog, approvals,
      workspaces: new WorkspaceManager(() => undefined),
      workflow: () => workflow,
      tracker: () => tracker,
      harness: () => harness,
      renderPrompt: async (template, issue) => template.replace('{{ issue.identifier }}', issue.identifier).replace('{{ issue.title }}', issue.title),
      continuationPrompt: (turn, max) => `continue ${turn}/${max}`,
    });
    fixture = { orchestrator, journal, tracker, harness, approvals, clock };
    return fixture;
  }

  const runEvent = (type: string, identifier: string) => (event: { type: string; payload: Record<string, unknown> }) =>
    event.type === type && (event.payload.run as { issue_identifier?: string } | undefined)?.issue_identifier === identifier;

  it('dispatches active issues in priority order up to max_concurrent_agents', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const { orchestrator, journal } = setup([
      anIssue({ identifier: 'A-3', priority: 3 }),
      anIssue({ identifier: 'A-1', priority: 1 }),
      anIssue({ identifier: 'A-2', priority: 2 }),
      anIssue({ identifier: 'A-9', state: 'Backlog', priority: 1 }),
    ], async () => { await gate; return completed; }, { agent: { max_concurrent_agents: 2 } });

    await orchestrator.tick();
    const running = orchestrator.runsList().map((run) => run.issue_identifier);
    assert.deepEqual(running, ['A-1', 'A-2']);
    release();
    await waitForEvent(journal, runEvent(EventTypes.runCompleted, 'A-1'));
    await waitForEvent(journal, runEvent(EventTypes.runCompleted, 'A-2'));
    await orchestrator.tick();
    assert.ok(orchestrator.runsList().some((run) => run.issue_identifier === 'A-3'), 'the third issue runs once a slot is free');
    assert.ok(!orchestrator.runsList().some((run) => run.issue_identifier === 'A-9'), 'a non-active issue is never auto-dispatched');
  });

  it('runs a chosen issue on request and journals queued → started → completed with the correlation id', async () => {
    const { orchestrator, journal, harness } = setup([anIssue({ identifier: 'B-1', state: 'Backlog', title: 'Say hi' })], async (sink) => {
      sink.output('hello from the agent\n');
      sink.event({ type: EventTypes.agentMessage, summary: 'done', payload: { text: 'done' } });
      return completed;
    });

    const result = await orchestrator.dispatch('B-1', 'corr-1');
    assert.equal(result.accepted, true);
    const done = await waitForEvent(journal, runEvent(EventTypes.runCompleted, 'B-1'));
    const types = journal.read(0, 100).map((event) => event.type);
    assert.deepEqual(types.filter((type) => type.startsWith('run.')), [EventTypes.runQueued, EventTypes.runStarted, EventTypes.runCompleted]);
    assert.equal(journal.read(0, 100).find((event) => event.type === EventTypes.runQueued)?.correlation_id, 'corr-1');
    assert.deepEqual(harness.inputs, ['Work on B-1: Say hi'], 'one turn: the issue left the active states');
    const run = done.payload.run as { workspace_path: string; terminal_stream_id: string; turn_count: number };
    assert.ok(existsSync(run.workspace_path), 'the workspace exists');
    assert.equal(run.workspace_path, join(root, 'workspaces', 'B-1'));
    const terminal = Buffer.concat(journal.readTerminal(run.terminal_stream_id, 0, 100).map((chunk) => Buffer.from(chunk.data))).toString();
    assert.match(terminal, /hello from the agent/);
    assert.match(terminal, /run completed after 1 turn/);
    assert.equal(harness.sessionsDisposed, 1);
  });

  it('continues with continuation guidance while the issue stays active, up to max_turns', async () => {
    const { orchestrator, journal, harness } = setup([anIssue({ identifier: 'C-1' })], async () => completed, { agent: { max_turns: 3 } });
    await orchestrator.dispatch('C-1', null);
    await waitForEvent(journal, runEvent(EventTypes.runCompleted, 'C-1'));
    assert.deepEqual(harness.inputs, ['Work on C-1: Title of C-1', 'continue 2/3', 'continue 3/3']);
    assert.equal(harness.sessionsStarted, 1, 'turns share one session');
  });

  it('takes token totals as absolute thread totals, never adding them twice', async () => {
    const { orchestrator, journal } = setup([anIssue({ identifier: 'T-1', state: 'Backlog' })], async (sink) => {
      sink.event({ type: EventTypes.tokensUpdated, summary: '', payload: { input_tokens: 100, output_tokens: 10, total_tokens: 110 } });
      sink.event({ type: EventTypes.tokensUpdated, summary: '', payload: { input_tokens: 250, output_tokens: 30, total_tokens: 280 } });
      return completed;
    });
    await orchestrator.dispatch('T-1', null);
    const done = await waitForEvent(journal, runEvent(EventTypes.runCompleted, 'T-1'));
    assert.deepEqual((done.payload.run as { tokens: unknown }).tokens, { input_tokens: 250, output_tokens: 30, total_tokens: 280 });
    assert.equal(orchestrator.totals().total_tokens, 280);
  });

  it('marks the run failed with the turn error and frees the slot', async () => {
    const { orchestrator, journal } = setup([anIssue({ identifier: 'D-1' })], async () => ({ status: 'failed', turnId: 't', error: { code: 'turn_failed', message: 'model said no' } }));
    await orchestrator.dispatch('D-1', null);
    const failed = await waitForEvent(journal, runEvent(EventTypes.runFailed, 'D-1'));
    assert.equal((failed.payload.run as { error: string }).error, 'turn_failed: model said no');
    assert.equal(orchestrator.runsList().filter((run) => run.state === 'running').length, 0);
  });

  it('rejects a start for a terminal issue and for an issue that already runs', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const { orchestrator, journal } = setup([anIssue({ identifier: 'E-1', state: 'Done' }), anIssue({ identifier: 'E-2', state: 'Backlog' })], async () => { await gate; return completed; });
    const terminal = await orchestrator.dispatch('E-1', null);
    assert.deepEqual(terminal, { accepted: false, reason: 'E-1 is in a terminal state (Done)' });
    assert.equal((await orchestrator.dispatch('E-2', null)).accepted, true);
    const again = await orchestrator.dispatch('E-2', null);
    assert.equal(again.accepted, false);
    assert.match((again as { reason: string }).reason, /already has a running run/);
    assert.equal((await orchestrator.dispatch('NOPE', null)).accepted, false);
    release();
    await waitForEvent(journal, runEvent(EventTypes.runCompleted, 'E-2'));
  });

  it('holds a turn on an approval until a human decides, and passes the decision to the harness', async () => {
    const verdicts: string[] = [];
    const { orchestrator, journal, approvals } = setup([anIssue({ identifier: 'F-1', state: 'Backlog' })], async (sink) => {
      verdicts.push(await sink.requestApproval({ kind: 'command', command: 'rm -rf build', cwd: '/w', files: [], reason: null }));
      return completed;
    });
    await orchestrator.dispatch('F-1', null);
    const requested = await waitForEvent(journal, (event) => event.type === EventTypes.approvalRequested);
    const approval = requested.payload.approval as Approval;
    assert.equal(approval.command, 'rm -rf build');
    assert.equal(approvals.pendingCount(), 1);
    approvals.decide(approval.id, 'deny', 'corr-deny');
    await waitForEvent(journal, runEvent(EventTypes.runCompleted, 'F-1'));
    assert.deepEqual(verdicts, ['deny']);
    const resolved = await waitForEvent(journal, (event) => event.type === EventTypes.approvalResolved);
    assert.equal(resolved.correlation_id, 'corr-deny');
    assert.throws(() => approvals.decide(approval.id, 'approve', null), /not pending/);
  });

  it('reports a tracker failure once and recovers on the next good fetch', async () => {
    const { orchestrator, journal, tracker } = setup([anIssue({ identifier: 'G-1', state: 'Backlog' })], async () => completed);
    tracker.failNext = new Error('tracker down');
    await orchestrator.tick();
    assert.equal(orchestrator.trackerStatus().error, 'tracker down');
    await orchestrator.tick();
    assert.equal(orchestrator.trackerStatus().error, null);
    await waitForEvent(journal, (event) => event.type === EventTypes.trackerSynced);
    const types = journal.read(0, 100).map((event) => event.type);
    assert.deepEqual(types, [EventTypes.trackerFailed, EventTypes.trackerSynced]);
  });

  it('polls again after polling.interval_ms on its clock', async () => {
    const { orchestrator, journal, tracker, clock } = setup([], async () => completed, { polling: { interval_ms: 5_000 } });
    orchestrator.start();
    clock.advance(0);
    await orchestrator.tick(); // queued behind the first poll, so that poll (and its rescheduling) is done
    assert.equal(clock.pendingTimers, 1, 'the next poll is scheduled');
    tracker.set(anIssue({ identifier: 'H-1', state: 'Backlog' }));
    clock.advance(5_000);
    const synced = await waitForEvent(journal, (event) => event.type === EventTypes.trackerSynced && JSON.stringify(event.payload).includes('H-1'));
    assert.equal((synced.payload.upserted as Issue[])[0]?.identifier, 'H-1');
  });
});
