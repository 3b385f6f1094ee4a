import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { hierarchyHold, IssueGraph } from '../../../../host/orchestrator/hierarchyRule.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import type { Issue } from '../../../../host/protocol/index.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { completed, TurnGate } from '../../../fakes/scriptedHarness.ts';
import { OrchestratorFixture, ofIssue } from './orchestratorFixture.ts';

const TERMINAL = ['Done', 'Cancelled'];
const holdOf = (issue: Issue, all: Issue[]) => hierarchyHold(issue, new IssueGraph(all), TERMINAL);
const blocker = (identifier: string, state: string | null) => ({ id: identifier, identifier, state });

describe('the hierarchy rule', () => {
  it('treats an issue with a sub-issue that is not terminal as a container', () => {
    const parent = anIssue({ identifier: 'P-1', state: 'In Progress' });
    const open = anIssue({ identifier: 'P-2', parent_id: 'P-1', state: 'Backlog' });
    const done = anIssue({ identifier: 'P-3', parent_id: 'P-1', state: 'Done' });
    assert.deepEqual(holdOf(parent, [parent, open, done]), { kind: 'container', subIssues: ['P-2'] });
  });

  it('releases a parent whose sub-issues are all terminal', () => {
    const parent = anIssue({ identifier: 'P-1' });
    const done = anIssue({ identifier: 'P-2', parent_id: 'P-1', state: 'done' });
    assert.equal(holdOf(parent, [parent, done]), null);
  });

  it('holds a Todo issue while a blocker is not terminal, and only a Todo issue', () => {
    const blocked = anIssue({ identifier: 'B-2', state: ' todo ', blocked_by: [blocker('B-1', 'In Progress')] });
    assert.deepEqual(holdOf(blocked, [blocked]), { kind: 'blocked', blockers: ['B-1'] });
    const started = { ...blocked, state: 'In Progress' };
    assert.equal(holdOf(started, [started]), null, 'work already under way is not held back by a blocker');
  });

  it('takes the blocker state from the same tracker read when it has the blocker, and counts an unknown state as open', () => {
    const blocked = anIssue({ identifier: 'B-2', blocked_by: [blocker('B-1', 'In Progress')] });
    const finished = anIssue({ identifier: 'B-1', state: 'Done' });
    assert.equal(holdOf(blocked, [blocked, finished]), null);
    const unknown = anIssue({ identifier: 'B-3', blocked_by: [{ id: null, identifier: 'X-9', state: null }] });
    assert.deepEqual(holdOf(unknown, [unknown]), { kind: 'blocked', blockers: ['X-9'] });
  });
});

describe('hierarchy-aware scheduling', () => {
  let fixture: OrchestratorFixture | undefined;
  afterEach(async () => { await fixture?.dispose(); fixture = undefined; });

  it('dispatches the sub-issues of an active container, each in its own workspace, but not the container', async () => {
    const gate = new TurnGate();
    fixture = new OrchestratorFixture({
      issues: [
        anIssue({ identifier: 'WEB-1', state: 'In Progress', priority: 1 }),
        anIssue({ identifier: 'WEB-2', parent_id: 'WEB-1' }),
        anIssue({ identifier: 'WEB-3', parent_id: 'WEB-1' }),
      ],
      script: gate.script,
    });
    await fixture.orchestrator.tick();
    await fixture.harness.waitForTurns(2);
    assert.deepEqual(fixture.orchestrator.runsList().map((run) => run.issue_identifier).sort(), ['WEB-2', 'WEB-3']);
    const paths = fixture.harness.sessions.map((session) => session.workspacePath).sort();
    assert.deepEqual(paths, [`${fixture.workspaceRoot}/WEB-2`, `${fixture.workspaceRoot}/WEB-3`]);
  });

  it('dispatches the container once its sub-issues are terminal', async () => {
    fixture = new OrchestratorFixture({
      issues: [anIssue({ identifier: 'WEB-1', state: 'In Progress' }), anIssue({ identifier: 'WEB-2', parent_id: 'WEB-1', state: 'Backlog' })],
      script: async () => completed,
    });
    await fixture.orchestrator.tick();
    assert.equal(fixture.orchestrator.runsList().length, 0, 'an open sub-issue, even outside the active states, holds the container');
    fixture.tracker.update('WEB-2', { state: 'Done' });
    await fixture.orchestrator.tick();
    assert.deepEqual(fixture.orchestrator.runsList().map((run) => run.issue_identifier), ['WEB-1']);
  });

  it('waits with a Todo issue until its blocker is terminal', async () => {
    fixture = new OrchestratorFixture({
      issues: [anIssue({ identifier: 'DEMO-3', state: 'Backlog' }), anIssue({ identifier: 'DEMO-4', blocked_by: [blocker('DEMO-3', 'Backlog')] })],
      script: async () => completed,
    });
    await fixture.orchestrator.tick();
    assert.equal(fixture.orchestrator.runsList().length, 0);
    fixture.tracker.update('DEMO-3', { state: 'Done' });
    await fixture.orchestrator.tick();
    assert.deepEqual(fixture.orchestrator.runsList().map((run) => run.issue_identifier), ['DEMO-4']);
  });

  it('releases the continuation of an issue that became a container during its run', async () => {
    fixture = new OrchestratorFixture({
      issues: [anIssue({ identifier: 'BIG-1' })],
      script: async () => { fixture!.tracker.set(anIssue({ identifier: 'BIG-2', parent_id: 'BIG-1', state: 'Backlog' })); return completed; },
      frontMatter: { agent: { max_turns: 1 } },
    });
    await fixture.orchestrator.tick();
    await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('BIG-1'));
    await fixture.orchestrator.tick(); // the tree learns about BIG-2
    await fixture.advance(1_000);
    const settled = await fixture.runEvent('run.completed', ofIssue('BIG-1'));
    assert.equal(settled.state, 'completed');
    assert.equal(fixture.orchestrator.claimState('BIG-1'), 'unclaimed');
  });
});
