// The extension's task-graph model against the real host process: the same read sequence as a
// folder connection (snapshot, every task-graph page, then the event stream from the snapshot's
// cursor), and an edit of the local issues file reaching the rows it changes, and only those.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RuntimeState, type RuntimeChange } from '../../../extension/state/runtimeState.ts';
import { loadTaskGraph } from '../../../extension/state/taskGraphLoader.ts';
import { presentIssue } from '../../../extension/views/issuePresentation.ts';
import { issueRow, refreshTargets, visibleChildIds } from '../../../extension/views/taskGraphRows.ts';
import { EventTypes } from '../../../host/protocol/index.ts';
import { startHostProcess } from '../../fakes/hostProcess.ts';
import type { HostUnderTest } from '../../fakes/hostProcess.ts';

/** The host dispatches nothing (no active states): rows show tracker state and blockers only. */
function issuesYaml(demo3State: string): string {
  return [
    'issues:',
    '  - identifier: DEMO-1',
    '    title: Standalone',
    '    state: Todo',
    '    assignee: Ada',
    '  - identifier: DEMO-2',
    '    title: Parent',
    '    state: In Progress',
    '    milestone: Beta',
    '  - identifier: DEMO-3',
    '    title: First child',
    `    state: ${demo3State}`,
    '    parent: DEMO-2',
    '    milestone: Beta',
    '  - identifier: DEMO-4',
    '    title: Second child',
    '    state: Todo',
    '    parent: DEMO-2',
    '    milestone: Beta',
    '    blocked_by: [DEMO-3]',
    '',
  ].join('\n');
}

describe('the Task Graph model over a real host', { timeout: 90_000 }, () => {
  let dir: string;
  let host: HostUnderTest;
  const state = new RuntimeState();
  const changes: RuntimeChange[] = [];
  const waiters = new Set<() => void>();
  // The host fetches projects and milestones once at start and republishes every node whose DTO
  // that changes, in the same commit as the `taskgraph.structure_synced` event.
  let structureSynced = false;
  let streamedSeq = 0;
  const namesStructureSync = (events: readonly { type: string }[]) => events.some((event) => event.type === EventTypes.taskGraphStructureSynced);

  /** Resolves once `predicate` holds on the state (checked after every streamed batch); rejects after the bound. */
  function waitForState(what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`${what}: not within ${timeoutMs} ms\n${host.logs().slice(-2000)}`)); }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  const description = (issueId: string) => {
    const node = state.graph.issueNode(issueId);
    return node ? presentIssue(issueRow(state, node, Date.now())).description : undefined;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'os-extension-taskgraph-'));
    writeFileSync(join(dir, 'issues.yaml'), issuesYaml('Todo'));
    writeFileSync(join(dir, 'WORKFLOW.md'), ['---', 'tracker:', '  kind: local', '  path: issues.yaml', '  active_states: []', 'workspace:', '  root: workspaces', '---', 'Work on {{ issue.identifier }}', ''].join('\n'));
    host = await startHostProcess({ workflow: join(dir, 'WORKFLOW.md'), dataDir: join(dir, 'data') });
    const snapshot = await host.client.snapshot();
    streamedSeq = snapshot.seq;
    state.loadSnapshot(snapshot);
    state.loadTaskGraph(await loadTaskGraph(host.client));
    host.client.subscribeEvents({
      cursor: snapshot.seq,
      onEvents: (batch) => {
        changes.push(state.apply(batch));
        streamedSeq = Math.max(streamedSeq, batch.at(-1)?.seq ?? 0);
        if (namesStructureSync(batch)) structureSynced = true;
        for (const wake of [...waiters]) wake();
      },
    });
    // The structure fetch at start may have been journaled before the snapshot's seq.
    if (namesStructureSync((await host.client.events(0, 1_000)).events)) structureSynced = true;
  });

  after(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows project → milestone → issue → sub-issue, with the blocked sub-issue marked', async () => {
    await waitForState('four issues in the graph, DEMO-4 blocked', () => [...state.graph.issueNodes()].length === 4 && description('DEMO-4') === 'blocked by DEMO-3');
    const [project] = visibleChildIds(state, null, undefined);
    assert.ok(project, 'a project node');
    const projectLevel = visibleChildIds(state, project, undefined);
    const milestone = projectLevel.find((id) => id.startsWith('milestone:'));
    assert.ok(milestone, `a milestone under the project, got ${projectLevel.join(', ')}`);
    assert.deepEqual(projectLevel, [milestone, 'issue:DEMO-1'], 'the milestone first, then the issue without one');
    assert.deepEqual(visibleChildIds(state, milestone, undefined), ['issue:DEMO-2']);
    assert.deepEqual(visibleChildIds(state, 'issue:DEMO-2', undefined), ['issue:DEMO-3', 'issue:DEMO-4']);
    assert.equal(state.graph.issueNode('DEMO-1')?.issue.assignee, 'Ada');
    assert.equal(description('DEMO-1'), 'Todo');
  });

  it('an edit of issues.yaml refreshes the rows it changed, not the whole tree', async () => {
    // The loaded graph can be ahead of the stream (the first check may pass on it alone): the
    // start-up sync's events must have streamed in before the mark, or they count as the edit's.
    const { head } = await host.client.events(0, 1);
    await waitForState(`the stream caught up with the journal (seq ${head}) and the structure sync`, () => streamedSeq >= head && structureSynced);
    const mark = changes.length;
    writeFileSync(join(dir, 'issues.yaml'), issuesYaml('Done'));
    await waitForState('DEMO-4 no longer blocked', () => description('DEMO-4') === 'Todo');
    const touched = new Set<string>();
    for (const change of changes.slice(mark)) {
      const targets = refreshTargets(state, change);
      assert.equal(targets.everything, false, 'no full refresh for an edit of two issues');
      for (const id of targets.nodeIds) touched.add(id);
    }
    assert.ok(touched.has('issue:DEMO-3') && touched.has('issue:DEMO-4'), `refreshed: ${[...touched].join(', ')}`);
    assert.ok(!touched.has('issue:DEMO-1'), `DEMO-1 did not change, refreshed: ${[...touched].join(', ')}`);
  });
});
