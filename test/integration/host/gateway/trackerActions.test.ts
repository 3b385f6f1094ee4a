// Tracker writes and task-graph detail reads through the real gateway, over a real host whose
// tracker is the local issues file: the file changes, the journal tells, the task graph follows.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { it } from 'node:test';
import { parse } from 'yaml';
import {
  ErrorEnvelopeSchema, IssueDetailSchema, MilestoneDetailSchema, ProjectDetailSchema, SubIssuePageSchema,
} from '../../../../host/protocol/index.ts';
import type { ActionReceipt } from '../../../../host/protocol/index.ts';
import { HostGateway, ISSUES_YAML, overTransports } from './hostGatewayFixture.ts';

type IssuesFile = { issues: { identifier: string; state: string; parent?: string; milestone?: string; created_at?: string; comments?: { body: string }[] }[]; milestones?: { name: string }[] };

const verdict = (receipt: ActionReceipt) => [receipt.accepted, receipt.reason_code ?? null];
const fileOf = (host: HostGateway): IssuesFile => parse(readFileSync(host.issuesPath, 'utf8')) as IssuesFile;

overTransports('tracker actions', (transport) => {
  it('comment appends to the local issue and journals tracker.comment_created with the correlation id', async (t) => {
    const host = await HostGateway.start(t, { transport });

    const receipt = await host.act('comment', { issue_id: 'OS-3', body: 'Needs a test for the empty case.' });
    const event = await host.event((candidate) => candidate.type === 'tracker.comment_created');

    assert.deepEqual([verdict(receipt), receipt.expected_events, receipt.result?.comment_id], [[true, null], ['tracker.comment_created'], 'OS-3#comment-1']);
    assert.deepEqual(fileOf(host).issues[2]?.comments?.map((comment) => comment.body), ['Needs a test for the empty case.']);
    assert.deepEqual([event.correlation_id, event.actor], [receipt.correlation_id, { kind: 'user', id: 'operator' }]);
    assert.deepEqual(verdict(await host.act('comment', { issue_id: 'NOPE-1', body: 'x' })), [false, 'not_found']);
  });

  it('transition-issue rewrites the state; the task graph shows it in the same answer cycle', async (t) => {
    const host = await HostGateway.start(t, { transport });

    const receipt = await host.act('transition-issue', { issue_id: 'OS-3', state: 'Done' });
    const issue = IssueDetailSchema.parse((await host.get('/api/v1/issues/OS-3')).json);

    assert.deepEqual([verdict(receipt), receipt.expected_events, receipt.result?.state], [[true, null], ['tracker.synced'], 'Done']);
    assert.equal(fileOf(host).issues[2]?.state, 'Done');
    assert.deepEqual([issue.node.issue.state, issue.node.runtime.status], ['Done', 'done']);
    const synced = await host.event((event) => event.type === 'tracker.synced' && event.correlation_id === receipt.correlation_id);
    assert.deepEqual(synced.payload.removed, []);
  });

  it('create-followup adds a sub-issue of the issue; sub-issues and issue reads list it', async (t) => {
    const host = await HostGateway.start(t, { transport });

    const receipt = await host.act('create-followup', { issue_id: 'OS-3', title: 'Handle the empty case', description: 'found in review' });
    const children = SubIssuePageSchema.parse((await host.get('/api/v1/sub-issues/OS-3')).json);

    assert.deepEqual([verdict(receipt), receipt.result?.identifier], [[true, null], 'OS-4']);
    assert.deepEqual(fileOf(host).issues[3], { identifier: 'OS-4', title: 'Handle the empty case', state: 'Todo', description: 'found in review', parent: 'OS-3', created_at: fileOf(host).issues[3]?.created_at });
    assert.deepEqual([children.parent.id, children.issues.map((node) => node.id), children.total_issues], ['OS-3', ['OS-4'], 1]);
  });

  it('admins create milestones, issues and sub-issues; operators may not', async (t) => {
    const host = await HostGateway.start(t, { transport });

    const forbidden = await host.post('/api/v1/taskgraph/issues', { project_id: 'local', title: 'x' }, { role: 'operator' });
    const milestone = await host.act('/api/v1/taskgraph/milestones', { project_id: 'local', name: 'GA', target_date: '2027-03-01' }, { role: 'admin' });
    await host.event((event) => event.type === 'taskgraph.structure_synced' && JSON.stringify(event.payload).includes('milestone:GA'));
    const issue = await host.act('/api/v1/taskgraph/issues', { project_id: 'local', milestone_id: 'milestone:GA', title: 'Launch', priority: 1 }, { role: 'admin' });
    const sub = await host.act('/api/v1/taskgraph/sub-issues', { parent_issue_id: 'OS-1', title: 'Part of the parent' }, { role: 'admin' });
    const badDate = await host.post('/api/v1/taskgraph/milestones', { project_id: 'local', name: 'X', target_date: 'soon' }, { role: 'admin' });

    assert.deepEqual([forbidden.status, ErrorEnvelopeSchema.parse(forbidden.json).error.code], [403, 'forbidden']);
    assert.deepEqual([milestone, issue, sub].map(verdict), [[true, null], [true, null], [true, null]]);
    assert.deepEqual([milestone.action, issue.action, sub.action], ['create-milestone', 'create-issue', 'create-sub-issue']);
    assert.deepEqual(fileOf(host).milestones, [{ name: 'GA', target_date: '2027-03-01' }]);
    const project = ProjectDetailSchema.parse((await host.get('/api/v1/projects/local')).json);
    assert.deepEqual(project.milestones.map((node) => node.milestone.name), ['GA', 'Beta']);
    const ga = MilestoneDetailSchema.parse((await host.get(`/api/v1/milestones/${encodeURIComponent('milestone:GA')}`)).json);
    assert.deepEqual(ga.issues.map((node) => [node.issue.title, node.issue.priority]), [['Launch', 1]]);
    assert.deepEqual(fileOf(host).issues.at(-1), { identifier: 'OS-5', title: 'Part of the parent', state: 'Todo', parent: 'OS-1', milestone: 'Beta', created_at: fileOf(host).issues.at(-1)?.created_at });
    assert.equal(badDate.status, 400);
  });

  it('rehydrate re-reads an issue from the tracker now and journals it; an unknown issue is not_found', async (t) => {
    const host = await HostGateway.start(t, { transport });
    writeFileSync(host.issuesPath, ISSUES_YAML.replace('title: Child work', 'title: Child work, renamed'));

    const receipt = await host.act('rehydrate', { issue_id: 'OS-2' });
    const issue = IssueDetailSchema.parse((await host.get('/api/v1/issues/OS-2')).json);

    assert.deepEqual([verdict(receipt), receipt.expected_events], [[true, null], ['tracker.synced']]);
    assert.equal(issue.node.issue.title, 'Child work, renamed');
    assert.deepEqual(verdict(await host.act('rehydrate', { issue_id: 'NOPE-1' })), [false, 'not_found']);
  });

  it('tracker action bodies are strict', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const outcomes = [];
    for (const [action, body] of [
      ['comment', { issue_id: 'OS-1', body: '' }], ['comment', { issue_id: 'OS-1', body: 'x', author: 'me' }],
      ['transition-issue', { issue_id: 'OS-1' }], ['create-followup', { issue_id: 'OS-1', title: 'x'.repeat(300) }], ['rehydrate', { id: 'OS-1' }],
    ] as const) {
      const response = await host.post(`/api/v1/actions/${action}`, body);
      outcomes.push([response.status, ErrorEnvelopeSchema.parse(response.json).error.code]);
    }
    assert.deepEqual(outcomes, Array(5).fill([400, 'invalid_request']));
  });
});

overTransports('task-graph detail reads', (transport) => {
  it('project, milestone, issue and sub-issue reads serve nodes with overlays, runs and pages', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');
    const client = host.client('viewer');

    const project = await client.project('local');
    const beta = await client.milestone('milestone:Beta');
    const issue = await client.issue('OS-3');
    const children = await client.subIssues('OS-1', { limit: 1 });
    const graph = await client.projectTaskGraph('local', { limit: 2 });

    assert.deepEqual([project.project.id, project.project.counts.issues, project.project.counts.running], ['local', 3, 1]);
    assert.deepEqual(project.milestones.map((node) => node.id), ['milestone:Beta']);
    assert.deepEqual([beta.milestone.milestone.name, beta.issues.map((node) => node.id), beta.total_issues], ['Beta', ['OS-1'], 1]);
    assert.deepEqual([issue.node.runtime.status, issue.node.runtime.active_run?.id, issue.runs.map((entry) => entry.id)], ['running', run.id, [run.id]]);
    assert.deepEqual([children.issues.map((node) => node.id), children.total_issues, children.next_cursor], [['OS-2'], 1, null]);
    assert.deepEqual([graph.issues.length, graph.total_issues, typeof graph.next_cursor], [2, 3, 'string']);
    const missing = [];
    for (const path of ['/api/v1/projects/nope', '/api/v1/milestones/nope', '/api/v1/issues/nope', '/api/v1/sub-issues/nope', '/api/v1/sub-issues/OS-1?cursor=garbage']) {
      const response = await host.get(path);
      missing.push([response.status, ErrorEnvelopeSchema.parse(response.json).error.code]);
    }
    assert.deepEqual(missing, [[404, 'not_found'], [404, 'not_found'], [404, 'not_found'], [404, 'not_found'], [400, 'invalid_request']]);
  });
});
