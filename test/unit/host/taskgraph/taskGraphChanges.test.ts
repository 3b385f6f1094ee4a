// `taskgraph.node_changed` goes out only for nodes whose DTO really changed, so a tree client
// refreshes just those; token and last-event churn is coalesced.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EventTypes, TaskGraphNodeRemovedSchema } from '../../../../host/protocol/index.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { agentEvent, aMilestone, aProject, runEvent, synced, TaskGraphHarness, VOLATILE_DELAY_MS, workflowLoaded } from './taskGraphHarness.ts';

const first = anIssue({ identifier: 'OS-1', project_id: 'p1' });
const second = anIssue({ identifier: 'OS-2', project_id: 'p1' });

describe('task graph: node change events', () => {
  let harness: TaskGraphHarness;
  beforeEach(async () => {
    harness = new TaskGraphHarness();
    harness.tracker.setStructure({ projects: [aProject('p1')], milestones: [aMilestone('m1', 'p1')] });
    await harness.append(synced([first, second]));
    await harness.start();
  });
  afterEach(() => harness.close());

  it('publishes at start only what the structure fetch changed, then nothing for events that change no node', async () => {
    assert.deepEqual(harness.changedNodes().map((node) => node.node_id), ['project:p1', 'milestone:m1'], 'placeholders became tracker records');
    const mark = harness.head;
    await harness.append(synced([first]));
    await harness.append(workflowLoaded());
    await harness.append({ type: 'host.something', actor: { kind: 'host' }, summary: 'noise', payload: {} });

    assert.deepEqual(harness.graphEvents.filter((event) => event.seq > mark), []);
    assert.ok(harness.head > mark + 3);
  });

  it('publishes exactly the issue whose tracker record changed', async () => {
    const mark = harness.head;
    await harness.append(synced([{ ...first, title: 'A better title' }]));

    assert.deepEqual(harness.changedNodes(mark).map((node) => node.node_id), ['issue:OS-1']);
    const node = harness.changedNodes(mark)[0];
    assert.equal(node?.kind === 'issue' && node.issue.title, 'A better title');
  });

  it('publishes the issue and its containers when a status change moves the counts', async () => {
    const mark = harness.head;
    await harness.append(runEvent(EventTypes.runQueued, first, { id: 'r1' }));

    assert.deepEqual(harness.changedNodes(mark).map((node) => node.node_id), ['project:p1', 'issue:OS-1'], 'parents first');
    const project = harness.changedNodes(mark)[0];
    assert.equal(project?.kind === 'project' && project.counts.queued, 1);
  });

  it('moves a node to its new parent and keeps the old parent current', async () => {
    const mark = harness.head;
    await harness.append(synced([{ ...second, milestone_id: 'm1' }]));

    const changed = new Map(harness.changedNodes(mark).map((node) => [node.node_id, node]));
    assert.equal(changed.get('issue:OS-2')?.parent_node_id, 'milestone:m1');
    assert.equal(changed.get('milestone:m1')?.child_count, 1);
    assert.equal(changed.get('project:p1')?.child_count, 2, 'the milestone and OS-1');
  });

  it('publishes node_removed when an issue leaves the tracker', async () => {
    const mark = harness.head;
    await harness.append(synced([], ['OS-2']));

    const removed = harness.graphEvents.filter((event) => event.seq > mark && event.type === EventTypes.taskGraphNodeRemoved);
    assert.deepEqual(removed.map((event) => TaskGraphNodeRemovedSchema.parse(event.payload)), [{ node_id: 'issue:OS-2', kind: 'issue', id: 'OS-2', project_id: 'p1', parent_node_id: 'project:p1' }]);
    assert.deepEqual(harness.changedNodes(mark).map((node) => node.node_id), ['project:p1']);
  });

  it('coalesces token and last-event changes into one event per node after the delay', async () => {
    await harness.append(runEvent(EventTypes.runStarted, first, { id: 'r1', state: 'running' }));
    const mark = harness.head;
    for (const total of [10, 20, 30]) await harness.append(agentEvent(EventTypes.tokensUpdated, first, 'r1', { input_tokens: total, output_tokens: 0, total_tokens: total }));
    await harness.append(agentEvent(EventTypes.agentMessage, first, 'r1', { text: 'working' }));
    assert.deepEqual(harness.changedNodes(mark), [], 'nothing before the delay');

    harness.clock.advance(VOLATILE_DELAY_MS);
    await harness.settle();

    const changed = harness.changedNodes(mark);
    assert.equal(changed.length, 1);
    assert.equal(changed[0]?.kind === 'issue' && changed[0].runtime.tokens.total_tokens, 30);
    harness.clock.advance(VOLATILE_DELAY_MS);
    await harness.settle();
    assert.equal(harness.changedNodes(mark).length, 1, 'a flush with nothing new publishes nothing');
  });

  it('does not delay a significant change behind volatile ones', async () => {
    await harness.append(runEvent(EventTypes.runStarted, first, { id: 'r1', state: 'running' }));
    const mark = harness.head;
    await harness.append(agentEvent(EventTypes.tokensUpdated, first, 'r1', { input_tokens: 1, output_tokens: 1, total_tokens: 2 }));
    await harness.append(runEvent(EventTypes.runCompleted, first, { id: 'r1', state: 'completed' }));

    const issues = harness.changedNodes(mark).filter((node) => node.kind === 'issue');
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.kind === 'issue' && issues[0].runtime.last_outcome?.state, 'completed');
    assert.equal(issues[0]?.kind === 'issue' && issues[0].runtime.tokens.total_tokens, 2, 'the event carries the volatile fields too');
    harness.clock.advance(VOLATILE_DELAY_MS);
    await harness.settle();
    assert.equal(harness.changedNodes(mark).filter((node) => node.kind === 'issue').length, 1);
  });

  it('publishes project nodes when the tracker describes them later', async () => {
    const mark = harness.head;
    harness.tracker.setStructure({ projects: [aProject('p1', 'Renamed')], milestones: [aMilestone('m1', 'p1')] });
    await harness.graph.refreshStructure();
    await harness.settle();

    const changed = harness.changedNodes(mark);
    assert.deepEqual(changed.map((node) => node.node_id), ['project:p1']);
    assert.equal(changed[0]?.kind === 'project' && changed[0].project.name, 'Renamed');
  });
});
