import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeState } from '../../../extension/state/runtimeState.ts';
import type { Approval, DashboardSnapshot, EventEnvelope, Run } from '../../../host/protocol/index.ts';
import { EventTypes, SCHEMA_VERSION } from '../../../host/protocol/index.ts';
import { anIssue } from '../../fakes/issueBuilder.ts';
import { anIssueNode, aPage, aProjectNode, nodeChanged } from '../../fakes/taskGraphBuilders.ts';

function aRun(overrides: Partial<Run>): Run {
  return {
    id: 'run-1', issue_id: 'A-1', issue_identifier: 'A-1', state: 'queued', attempt: null, workspace_path: null,
    terminal_stream_id: 'run-run-1', thread_id: null, turn_count: 0, max_turns: 20, queued_at: '2026-11-21T12:00:00.000Z',
    started_at: null, ended_at: null, error: null, tokens: { input_tokens: 0, output_tokens: 0, total_tokens: 0 }, ...overrides,
  };
}

function anApproval(overrides: Partial<Approval>): Approval {
  return {
    id: 'ap-1', run_id: 'run-1', issue_id: 'A-1', issue_identifier: 'A-1', kind: 'command', command: 'ls', cwd: '/w', files: [],
    reason: null, state: 'pending', requested_at: '2026-11-21T12:00:00.000Z', decided_at: null, ...overrides,
  };
}

function aSnapshot(overrides: Partial<DashboardSnapshot>): DashboardSnapshot {
  return {
    schema_version: SCHEMA_VERSION, seq: 10, generated_at: '2026-11-21T12:00:00.000Z',
    workflow: { path: '/w/WORKFLOW.md', loaded_at: null, error: null }, tracker: { kind: 'local', last_sync_at: null, error: null },
    issues: [], runs: [], approvals: [], counts: { running: 0, queued: 0, pending_approvals: 0 },
    codex_totals: { input_tokens: 0, output_tokens: 0, total_tokens: 0, seconds_running: 0 }, rate_limits: null, ...overrides,
  };
}

let nextSeq = 11;
function anEvent(type: string, payload: Record<string, unknown>, seq = nextSeq++): EventEnvelope {
  return { id: `e${seq}`, seq, schema_version: 1, type, timestamp: '2026-11-21T12:00:00.000Z', actor: { kind: 'host' }, correlation_id: null, entity_refs: [], summary: '', payload, raw_ref: null };
}

describe('RuntimeState', () => {
  it('loads a snapshot and reports every issue and pending approval as changed', () => {
    const state = new RuntimeState();
    const change = state.loadSnapshot(aSnapshot({ issues: [anIssue({ identifier: 'A-1' })], runs: [aRun({})], approvals: [anApproval({})] }));
    assert.equal(change.structure, true);
    assert.deepEqual([...change.issues], ['A-1']);
    assert.equal(change.approvalsRequested.length, 1);
    assert.equal(state.runForIssue('A-1')?.id, 'run-1');
    assert.equal(state.seq, 10);
  });

  it('applies run events as whole DTOs and reports only the touched issue', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ issues: [anIssue({ identifier: 'A-1' }), anIssue({ identifier: 'A-2' })] }));
    const change = state.apply([anEvent(EventTypes.runStarted, { run: aRun({ state: 'running' }) })]);
    assert.equal(change.structure, false);
    assert.deepEqual([...change.issues], ['A-1']);
    assert.equal(state.runForIssue('A-1')?.state, 'running');
  });

  it('ignores events at or below its cursor, so a replay after a snapshot is harmless', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ seq: 50, runs: [aRun({ state: 'completed' })] }));
    const change = state.apply([anEvent(EventTypes.runStarted, { run: aRun({ state: 'running' }) }, 49)]);
    assert.equal(change.runs.length, 0);
    assert.equal(state.runForIssue('A-1')?.state, 'completed');
  });

  it('finds a run\'s pending approval by index, and forgets it once decided', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ seq: 0, approvals: [anApproval({ id: 'a', run_id: 'run-1' }), anApproval({ id: 'b', run_id: 'run-2', state: 'approved' })] }));
    assert.equal(state.pendingApprovalFor('run-1')?.id, 'a');
    assert.equal(state.pendingApprovalFor('run-2'), undefined);
    state.apply([anEvent(EventTypes.approvalResolved, { approval: anApproval({ id: 'a', run_id: 'run-1', state: 'denied' }) })]);
    assert.equal(state.pendingApprovalFor('run-1'), undefined);
  });

  it('keeps its own cursor for the task graph, whose pages may be newer than the snapshot', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ seq: 100 }));
    state.loadTaskGraph({ seq: 120, pages: [aPage(aProjectNode('p1'), [], [anIssueNode('A-1', 'p1', 'project:p1', { issue: { title: 'new' } })], 120)] });
    const replayed = state.apply([nodeChanged(110, anIssueNode('A-1', 'p1', 'project:p1', { issue: { title: 'old' } }))]);
    assert.equal(replayed.graph.nodes.size, 0);
    assert.equal(state.graph.issueNode('A-1')?.issue.title, 'new');
    const live = state.apply([nodeChanged(121, anIssueNode('A-1', 'p1', 'project:p1', { issue: { title: 'newer' } }))]);
    assert.deepEqual([...live.graph.nodes], ['issue:A-1']);
    assert.equal(state.graph.issueNode('A-1')?.issue.title, 'newer');
  });

  it('says why the task graph could not be read, until a load succeeds', () => {
    const state = new RuntimeState();
    state.failTaskGraph('host refused the connection');
    assert.equal(state.graphError, 'host refused the connection');
    state.loadTaskGraph({ seq: 0, pages: [] });
    assert.equal(state.graphError, null);
  });

  it('keeps the newest run per issue as the one to show', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ seq: 0 }));
    state.apply([
      anEvent(EventTypes.runQueued, { run: aRun({ id: 'new', queued_at: '2026-11-21T13:00:00.000Z' }) }),
      anEvent(EventTypes.runCompleted, { run: aRun({ id: 'old', state: 'completed', queued_at: '2026-11-21T11:00:00.000Z' }) }),
    ]);
    assert.equal(state.runForIssue('A-1')?.id, 'new');
  });

  it('tracks tracker sync: new and re-parented issues change the structure, removed ones disappear', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ seq: 0, issues: [anIssue({ identifier: 'P-1' }), anIssue({ identifier: 'C-1' })] }));
    const retitled = state.apply([anEvent(EventTypes.trackerSynced, { upserted: [anIssue({ identifier: 'C-1', title: 'new title' })], removed: [] })]);
    assert.equal(retitled.structure, false);
    const reparented = state.apply([anEvent(EventTypes.trackerSynced, { upserted: [anIssue({ identifier: 'C-1', parent_id: 'P-1' })], removed: [] })]);
    assert.equal(reparented.structure, true);
    const removed = state.apply([anEvent(EventTypes.trackerSynced, { upserted: [], removed: ['P-1'] })]);
    assert.equal(removed.structure, true);
    assert.equal(state.issues.has('P-1'), false);
  });

  it('separates requested from resolved approvals and drops unknown event types', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ seq: 0 }));
    const requested = state.apply([anEvent(EventTypes.approvalRequested, { approval: anApproval({}) }), anEvent('something.new', { any: 1 })]);
    assert.equal(requested.approvalsRequested.length, 1);
    assert.equal(state.pendingApprovalFor('run-1')?.id, 'ap-1');
    const resolved = state.apply([anEvent(EventTypes.approvalResolved, { approval: anApproval({ state: 'approved' }) })]);
    assert.equal(resolved.approvalsResolved.length, 1);
    assert.equal(state.pendingApprovals().length, 0);
  });

  it('records a workflow error from workflow.invalid events', () => {
    const state = new RuntimeState();
    state.loadSnapshot(aSnapshot({ seq: 0 }));
    state.apply([anEvent(EventTypes.workflowInvalid, { workflow: { path: '/w/WORKFLOW.md', loaded_at: null, error: { code: 'workflow_parse_error', message: 'bad', line: 3 } } })]);
    assert.equal(state.workflow?.error?.line, 3);
  });
});
