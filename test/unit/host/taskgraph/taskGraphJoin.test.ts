// The task graph joins the tracker's projects and milestones with the issues the orchestrator
// journals in `tracker.synced`: placement, parents, child counts, sibling order and paging.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { compareTaskGraphOrder, ProjectListSchema, TaskGraphPageSchema, UNASSIGNED_PROJECT_ID } from '../../../../host/protocol/index.ts';
import type { TaskGraphNode } from '../../../../host/protocol/index.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { aMilestone, aProject, synced, TaskGraphHarness } from './taskGraphHarness.ts';

describe('task graph: joining tracker structure and issues', () => {
  let harness: TaskGraphHarness;
  beforeEach(() => { harness = new TaskGraphHarness(); });
  afterEach(() => harness.close());

  const api = anIssue({ identifier: 'OS-1', project_id: 'p1', milestone_id: 'm-late', priority: 2 });
  const docs = anIssue({ identifier: 'OS-2', project_id: 'p1', priority: 1 });
  const apiTests = anIssue({ identifier: 'OS-3', project_id: 'p1', milestone_id: 'm-late', parent_id: 'OS-1' });
  const loose = anIssue({ identifier: 'OS-4' });

  it('places issues under their parent issue, milestone or project, with child counts', async () => {
    harness.tracker.setStructure({ projects: [aProject('p1', 'Payments')], milestones: [aMilestone('m-late', 'p1', 2), aMilestone('m-early', 'p1', 1)] });
    await harness.append(synced([api, docs, apiTests, loose]));
    await harness.start();

    const page = TaskGraphPageSchema.parse(harness.graph.projectGraph('p1', { cursor: null, limit: 100 }));
    assert.equal(page.project.project.name, 'Payments');
    assert.equal(page.project.placeholder, false);
    assert.equal(page.project.child_count, 3, 'two milestones and the issue without one');
    assert.deepEqual(page.milestones.map((node) => [node.id, node.parent_node_id, node.child_count]), [['m-early', 'project:p1', 0], ['m-late', 'project:p1', 1]]);
    const parents = Object.fromEntries(page.issues.map((node) => [node.id, node.parent_node_id]));
    assert.deepEqual(parents, { 'OS-1': 'milestone:m-late', 'OS-2': 'project:p1', 'OS-3': 'issue:OS-1' });
    assert.equal(page.issues.find((node) => node.id === 'OS-1')?.child_count, 1);
    assert.equal(page.project.counts.issues, 3, 'sub-issues count toward their project');
    assert.equal(page.milestones[1]?.counts.issues, 2);
    assert.equal(page.total_issues, 3);
    assert.equal(page.next_cursor, null);
  });

  it('lists projects with counts, and puts issues without a project in a synthetic one', async () => {
    harness.tracker.setStructure({ projects: [aProject('p1', 'Payments'), aProject('p2', 'Empty')], milestones: [] });
    await harness.append(synced([api, docs, apiTests, loose]));
    await harness.start();

    const list = ProjectListSchema.parse(harness.graph.listProjects());
    assert.deepEqual(list.projects.map((node) => [node.id, node.counts.issues, node.placeholder]), [
      ['p2', 0, false], ['p1', 3, false], [UNASSIGNED_PROJECT_ID, 1, true],
    ]);
    assert.equal(list.seq, harness.graph.seq);
    const unassigned = harness.graph.projectGraph(UNASSIGNED_PROJECT_ID, { cursor: null, limit: 10 });
    assert.deepEqual(unassigned?.issues.map((node) => node.parent_node_id), [`project:${UNASSIGNED_PROJECT_ID}`]);
    assert.equal(harness.graph.projectGraph('nope', { cursor: null, limit: 10 }), undefined);
  });

  it('shows placeholders for projects and milestones the tracker did not describe', async () => {
    await harness.append(synced([api, docs]));
    await harness.start();

    const page = harness.graph.projectGraph('p1', { cursor: null, limit: 10 });
    assert.equal(page?.project.placeholder, true);
    assert.equal(page?.project.project.name, 'p1');
    assert.deepEqual(page?.milestones.map((node) => [node.id, node.placeholder]), [['m-late', true]]);
  });

  it('orders siblings by priority, then age, then identifier with numbers compared as numbers', async () => {
    const issues = [
      anIssue({ identifier: 'OS-10', project_id: 'p1' }),
      anIssue({ identifier: 'OS-9', project_id: 'p1' }),
      anIssue({ identifier: 'OS-11', project_id: 'p1', priority: 3 }),
      anIssue({ identifier: 'OS-12', project_id: 'p1', created_at: '2026-01-01T00:00:00.000Z' }),
    ];
    await harness.append(synced(issues));
    await harness.start();

    const page = harness.graph.projectGraph('p1', { cursor: null, limit: 10 });
    assert.deepEqual(page?.issues.map((node) => node.id), ['OS-11', 'OS-12', 'OS-9', 'OS-10']);
    const sorted = [...(page?.issues ?? [])].reverse().sort((a: TaskGraphNode, b: TaskGraphNode) => compareTaskGraphOrder(a.order, b.order));
    assert.deepEqual(sorted.map((node) => node.id), ['OS-11', 'OS-12', 'OS-9', 'OS-10'], 'clients sort with compareTaskGraphOrder alone');
  });

  it('pages issues with a cursor that survives changes between pages', async () => {
    const issues = ['OS-1', 'OS-2', 'OS-3', 'OS-4', 'OS-5'].map((identifier) => anIssue({ identifier, project_id: 'p1' }));
    await harness.append(synced(issues));
    await harness.start();

    const first = harness.graph.projectGraph('p1', { cursor: null, limit: 2 });
    assert.deepEqual(first?.issues.map((node) => node.id), ['OS-1', 'OS-2']);
    assert.ok(first?.next_cursor);
    await harness.append(synced([], ['OS-2']));
    const second = harness.graph.projectGraph('p1', { cursor: first.next_cursor, limit: 2 });
    assert.deepEqual(second?.issues.map((node) => node.id), ['OS-3', 'OS-4'], 'the removed last issue of a page does not shift the next one');
    const third = harness.graph.projectGraph('p1', { cursor: second?.next_cursor ?? null, limit: 2 });
    assert.deepEqual(third?.issues.map((node) => node.id), ['OS-5']);
    assert.equal(third?.next_cursor, null);
    assert.throws(() => harness.graph.projectGraph('p1', { cursor: 'not-a-cursor', limit: 2 }), { code: 'invalid_cursor' });
  });

  it('keeps every issue reachable when parent links form a cycle', async () => {
    const a = anIssue({ identifier: 'OS-1', project_id: 'p1', parent_id: 'OS-2' });
    const b = anIssue({ identifier: 'OS-2', project_id: 'p1', parent_id: 'OS-1' });
    const child = anIssue({ identifier: 'OS-3', project_id: 'p1', parent_id: 'OS-1' });
    await harness.append(synced([a, b, child]));
    await harness.start();

    const parents = Object.fromEntries(harness.graph.projectGraph('p1', { cursor: null, limit: 10 })?.issues.map((node) => [node.id, node.parent_node_id]) ?? []);
    assert.deepEqual(parents, { 'OS-1': 'project:p1', 'OS-2': 'project:p1', 'OS-3': 'issue:OS-1' });
  });

  it('attaches a sub-issue of another project to its own project', async () => {
    const parent = anIssue({ identifier: 'OS-1', project_id: 'p1' });
    const child = anIssue({ identifier: 'OS-2', project_id: 'p2', parent_id: 'OS-1' });
    await harness.append(synced([parent, child]));
    await harness.start();

    assert.equal(harness.issueNode('OS-2', 'p2').parent_node_id, 'project:p2');
    assert.equal(harness.issueNode('OS-1', 'p1').child_count, 0);
  });
});
