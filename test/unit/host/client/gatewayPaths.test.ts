import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodePath, runDiffPath, runEventsPath, runPath, runStreamPath, terminalSnapshotPath } from '../../../../host/client/gatewayPaths.ts';

test('run paths encode every segment and only send the query parameters given', () => {
  assert.equal(runPath('run/1?x'), '/api/v1/runs/run%2F1%3Fx');
  assert.equal(runEventsPath('r1', 'events', {}), '/api/v1/runs/r1/events');
  assert.equal(runEventsPath('r1', 'logs', { cursor: 0, limit: 50, direction: 'backward', types: ['run.started', 'agent.item'] }),
    '/api/v1/runs/r1/logs?cursor=0&limit=50&direction=backward&types=run.started%2Cagent.item');
  assert.equal(runDiffPath('r1', 'src/a b.ts'), '/api/v1/runs/r1/diffs?path=src%2Fa+b.ts');
  assert.equal(terminalSnapshotPath('r1', 'run-r1', 4), '/api/v1/runs/r1/terminal/run-r1/snapshot?cursor=4');
  assert.equal(runStreamPath('r 1'), '/api/v1/streams/runs/r%201');
});

test('task-graph node paths encode ids (milestone ids carry a colon) and add a page when asked', () => {
  assert.equal(nodePath('milestones', 'milestone:Beta'), '/api/v1/milestones/milestone%3ABeta');
  assert.equal(nodePath('projects', 'p1', '/taskgraph', { cursor: 'abc', limit: 2 }), '/api/v1/projects/p1/taskgraph?cursor=abc&limit=2');
  assert.equal(nodePath('sub-issues', 'OS-1', '', { cursor: null }), '/api/v1/sub-issues/OS-1');
});
