// Projects and milestones cost tracker requests, so they are fetched only at start, for an issue
// that names one not seen yet, when the workflow swaps the tracker, and at a slow interval.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { STRUCTURE_FAILURE_RETRY_MS } from '../../../../host/taskgraph/taskGraphService.ts';
import { MemoryTracker } from '../../../fakes/memoryTracker.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { aMilestone, aProject, STRUCTURE_INTERVAL_MS, synced, TaskGraphHarness, workflowLoaded } from './taskGraphHarness.ts';

describe('task graph: fetching projects and milestones', () => {
  let harness: TaskGraphHarness;
  beforeEach(async () => {
    harness = new TaskGraphHarness();
    harness.tracker.setStructure({ projects: [aProject('p1')], milestones: [] });
    await harness.start();
  });
  afterEach(() => harness.close());

  it('fetches once at start and not for issues of known projects or repeated syncs', async () => {
    await harness.append(synced([anIssue({ identifier: 'OS-1', project_id: 'p1' })]));
    await harness.append(synced([anIssue({ identifier: 'OS-1', project_id: 'p1', title: 'changed' })]));

    assert.equal(harness.tracker.structureFetches, 1);
  });

  it('fetches once more for an unknown project or milestone, and not again for the same unknown one', async () => {
    harness.tracker.setStructure({ projects: [aProject('p1'), aProject('p2', 'Second')], milestones: [aMilestone('m2', 'p2')] });
    await harness.append(synced([anIssue({ identifier: 'OS-1', project_id: 'p2', milestone_id: 'm2' })]));

    assert.equal(harness.tracker.structureFetches, 2);
    assert.equal(harness.graph.projectGraph('p2', { cursor: null, limit: 10 })?.project.project.name, 'Second');
    await harness.append(synced([anIssue({ identifier: 'OS-2', project_id: 'p3' })]));
    await harness.append(synced([anIssue({ identifier: 'OS-3', project_id: 'p3' })]));
    assert.equal(harness.tracker.structureFetches, 3, 'p3 is looked for once');
  });

  it('refreshes at the slow interval, which also retries unknown references', async () => {
    await harness.append(synced([anIssue({ identifier: 'OS-1', project_id: 'p9' })]));
    const fetches = harness.tracker.structureFetches;
    harness.tracker.setStructure({ projects: [aProject('p1'), aProject('p9', 'Found later')], milestones: [] });

    harness.clock.advance(STRUCTURE_INTERVAL_MS - 1);
    await harness.settle();
    assert.equal(harness.tracker.structureFetches, fetches);
    harness.clock.advance(1);
    await harness.settle();
    assert.equal(harness.tracker.structureFetches, fetches + 1);
    assert.equal(harness.graph.projectGraph('p9', { cursor: null, limit: 10 })?.project.placeholder, false);
  });

  it('keeps the last structure when a fetch fails, and tries again after a minute', async () => {
    harness.tracker.structureFailure = new Error('Linear is down');
    harness.clock.advance(STRUCTURE_INTERVAL_MS);
    await harness.settle();

    assert.equal(harness.tracker.structureFetches, 2);
    assert.equal(harness.graph.listProjects().projects[0]?.placeholder, false);
    assert.ok(harness.logs.some((line) => line.startsWith('warn taskgraph fetching projects and milestones failed')));
    harness.tracker.structureFailure = undefined;
    harness.clock.advance(STRUCTURE_FAILURE_RETRY_MS - 1);
    await harness.settle();
    assert.equal(harness.tracker.structureFetches, 2);
    harness.clock.advance(1);
    await harness.settle();
    assert.equal(harness.tracker.structureFetches, 3);
  });

  it('fetches after a workflow reload only when the tracker changed', async () => {
    await harness.append(workflowLoaded());
    assert.equal(harness.tracker.structureFetches, 1);

    const other = new MemoryTracker();
    other.setStructure({ projects: [aProject('p7', 'Other tracker')], milestones: [] });
    harness.trackerInUse = other;
    await harness.append(workflowLoaded());

    assert.equal(other.structureFetches, 1);
    assert.equal(harness.tracker.structureFetches, 1);
    assert.deepEqual(harness.graph.listProjects().projects.map((node) => node.project.name), ['Other tracker']);
    other.dispose();
  });
});
