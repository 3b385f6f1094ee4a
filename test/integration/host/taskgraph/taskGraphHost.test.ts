// The task graph in the real host process: the composition root wires it to the journal, the
// tracker and the gateway, and an edit of the local issues file reaches clients as node_changed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope } from '../../../../host/protocol/index.ts';
import { EventTypes, ProjectListSchema, TaskGraphNodeChangedSchema, TaskGraphPageSchema } from '../../../../host/protocol/index.ts';
import { startHostProcess } from '../../../fakes/hostProcess.ts';
import type { HostUnderTest } from '../../../fakes/hostProcess.ts';
import { httpRequest } from '../gateway/gatewayFixture.ts';

function issuesYaml(firstState: string): string {
  return [
    'issues:',
    '  - identifier: DEMO-1',
    '    title: Build the feature',
    `    state: ${firstState}`,
    '    milestone: Beta',
    '  - identifier: DEMO-2',
    '    title: A sub-task',
    '    state: Backlog',
    '    parent: DEMO-1',
    '',
  ].join('\n');
}

describe('the task graph in the host process', { timeout: 60_000 }, () => {
  let dir: string;
  let host: HostUnderTest;
  const events: EventEnvelope[] = [];
  const waiters = new Set<() => void>();

  /** Resolves with the first streamed event matching `predicate`; rejects after the bound. */
  function nextEvent(predicate: (event: EventEnvelope) => boolean, timeoutMs = 20_000): Promise<EventEnvelope> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = events.find(predicate);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`no matching event within ${timeoutMs} ms; saw ${events.map((event) => event.type).join(', ')}`)); }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  async function get(path: string): Promise<unknown> {
    const token = readFileSync(host.tokenFile, 'utf8').trim();
    const response = await httpRequest(host.socketPath, { path, headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, response.text);
    return response.json;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'os-taskgraph-host-'));
    writeFileSync(join(dir, 'issues.yaml'), issuesYaml('Backlog'));
    writeFileSync(join(dir, 'WORKFLOW.md'), ['---', 'tracker:', '  kind: local', '  path: issues.yaml', 'workspace:', '  root: workspaces', '---', 'Work on {{ issue.identifier }}', ''].join('\n'));
    host = await startHostProcess({ workflow: join(dir, 'WORKFLOW.md'), dataDir: join(dir, 'data') });
    host.client.subscribeEvents({ cursor: 0, onEvents: (batch) => { events.push(...batch); for (const wake of [...waiters]) wake(); } });
  });

  after(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the local tracker as one project with its milestone and sub-issue', async () => {
    await nextEvent((event) => event.type === EventTypes.taskGraphStructureSynced);
    await nextEvent((event) => event.type === EventTypes.trackerSynced);

    const projects = ProjectListSchema.parse(await get('/api/v1/projects'));
    assert.equal(projects.projects.length, 1);
    const project = projects.projects[0]!;
    assert.equal(project.placeholder, false);
    assert.equal(project.counts.issues, 2);
    const page = TaskGraphPageSchema.parse(await get(`/api/v1/projects/${encodeURIComponent(project.id)}/taskgraph`));
    assert.deepEqual(page.milestones.map((node) => node.milestone.name), ['Beta']);
    const parents = Object.fromEntries(page.issues.map((node) => [node.issue.identifier, node.parent_node_id]));
    assert.deepEqual(parents, { 'DEMO-1': page.milestones[0]!.node_id, 'DEMO-2': 'issue:DEMO-1' });
    assert.deepEqual(page.issues.map((node) => node.runtime.status), ['inactive', 'inactive']);
  });

  it('streams node_changed for the issue an edit of issues.yaml changed', async () => {
    const mark = events.at(-1)?.seq ?? 0;
    writeFileSync(join(dir, 'issues.yaml'), issuesYaml('Done'));

    const changed = await nextEvent((event) => event.seq > mark && event.type === EventTypes.taskGraphNodeChanged && event.entity_refs.some((ref) => ref.identifier === 'DEMO-1'));
    const node = TaskGraphNodeChangedSchema.parse(changed.payload).node;
    assert.equal(node.kind === 'issue' && node.runtime.status, 'done');
  });
});
