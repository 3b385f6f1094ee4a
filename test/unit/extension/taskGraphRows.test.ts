import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeState } from '../../../extension/state/runtimeState.ts';
import { NO_FILTER } from '../../../extension/views/issueFilter.ts';
import { filteredNodeIds, issueRow, refreshTargets, visibleChildIds } from '../../../extension/views/taskGraphRows.ts';
import type { DashboardSnapshot } from '../../../host/protocol/index.ts';
import { EventTypes, SCHEMA_VERSION, taskGraphNodeId, UNASSIGNED_PROJECT_ID } from '../../../host/protocol/index.ts';
import { aMilestoneNode, anApproval, anEnvelope, anIssueNode, aPage, aProjectNode, aRun, nodeChanged } from '../../fakes/taskGraphBuilders.ts';

const P = taskGraphNodeId('project', 'p1');
const M = taskGraphNodeId('milestone', 'm1');
const NONE = taskGraphNodeId('project', UNASSIGNED_PROJECT_ID);

function aSnapshot(overrides: Partial<DashboardSnapshot> = {}): DashboardSnapshot {
  return {
    schema_version: SCHEMA_VERSION, seq: 5, generated_at: '2026-11-21T12:00:00.000Z',
    workflow: { path: '/w/WORKFLOW.md', loaded_at: null, error: null }, tracker: { kind: 'local', last_sync_at: null, error: null },
    issues: [], runs: [], approvals: [], counts: { running: 0, queued: 0, pending_approvals: 0 },
    codex_totals: { input_tokens: 0, output_tokens: 0, total_tokens: 0, seconds_running: 0 }, rate_limits: null, ...overrides,
  };
}

/** A-1 (running, approval pending) and A-2 in milestone m1; A-3 loose with sub-issue A-4; an empty "No project". */
function aState(): RuntimeState {
  const state = new RuntimeState();
  state.loadSnapshot(aSnapshot({ runs: [aRun({ id: 'run-1', issue_id: 'A-1', state: 'running' })], approvals: [anApproval({ run_id: 'run-1', issue_id: 'A-1' })] }));
  state.loadTaskGraph({
    seq: 10,
    pages: [
      aPage(aProjectNode('p1'), [aMilestoneNode('m1', 'p1', 1)], [
        anIssueNode('A-1', 'p1', M), anIssueNode('A-2', 'p1', M, { issue: { state: 'Done' } }),
        anIssueNode('A-3', 'p1', P), anIssueNode('A-4', 'p1', taskGraphNodeId('issue', 'A-3')),
      ]),
      aPage(aProjectNode(UNASSIGNED_PROJECT_ID, { order: [2] }), [], []),
    ],
  });
  return state;
}

describe('Task Graph rows', () => {
  it('levels: projects (an empty "No project" hidden), then milestones and loose issues, then sub-issues', () => {
    const state = aState();
    assert.deepEqual(visibleChildIds(state, null, undefined), [P]);
    assert.deepEqual(visibleChildIds(state, P, undefined), [M, 'issue:A-3']);
    assert.deepEqual(visibleChildIds(state, M, undefined), ['issue:A-1', 'issue:A-2']);
    assert.deepEqual(visibleChildIds(state, 'issue:A-3', undefined), ['issue:A-4']);
    assert.ok(state.graph.node(NONE), 'the synthetic project is still known');
  });

  it('an issue row joins the graph node with the latest run and its pending approval', () => {
    const state = aState();
    const row = issueRow(state, state.graph.issueNode('A-1')!, 0);
    assert.equal(row.run?.id, 'run-1');
    assert.equal(row.needsApproval, true);
    assert.equal(issueRow(state, state.graph.issueNode('A-3')!, 0).needsApproval, false);
  });

  it('a filter keeps matches and their ancestors only', () => {
    const state = aState();
    const visible = filteredNodeIds(state, { ...NO_FILTER, runtime: ['needs approval'] });
    assert.deepEqual([...visible].sort(), ['issue:A-1', M, P]);
    assert.deepEqual(visibleChildIds(state, null, visible), [P]);
    assert.deepEqual(visibleChildIds(state, P, visible), [M]);
    assert.deepEqual(visibleChildIds(state, M, visible), ['issue:A-1']);
  });

  it('a node event refreshes that row only; a run event refreshes its issue row', () => {
    const state = aState();
    const nodeEvent = state.apply([nodeChanged(11, anIssueNode('A-2', 'p1', M, { issue: { title: 'Renamed' } }))]);
    assert.deepEqual(refreshTargets(state, nodeEvent), { everything: false, nodeIds: new Set(['issue:A-2']) });
    const runEvent = state.apply([anEnvelope(12, EventTypes.runCompleted, { run: aRun({ id: 'run-1', issue_id: 'A-1', state: 'completed' }) })]);
    assert.deepEqual(refreshTargets(state, runEvent), { everything: false, nodeIds: new Set(['issue:A-1']) });
  });

  it('a moved issue refreshes both levels; a new project refreshes everything', () => {
    const state = aState();
    const moved = state.apply([nodeChanged(11, anIssueNode('A-2', 'p1', P))]);
    assert.deepEqual([...refreshTargets(state, moved).nodeIds].sort(), ['issue:A-2', M, P].sort());
    const project = state.apply([nodeChanged(12, aProjectNode('p2'))]);
    assert.equal(refreshTargets(state, project).everything, true);
  });
});
