import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TaskGraphState } from '../../../extension/state/taskGraphState.ts';
import { taskGraphNodeId } from '../../../host/protocol/index.ts';
import { aMilestoneNode, aPage, anIssueNode, aProjectNode, nodeChanged, nodeRemoved } from '../../fakes/taskGraphBuilders.ts';

const P = taskGraphNodeId('project', 'p1');
const M1 = taskGraphNodeId('milestone', 'm1');
const M2 = taskGraphNodeId('milestone', 'm2');
const issue = (identifier: string) => taskGraphNodeId('issue', identifier);

/** One project: milestones m2 (sort 2) and m1 (sort 1), A-3 and A-1 in m1, A-2 loose, A-4 under A-1. */
function loadedGraph(): TaskGraphState {
  const graph = new TaskGraphState();
  graph.load({
    seq: 10,
    pages: [aPage(aProjectNode('p1'), [aMilestoneNode('m2', 'p1', 2), aMilestoneNode('m1', 'p1', 1)], [
      anIssueNode('A-3', 'p1', M1), anIssueNode('A-1', 'p1', M1), anIssueNode('A-2', 'p1', P), anIssueNode('A-4', 'p1', issue('A-1')),
    ])],
  });
  return graph;
}

describe('TaskGraphState', () => {
  it('builds project → milestone → issue → sub-issue levels in sibling order', () => {
    const graph = loadedGraph();
    assert.deepEqual(graph.childIds(null), [P]);
    assert.deepEqual(graph.childIds(P), [M1, M2, issue('A-2')], 'milestones (order group 0) before loose issues (group 2), by sort order');
    assert.deepEqual(graph.childIds(M1), [issue('A-1'), issue('A-3')]);
    assert.deepEqual(graph.childIds(issue('A-1')), [issue('A-4')]);
    assert.deepEqual(graph.childIds(issue('A-4')), []);
    assert.equal(graph.node(issue('A-4'))?.parent_node_id, issue('A-1'));
    assert.equal(graph.issueNode('A-2')?.issue.identifier, 'A-2');
    assert.equal([...graph.issueNodes()].length, 4);
  });

  it('a changed node in place reports only that node', () => {
    const graph = loadedGraph();
    const change = graph.apply([nodeChanged(11, anIssueNode('A-3', 'p1', M1, { runtime: { status: 'running' } }))]);
    assert.deepEqual([...change.nodes], [issue('A-3')]);
    assert.deepEqual([...change.parents], []);
    assert.equal(graph.issueNode('A-3')?.runtime.status, 'running');
  });

  it('a moved node reports its old and new parent and sits in order there', () => {
    const graph = loadedGraph();
    const change = graph.apply([nodeChanged(11, anIssueNode('A-3', 'p1', M2))]);
    assert.deepEqual([...change.parents].sort(), [M1, M2]);
    assert.deepEqual(graph.childIds(M1), [issue('A-1')]);
    assert.deepEqual(graph.childIds(M2), [issue('A-3')]);
  });

  it('a reordered node reports its parent and takes its new place', () => {
    const graph = loadedGraph();
    const change = graph.apply([nodeChanged(11, anIssueNode('A-3', 'p1', M1, { order: [2, 1, 3] }))]);
    assert.deepEqual([...change.parents], [M1]);
    assert.deepEqual(graph.childIds(M1), [issue('A-3'), issue('A-1')]);
  });

  it('a new node appears under its parent; a removed one leaves it', () => {
    const graph = loadedGraph();
    const added = graph.apply([nodeChanged(11, anIssueNode('A-5', 'p1', P))]);
    assert.deepEqual([...added.parents], [P]);
    assert.deepEqual(graph.childIds(P), [M1, M2, issue('A-2'), issue('A-5')]);
    const removed = graph.apply([nodeRemoved(12, anIssueNode('A-2', 'p1', P))]);
    assert.deepEqual([...removed.parents], [P]);
    assert.deepEqual([...removed.nodes], []);
    assert.deepEqual(graph.childIds(P), [M1, M2, issue('A-5')]);
    assert.equal(graph.node(issue('A-2')), undefined);
  });

  it('ignores node events the loaded pages already hold, and other event types', () => {
    const graph = loadedGraph();
    const change = graph.apply([nodeChanged(10, anIssueNode('A-3', 'p1', M2)), { ...nodeChanged(11, anIssueNode('A-3', 'p1', M2)), type: 'run.started' }]);
    assert.equal(change.nodes.size + change.parents.size, 0);
    assert.deepEqual(graph.childIds(M1), [issue('A-1'), issue('A-3')]);
  });

  it('applies nothing before the first load', () => {
    const graph = new TaskGraphState();
    const change = graph.apply([nodeChanged(11, anIssueNode('A-1', 'p1', P))]);
    assert.equal(change.nodes.size, 0);
    assert.equal(graph.size, 0);
  });

  it('a new project changes the list of projects', () => {
    const graph = loadedGraph();
    const change = graph.apply([nodeChanged(11, aProjectNode('p0', { order: [0, 'a'] }))]);
    assert.ok(change.parents.has(null));
    assert.deepEqual(graph.childIds(null), [taskGraphNodeId('project', 'p0'), P]);
  });
});
