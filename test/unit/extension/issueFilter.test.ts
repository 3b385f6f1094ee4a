import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeFilter, isFiltering, matchesFilter, NO_FILTER, runtimeStateOf, UNASSIGNED, visibleNodeIds } from '../../../extension/views/issueFilter.ts';
import type { TaskGraphNode } from '../../../host/protocol/index.ts';
import { taskGraphNodeId } from '../../../host/protocol/index.ts';
import { anIssue } from '../../fakes/issueBuilder.ts';
import { aMilestoneNode, anIssueNode, aProjectNode, aRun } from '../../fakes/taskGraphBuilders.ts';

describe('Task Graph filter', () => {
  const parent = anIssue({ identifier: 'P-1', state: 'In Progress', labels: ['web'], assignee: 'Ada' });
  const child = anIssue({ identifier: 'C-1', state: 'Todo', labels: ['copy'], parent_id: 'P-1' });
  const other = anIssue({ identifier: 'O-1', state: 'Done' });

  it('matches everything when nothing is chosen', () => {
    assert.equal(isFiltering(NO_FILTER), false);
    assert.ok(matchesFilter(NO_FILTER, other, 'no run'));
  });

  it('requires every chosen criterion, each matched case-insensitively', () => {
    const filter = { ...NO_FILTER, states: ['todo'], labels: ['Copy'] };
    assert.ok(matchesFilter(filter, child, 'no run'));
    assert.ok(!matchesFilter(filter, parent, 'no run'));
    assert.ok(!matchesFilter({ ...filter, runtime: ['running'] }, child, 'completed'));
    assert.ok(matchesFilter({ ...filter, runtime: ['running'] }, child, 'running'));
  });

  it('filters by assignee, with a choice for unassigned issues', () => {
    assert.ok(matchesFilter({ ...NO_FILTER, assignees: ['Ada'] }, parent, 'no run'));
    assert.ok(!matchesFilter({ ...NO_FILTER, assignees: ['Ada'] }, child, 'no run'));
    assert.ok(matchesFilter({ ...NO_FILTER, assignees: [UNASSIGNED] }, child, 'no run'));
    assert.ok(isFiltering({ ...NO_FILTER, assignees: ['Ada'] }));
  });

  it('the run-state facet follows the row overlay: approval, live run, blocked, last run, no run', () => {
    assert.equal(runtimeStateOf(aRun({ state: 'running' }), true, true), 'needs approval');
    assert.equal(runtimeStateOf(aRun({ state: 'queued' }), false, true), 'queued');
    assert.equal(runtimeStateOf(aRun({ state: 'failed' }), false, true), 'blocked');
    assert.equal(runtimeStateOf(aRun({ state: 'failed' }), false, false), 'failed');
    assert.equal(runtimeStateOf(undefined, false, false), 'no run');
  });

  it('keeps the ancestors of a matching sub-issue visible: parent issue, milestone, project', () => {
    const nodes: TaskGraphNode[] = [
      aProjectNode('p1'), aMilestoneNode('m1', 'p1', 1), aMilestoneNode('m2', 'p1', 2),
      anIssueNode('P-1', 'p1', taskGraphNodeId('milestone', 'm1'), { issue: parent }),
      anIssueNode('C-1', 'p1', taskGraphNodeId('issue', 'P-1'), { issue: child }),
      anIssueNode('O-1', 'p1', taskGraphNodeId('milestone', 'm2'), { issue: other }),
    ];
    const byId = new Map(nodes.map((node) => [node.node_id, node]));
    const issues = nodes.filter((node) => node.kind === 'issue');
    const visible = visibleNodeIds(issues, (id) => byId.get(id), (node) => matchesFilter({ ...NO_FILTER, states: ['Todo'] }, node.issue, 'no run'));
    assert.deepEqual([...visible].sort(), ['issue:C-1', 'issue:P-1', 'milestone:m1', 'project:p1']);
  });

  it('describes itself for the view title', () => {
    assert.equal(describeFilter({ states: ['Todo'], labels: ['web'], assignees: ['Ada'], runtime: ['failed'] }), 'Todo, #web, @Ada, failed');
  });
});
