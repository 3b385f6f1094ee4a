import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadTaskGraph } from '../../../extension/state/taskGraphLoader.ts';
import type { NodePageQuery } from '../../../host/client/gatewayPaths.ts';
import type { ProjectList, TaskGraphPage } from '../../../host/protocol/index.ts';
import { SCHEMA_VERSION, UNASSIGNED_PROJECT_ID } from '../../../host/protocol/index.ts';
import { anIssueNode, aPage, aProjectNode } from '../../fakes/taskGraphBuilders.ts';

/** A gateway that serves p1 in two pages and an empty "No project", recording each request. */
function aGateway() {
  const requests: string[] = [];
  const p1 = aProjectNode('p1', { child_count: 2 });
  const pages: Record<string, TaskGraphPage> = {
    'p1:': { ...aPage(p1, [], [anIssueNode('A-1', 'p1', p1.node_id)], 41), next_cursor: 'c2', total_issues: 2 },
    'p1:c2': { ...aPage(p1, [], [anIssueNode('A-2', 'p1', p1.node_id)], 44), total_issues: 2 },
  };
  return {
    requests,
    async projects(): Promise<ProjectList> {
      requests.push('projects');
      return { schema_version: SCHEMA_VERSION, seq: 40, projects: [p1, aProjectNode(UNASSIGNED_PROJECT_ID, { child_count: 0 })] };
    },
    async projectTaskGraph(projectId: string, page: NodePageQuery = {}): Promise<TaskGraphPage> {
      requests.push(`${projectId}:${page.cursor ?? ''}`);
      const found = pages[`${projectId}:${page.cursor ?? ''}`];
      if (!found) throw new Error(`no page ${projectId} ${page.cursor}`);
      return found;
    },
  };
}

describe('loadTaskGraph', () => {
  it('reads every page of every project with issues, from the oldest position read', async () => {
    const gateway = aGateway();
    const load = await loadTaskGraph(gateway);
    assert.deepEqual(gateway.requests, ['projects', 'p1:', 'p1:c2']);
    assert.equal(load.seq, 40);
    assert.deepEqual(load.pages.flatMap((page) => page.issues.map((issue) => issue.id)), ['A-1', 'A-2']);
  });

  it('fails with the gateway\'s error, so the view can say why', async () => {
    const gateway = aGateway();
    await assert.rejects(loadTaskGraph({ ...gateway, projectTaskGraph: () => Promise.reject(new Error('401 unauthorized')) }), /401 unauthorized/);
  });
});
