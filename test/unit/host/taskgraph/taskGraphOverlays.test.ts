// Runtime overlays come from journal events: runs, turns, tokens, approvals, retries, and the
// eligibility the orchestrator's own rules give.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { aConfig, agentEvent, approvalEvent, runEvent, synced, TaskGraphHarness, VOLATILE_DELAY_MS } from './taskGraphHarness.ts';

const issue = anIssue({ identifier: 'OS-1', project_id: 'p1', state: 'In Progress' });

describe('task graph: runtime overlays from journal events', () => {
  let harness: TaskGraphHarness;
  beforeEach(async () => {
    harness = new TaskGraphHarness();
    await harness.append(synced([issue]));
    await harness.start();
  });
  afterEach(() => harness.close());

  it('follows a run from queued through turns, tokens and approvals to its outcome', async () => {
    assert.equal(harness.issueNode('OS-1', 'p1').runtime.status, 'eligible');

    await harness.append(runEvent(EventTypes.runQueued, issue, { id: 'r1' }));
    assert.equal(harness.issueNode('OS-1', 'p1').runtime.status, 'queued');

    await harness.append(runEvent(EventTypes.runStarted, issue, { id: 'r1', state: 'running', started_at: '2026-11-21T12:00:01.000Z', workspace_path: '/ws/OS-1' }));
    await harness.append(agentEvent(EventTypes.turnStarted, issue, 'r1', { turn_number: 2 }));
    await harness.append(agentEvent(EventTypes.tokensUpdated, issue, 'r1', { input_tokens: 10, output_tokens: 5, total_tokens: 15 }));
    const [requested] = await harness.append(approvalEvent(EventTypes.approvalRequested, issue, 'r1', 'a1', 'pending'));
    let runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.equal(runtime.status, 'running');
    assert.deepEqual(runtime.active_run, {
      id: 'r1', state: 'running', attempt: null, turn: 2, max_turns: 20, queued_at: '2026-11-21T12:00:00.000Z',
      started_at: '2026-11-21T12:00:01.000Z', terminal_stream_id: 'run-r1', paused: false,
    });
    assert.equal(runtime.workspace_path, '/ws/OS-1');
    assert.deepEqual(runtime.tokens, { input_tokens: 10, output_tokens: 5, total_tokens: 15 });
    assert.equal(runtime.pending_approvals, 1);
    assert.equal(runtime.last_event_seq, requested?.seq);
    assert.equal(harness.graph.projectGraph('p1', { cursor: null, limit: 10 })?.project.counts.pending_approvals, 1);

    await harness.append(approvalEvent(EventTypes.approvalResolved, issue, 'r1', 'a1', 'approved'));
    await harness.append(runEvent(EventTypes.runFailed, issue, { id: 'r1', state: 'failed', error: 'turn_failed: boom', ended_at: '2026-11-21T12:05:00.000Z', tokens: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } }));
    runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.equal(runtime.pending_approvals, 0);
    assert.equal(runtime.active_run, null);
    assert.deepEqual(runtime.last_outcome, { run_id: 'r1', state: 'failed', error: 'turn_failed: boom', ended_at: '2026-11-21T12:05:00.000Z' });
    assert.equal(runtime.run_count, 1);
    assert.equal(harness.graph.projectGraph('p1', { cursor: null, limit: 10 })?.project.counts.failed, 1);
  });

  it('a paused run stays running and says it is paused until resumed', async () => {
    await harness.append(runEvent(EventTypes.runStarted, issue, { id: 'r1', state: 'running' }));
    await harness.append(runEvent(EventTypes.runPaused, issue, { id: 'r1', state: 'running', paused: true }));
    let runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.equal(runtime.status, 'running');
    assert.equal(runtime.active_run?.paused, true);

    await harness.append(runEvent(EventTypes.runResumed, issue, { id: 'r1', state: 'running', paused: false }));
    runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.equal(runtime.active_run?.paused, false);
  });

  it('shows a scheduled retry, counts retries once each, and clears it when the next run is queued', async () => {
    const retry = { kind: 'failure' as const, attempt: 1, due_at: '2026-11-21T12:10:00.000Z', error: 'turn_failed: boom' };
    const retrying = runEvent('run.retrying', issue, { id: 'r1', state: 'retrying', error: 'turn_failed: boom', retry });
    await harness.append(retrying);
    await harness.append(retrying);

    let runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.equal(runtime.status, 'retrying');
    assert.equal(runtime.status_reason, 'turn_failed: boom');
    assert.deepEqual(runtime.retry, retry);
    assert.equal(runtime.retry_count, 1, 'the same retry journaled twice counts once');
    assert.equal(runtime.last_outcome?.state, 'failed');

    await harness.append(runEvent(EventTypes.runQueued, issue, { id: 'r2', attempt: 1, queued_at: '2026-11-21T12:10:00.000Z' }));
    runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.equal(runtime.status, 'queued');
    assert.equal(runtime.retry, null);
    assert.equal(runtime.retry_count, 1);
    assert.equal(runtime.active_run?.attempt, 1);
  });

  it('sums tokens over the runs of an issue, each run counted by its latest totals', async () => {
    await harness.append(runEvent(EventTypes.runStarted, issue, { id: 'r1', state: 'running' }));
    await harness.append(agentEvent(EventTypes.tokensUpdated, issue, 'r1', { input_tokens: 10, output_tokens: 1, total_tokens: 11 }));
    await harness.append(agentEvent(EventTypes.tokensUpdated, issue, 'r1', { input_tokens: 20, output_tokens: 2, total_tokens: 22 }));
    await harness.append(runEvent(EventTypes.runCompleted, issue, { id: 'r1', state: 'completed' }));
    await harness.append(runEvent(EventTypes.runStarted, issue, { id: 'r2', state: 'running', queued_at: '2026-11-21T12:30:00.000Z' }));
    await harness.append(agentEvent(EventTypes.tokensUpdated, issue, 'r2', { input_tokens: 5, output_tokens: 5, total_tokens: 10 }));

    const runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.deepEqual(runtime.tokens, { input_tokens: 25, output_tokens: 7, total_tokens: 32 });
    assert.equal(runtime.last_outcome?.state, 'completed');
    assert.equal(runtime.active_run?.id, 'r2');
  });

  it('tolerates event types it does not know: they only move last_event_seq', async () => {
    const [unknown] = await harness.append({ type: 'run.something_new', actor: { kind: 'orchestrator' }, summary: 'new', payload: { shape: 'unheard of' }, entity_refs: [{ kind: 'issue', id: 'OS-1' }] });
    harness.clock.advance(VOLATILE_DELAY_MS);
    await harness.settle();

    const runtime = harness.issueNode('OS-1', 'p1').runtime;
    assert.equal(runtime.status, 'eligible');
    assert.equal(runtime.last_event_seq, unknown?.seq);
  });
});

describe('task graph: issue status follows the orchestrator rules', () => {
  let harness: TaskGraphHarness;
  beforeEach(() => { harness = new TaskGraphHarness(); });
  afterEach(() => harness.close());

  it('tells done, inactive, ineligible, blocked and container issues apart', async () => {
    harness.config = aConfig({ required_labels: ['agent'] });
    const done = anIssue({ identifier: 'OS-1', project_id: 'p1', state: 'Done', labels: ['agent'] });
    const backlog = anIssue({ identifier: 'OS-2', project_id: 'p1', state: 'Backlog', labels: ['agent'] });
    const unlabeled = anIssue({ identifier: 'OS-3', project_id: 'p1' });
    const blocked = anIssue({ identifier: 'OS-4', project_id: 'p1', labels: ['agent'], blocked_by: [{ id: 'OS-2', identifier: 'OS-2', state: 'Todo' }, { id: 'OS-1', identifier: 'OS-1', state: 'Todo' }] });
    const container = anIssue({ identifier: 'OS-5', project_id: 'p1', labels: ['agent'] });
    const child = anIssue({ identifier: 'OS-6', project_id: 'p1', labels: ['agent'], parent_id: 'OS-5' });
    await harness.append(synced([done, backlog, unlabeled, blocked, container, child]));
    await harness.start();

    const status = (id: string) => { const { status, status_reason } = harness.issueNode(id, 'p1').runtime; return [status, status_reason]; };
    assert.deepEqual(status('OS-1'), ['done', null]);
    assert.deepEqual(status('OS-2'), ['inactive', 'state Backlog is not an active state']);
    assert.deepEqual(status('OS-3'), ['ineligible', 'lacks the required label(s) "agent"']);
    assert.deepEqual(status('OS-4'), ['blocked', 'is blocked by OS-2']);
    assert.deepEqual(status('OS-5'), ['blocked', 'has open sub-issues (OS-6)']);
    assert.deepEqual(status('OS-6'), ['eligible', null]);
    assert.deepEqual(harness.issueNode('OS-4', 'p1').runtime.blockers, [
      { id: 'OS-2', identifier: 'OS-2', state: 'Backlog', terminal: false },
      { id: 'OS-1', identifier: 'OS-1', state: 'Done', terminal: true },
    ], 'a blocker shows its own current state, not the copy in blocked_by');
    const counts = harness.graph.listProjects().projects[0]?.counts;
    assert.deepEqual(counts, { issues: 6, eligible: 1, blocked: 2, queued: 0, running: 0, retrying: 0, failed: 0, done: 1, pending_approvals: 0 });
  });

  it('says unknown until a workflow is loaded', async () => {
    harness.config = undefined;
    await harness.append(synced([anIssue({ identifier: 'OS-1', project_id: 'p1' })]));
    await harness.start();

    assert.deepEqual(harness.issueNode('OS-1', 'p1').runtime.status, 'unknown');
  });
});
