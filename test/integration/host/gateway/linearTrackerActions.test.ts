// Tracker actions through the real gateway into the Linear adapter, against the fake Linear server
// (every document validated against Linear's schema): receipts, reason codes and journaled events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { createHostTrackerActions } from '../../../../host/composition/hostTrackerActions.ts';
import { ActionReceiptSchema } from '../../../../host/protocol/index.ts';
import type { ActionReceipt } from '../../../../host/protocol/index.ts';
import type { Role } from '../../../../host/gateway/roles.ts';
import { linearFixture } from '../tracker/linear/linearFixture.ts';
import type { LinearFixture } from '../tracker/linear/linearFixture.ts';
import type { GatewayFixture } from './gatewayFixture.ts';
import { auth, httpRequest, startGateway, TOKENS } from './gatewayFixture.ts';

interface Setup { gw: GatewayFixture; linear: LinearFixture; act(path: string, body: unknown, role?: Role): Promise<ActionReceipt> }

async function setUp(t: TestContext, transport: 'unix' | 'tcp'): Promise<Setup> {
  const gw = await startGateway(t, {}, { transport });
  const linear = await linearFixture(t, ({ graph, project }) => {
    graph.addIssue({ project, title: 'Ship the gateway', state: 'Todo' });
    graph.addMilestone(project, { name: 'Beta' });
  });
  Object.assign(gw.backend, { trackerActions: createHostTrackerActions({ journal: gw.journal, tracker: () => linear.tracker, knownIssues: () => [] }) });
  const act = async (path: string, body: unknown, role: Role = 'operator') => {
    const response = await httpRequest(gw.endpoint, {
      method: 'POST', path: path.startsWith('/') ? path : `/api/v1/actions/${path}`, headers: { ...auth(TOKENS[role]), 'idempotency-key': `k-${Math.random()}` }, body: JSON.stringify(body),
    });
    assert.equal(response.status, 200, response.text);
    return ActionReceiptSchema.parse(response.json);
  };
  return { gw, linear, act };
}

const verdict = (receipt: ActionReceipt) => [receipt.accepted, receipt.reason_code ?? null];

for (const transport of ['unix', 'tcp'] as const) {
  describe(`Linear tracker actions (${transport})`, { timeout: 30_000 }, () => {
    it('comment and transition-issue write to Linear and journal what changed', async (t) => {
      const { gw, linear, act } = await setUp(t, transport);
      const [issue] = [...linear.graph.issues.values()];

      const comment = await act('comment', { issue_id: issue!.id, body: 'Done in the gateway' });
      const transition = await act('transition-issue', { issue_id: issue!.id, state: 'In Progress' });

      assert.deepEqual([verdict(comment), verdict(transition)], [[true, null], [true, null]]);
      assert.deepEqual([...linear.graph.comments.values()].map((entry) => entry.body), ['Done in the gateway']);
      assert.equal(linear.graph.stateName(issue!), 'In Progress');
      const events = gw.journal.read(0, 100);
      assert.deepEqual(events.map((event) => [event.type, event.correlation_id]), [
        ['tracker.comment_created', comment.correlation_id], ['tracker.synced', transition.correlation_id],
      ]);
      assert.equal((events[1]!.payload.upserted as { state: string }[])[0]?.state, 'In Progress');
    });

    it('an unknown state is invalid_request, an issue outside the project not_found, a rate limit unavailable', async (t) => {
      const { linear, act } = await setUp(t, transport);
      const [issue] = [...linear.graph.issues.values()];
      const elsewhere = linear.graph.addIssue({ project: linear.otherProject });

      const unknownState = await act('transition-issue', { issue_id: issue!.id, state: 'Shipped' });
      const outside = await act('comment', { issue_id: elsewhere.id, body: 'x' });
      linear.server.failNext({ kind: 'rate_limited' });
      const limited = await act('comment', { issue_id: issue!.id, body: 'x' });

      assert.deepEqual([unknownState, outside, limited].map(verdict), [[false, 'invalid_request'], [false, 'not_found'], [false, 'unavailable']]);
      assert.match(unknownState.reason ?? '', /not a workflow state .* Todo, In Progress/);
      assert.equal(linear.graph.comments.size, 0);
    });

    it('admins create a milestone, an issue in it, a sub-issue and a follow-up through Linear', async (t) => {
      const { linear, act } = await setUp(t, transport);
      const [parent] = [...linear.graph.issues.values()];
      const project = linear.project;

      const milestone = await act('/api/v1/taskgraph/milestones', { project_id: project.id, name: 'GA', target_date: '2027-03-01' }, 'admin');
      const issue = await act('/api/v1/taskgraph/issues', { project_id: project.id, milestone_id: milestone.result?.milestone_id, title: 'Launch', state: 'Backlog' }, 'admin');
      const sub = await act('/api/v1/taskgraph/sub-issues', { parent_issue_id: parent!.id, title: 'Docs' }, 'admin');
      const followup = await act('create-followup', { issue_id: parent!.id, title: 'Follow-up' });

      assert.deepEqual([milestone, issue, sub, followup].map(verdict), Array(4).fill([true, null]));
      const created = linear.graph.issues.get(issue.result?.issue_id as string)!;
      assert.deepEqual([created.title, created.milestoneId, linear.graph.stateName(created)], ['Launch', milestone.result?.milestone_id, 'Backlog']);
      assert.deepEqual([sub, followup].map((receipt) => linear.graph.issues.get(receipt.result?.issue_id as string)?.parentId), [parent!.id, parent!.id]);
      assert.equal(linear.server.requests.filter((request) => request.status !== 200).length, 0, 'every operation validated against the schema');
    });
  });
}
