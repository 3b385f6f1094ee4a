// The task-graph routes through the real gateway on a real Unix socket, over the real SQLite
// journal the task graph follows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { EventPageSchema, EventTypes, ProjectListSchema, TaskGraphNodeChangedSchema, TaskGraphPageSchema } from '../../../../host/protocol/index.ts';
import type { NewEvent } from '../../../../host/protocol/index.ts';
import { TaskGraphService } from '../../../../host/taskgraph/taskGraphService.ts';
import { WorkflowConfigSchema } from '../../../../host/workflow/workflowConfig.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { MemoryTracker } from '../../../fakes/memoryTracker.ts';
import { auth, httpRequest, startGateway } from '../gateway/gatewayFixture.ts';
import type { GatewayFixture } from '../gateway/gatewayFixture.ts';

const issues = ['OS-1', 'OS-2', 'OS-3'].map((identifier) => anIssue({ identifier, project_id: 'p1', milestone_id: identifier === 'OS-1' ? 'm1' : null }));

/** A gateway whose backend serves a task graph over the gateway's own journal. */
async function startWithTaskGraph(t: TestContext): Promise<{ gateway: GatewayFixture; service: TaskGraphService }> {
  const gateway = await startGateway(t);
  const tracker = new MemoryTracker();
  tracker.setStructure({ projects: [{ id: 'p1', name: 'Payments', slug: 'pay', url: null, state: 'started' }], milestones: [{ id: 'm1', project_id: 'p1', name: 'Beta', target_date: null, sort_order: 1 }] });
  const synced: NewEvent = { type: EventTypes.trackerSynced, actor: { kind: 'tracker' }, summary: 'synced', payload: { upserted: issues, removed: [], total: issues.length } };
  await gateway.journal.append([synced]);
  const service = new TaskGraphService({
    journal: gateway.journal, tracker: () => tracker, config: () => WorkflowConfigSchema.parse({}), clock: new ManualClock(), log: { log: () => {} },
  });
  service.start();
  await service.structureSettled();
  t.after(() => { service.dispose(); tracker.dispose(); });
  Object.assign(gateway.backend, { taskGraph: service });
  return { gateway, service };
}

async function getJson(gateway: GatewayFixture, path: string): Promise<{ status: number; json: unknown }> {
  const response = await httpRequest(gateway.socketPath, { path, headers: auth() });
  return { status: response.status, json: response.json };
}

describe('task-graph routes', { timeout: 20_000 }, () => {
  it('lists projects with their counts', async (t) => {
    const { gateway, service } = await startWithTaskGraph(t);
    const { status, json } = await getJson(gateway, '/api/v1/projects');

    assert.equal(status, 200);
    const list = ProjectListSchema.parse(json);
    assert.equal(list.seq, service.seq);
    assert.deepEqual(list.projects.map((node) => [node.node_id, node.project.name, node.counts.issues, node.counts.eligible]), [['project:p1', 'Payments', 3, 3]]);
  });

  it('serves a project graph in pages that follow next_cursor', async (t) => {
    const { gateway } = await startWithTaskGraph(t);
    const first = TaskGraphPageSchema.parse((await getJson(gateway, '/api/v1/projects/p1/taskgraph?limit=2')).json);

    assert.equal(first.project.id, 'p1');
    assert.deepEqual(first.milestones.map((node) => node.milestone.name), ['Beta']);
    assert.deepEqual(first.issues.map((node) => [node.id, node.parent_node_id]), [['OS-1', 'milestone:m1'], ['OS-2', 'project:p1']]);
    assert.equal(first.total_issues, 3);
    assert.ok(first.next_cursor);
    const second = TaskGraphPageSchema.parse((await getJson(gateway, `/api/v1/projects/p1/taskgraph?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`)).json);
    assert.deepEqual(second.issues.map((node) => node.id), ['OS-3']);
    assert.equal(second.next_cursor, null);
    const whole = TaskGraphPageSchema.parse((await getJson(gateway, '/api/v1/projects/p1/taskgraph')).json);
    assert.equal(whole.issues.length, 3, 'without a limit, a project of usual size comes in one page');
  });

  it('answers 404 for an unknown project and 400 for a cursor it did not issue', async (t) => {
    const { gateway } = await startWithTaskGraph(t);

    const missing = await getJson(gateway, '/api/v1/projects/nope/taskgraph');
    assert.equal(missing.status, 404);
    assert.equal((missing.json as { error: { code: string } }).error.code, 'not_found');
    const badCursor = await getJson(gateway, '/api/v1/projects/p1/taskgraph?cursor=garbage');
    assert.equal(badCursor.status, 400);
    assert.equal((badCursor.json as { error: { code: string } }).error.code, 'invalid_request');
    const badLimit = await getJson(gateway, '/api/v1/projects/p1/taskgraph?limit=0');
    assert.equal(badLimit.status, 400);
  });

  it('answers 404 when the host serves no task graph', async (t) => {
    const gateway = await startGateway(t);
    const { status, json } = await getJson(gateway, '/api/v1/projects');

    assert.equal(status, 404);
    assert.equal((json as { error: { code: string } }).error.code, 'not_found');
  });

  it('streams node_changed after the snapshot seq when a node changes', async (t) => {
    const { gateway } = await startWithTaskGraph(t);
    const snapshot = TaskGraphPageSchema.parse((await getJson(gateway, '/api/v1/projects/p1/taskgraph')).json);
    const run = { id: 'r1', issue_id: 'OS-2', issue_identifier: 'OS-2', state: 'running', queued_at: '2026-11-21T12:00:00.000Z' };
    await gateway.journal.append([{ type: EventTypes.runStarted, actor: { kind: 'orchestrator' }, summary: 'started', payload: { run }, entity_refs: [{ kind: 'run', id: 'r1' }, { kind: 'issue', id: 'OS-2' }] }]);
    await gateway.journal.append([{ type: 'test.settled', actor: { kind: 'system' }, summary: 'settled', payload: {} }]);

    const page = EventPageSchema.parse((await getJson(gateway, `/api/v1/events?cursor=${snapshot.seq}`)).json);
    const changed = page.events.filter((event) => event.type === EventTypes.taskGraphNodeChanged).map((event) => TaskGraphNodeChangedSchema.parse(event.payload).node);
    assert.deepEqual(changed.map((node) => node.node_id), ['project:p1', 'issue:OS-2']);
    const issue = changed[1];
    assert.equal(issue?.kind === 'issue' && issue.runtime.status, 'running');
  });
});
