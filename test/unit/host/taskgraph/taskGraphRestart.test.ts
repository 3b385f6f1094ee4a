// The task graph keeps nothing of its own: a host restart rebuilds it from the same journal file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { HOST_RESTART_ERROR } from '../../../../host/taskgraph/overlayHandlers.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { agentEvent, aMilestone, aProject, approvalEvent, hostStarted, runEvent, synced, TaskGraphHarness } from './taskGraphHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'os-taskgraph-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const done = anIssue({ identifier: 'OS-1', project_id: 'p1', milestone_id: 'm1' });
const running = anIssue({ identifier: 'OS-2', project_id: 'p1', parent_id: 'OS-1' });
const retried = anIssue({ identifier: 'OS-3', project_id: 'p1' });

async function seed(harness: TaskGraphHarness): Promise<void> {
  harness.tracker.setStructure({ projects: [aProject('p1', 'Payments')], milestones: [aMilestone('m1', 'p1', 1)] });
  await harness.append(synced([done, running, retried]));
  await harness.start();
  await harness.append(runEvent(EventTypes.runCompleted, done, { id: 'r1', state: 'completed', tokens: { input_tokens: 3, output_tokens: 4, total_tokens: 7 } }));
  await harness.append(runEvent(EventTypes.runStarted, running, { id: 'r2', state: 'running', workspace_path: '/ws/OS-2' }));
  await harness.append(agentEvent(EventTypes.turnStarted, running, 'r2', { turn_number: 3 }));
  await harness.append(approvalEvent(EventTypes.approvalRequested, running, 'r2', 'a1', 'pending'));
  await harness.append(runEvent('run.retrying', retried, { id: 'r3', state: 'retrying', retry: { kind: 'continuation', attempt: 1, due_at: '2026-11-21T12:01:00.000Z', error: null } }));
}

describe('task graph: restart', () => {
  it('rebuilds the same graph from the same journal file, even with the tracker unreachable', async () => {
    const path = join(dir, 'same.sqlite');
    const before = new TaskGraphHarness(path);
    await seed(before);
    const projects = before.graph.listProjects();
    const page = before.graph.projectGraph('p1', { cursor: null, limit: 100 });
    await before.close();

    const afterRestart = new TaskGraphHarness(path);
    afterRestart.tracker.structureFailure = new Error('offline');
    try {
      await afterRestart.start();
      const rebuilt = afterRestart.graph.projectGraph('p1', { cursor: null, limit: 100 });
      assert.deepEqual(afterRestart.graph.listProjects().projects, projects.projects);
      assert.deepEqual(rebuilt?.issues, page?.issues);
      assert.deepEqual(rebuilt?.milestones, page?.milestones);
      assert.equal(afterRestart.graphEvents.length, 0, 'a rebuild that matches publishes nothing');
      assert.equal(afterRestart.issueNode('OS-2', 'p1').runtime.active_run?.turn, 3);
      assert.equal(afterRestart.graph.listProjects().projects[0]?.project.name, 'Payments', 'projects and milestones come back from the journal');
      assert.equal(afterRestart.tracker.structureFetches, 1);
    } finally {
      await afterRestart.close();
    }
  });

  it('ends the runs and approvals of the previous host process, keeps its retries, and publishes that', async () => {
    const path = join(dir, 'restarted.sqlite');
    const before = new TaskGraphHarness(path);
    await seed(before);
    await before.close();

    const afterRestart = new TaskGraphHarness(path);
    try {
      await afterRestart.start();
      const mark = afterRestart.head;
      await afterRestart.append(hostStarted());

      const runtime = afterRestart.issueNode('OS-2', 'p1').runtime;
      assert.equal(runtime.active_run, null);
      assert.equal(runtime.pending_approvals, 0);
      assert.deepEqual(runtime.last_outcome && [runtime.last_outcome.state, runtime.last_outcome.error], ['cancelled', HOST_RESTART_ERROR]);
      assert.equal(runtime.workspace_path, '/ws/OS-2');
      assert.equal(afterRestart.issueNode('OS-3', 'p1').runtime.status, 'retrying');
      assert.ok(afterRestart.changedNodes(mark).some((node) => node.node_id === 'issue:OS-2'));
    } finally {
      await afterRestart.close();
    }
  });

  it('drops issues deleted while the host was down when the first sync lists every issue', async () => {
    const path = join(dir, 'deleted.sqlite');
    const before = new TaskGraphHarness(path);
    await seed(before);
    await before.close();

    const afterRestart = new TaskGraphHarness(path);
    try {
      await afterRestart.start();
      const mark = afterRestart.head;
      await afterRestart.append(synced([done, retried], [], 2));

      const ids = afterRestart.graph.projectGraph('p1', { cursor: null, limit: 100 })?.issues.map((node) => node.id);
      assert.deepEqual(ids, ['OS-1', 'OS-3']);
      assert.ok(afterRestart.graphEvents.some((event) => event.seq > mark && event.type === EventTypes.taskGraphNodeRemoved && event.payload.node_id === 'issue:OS-2'));
    } finally {
      await afterRestart.close();
    }
  });
});
