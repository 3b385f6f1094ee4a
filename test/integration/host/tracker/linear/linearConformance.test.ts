// Symphony §17.3 (issue tracker adapter conformance), one test per item, against the fake Linear
// server that validates every operation against Linear's real schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LINEAR_ADAPTER_PROFILE } from '../../../../../host/tracker/linear/linearAdapterProfile.ts';
import { ISSUES_BY_IDS_QUERY } from '../../../../../host/tracker/linear/linearQueries.ts';
import { createLinearTracker } from '../../../../../host/tracker/linear/linearTracker.ts';
import { LINEAR_ERROR_CODES } from '../../../../../host/tracker/linear/linearTrackerError.ts';
import { ACTIVE_STATES, PROJECT_SLUG, failure, identifiers, linearFixture } from './linearFixture.ts';

const AFTER_CACHE_TTL_MS = 30_000;

describe('Linear adapter conformance (Symphony §17.3)', () => {
  test('17.3.1 candidate fetch applies the active states and the project scope (filter field slugId)', async (t) => {
    const { tracker, server } = await linearFixture(t, ({ graph, project, otherProject }) => {
      graph.addIssue({ project, state: 'Todo', title: 'in scope, todo' });
      graph.addIssue({ project, state: 'In Progress', title: 'in scope, in progress' });
      graph.addIssue({ project, state: 'Done' });
      graph.addIssue({ project, state: 'Backlog' });
      graph.addIssue({ project: otherProject, state: 'Todo' });
      graph.addIssue({ state: 'Todo' });
    });
    assert.deepEqual(identifiers(await tracker.fetchIssuesByStates([' todo', 'IN PROGRESS '])), ['ENG-1', 'ENG-2']);
    assert.deepEqual(identifiers(await tracker.fetchIssuesInStates(ACTIVE_STATES)), ['ENG-1', 'ENG-2']);
    const [direct] = server.requestsFor('LinearIssuesInStates');
    assert.deepEqual({ slug: direct!.variables.projectSlug, states: direct!.variables.stateNames }, { slug: PROJECT_SLUG, states: ACTIVE_STATES });
    const [sync] = server.requestsFor('LinearIssueSync');
    assert.deepEqual(sync!.variables.filter, { project: { slugId: { eq: PROJECT_SLUG } } });
  });

  test('17.3.2 fetchIssuesByStates([]) returns [] with no provider call', async (t) => {
    const { tracker, requestCount } = await linearFixture(t, ({ graph, project }) => graph.addIssue({ project }));
    assert.deepEqual(await tracker.fetchIssuesByStates([]), []);
    assert.deepEqual(await tracker.fetchIssuesInStates([]), []);
    assert.equal(requestCount(), 0);
  });

  test('17.3.3 fetchIssuesByIds([]) returns [] with no provider call', async (t) => {
    const { tracker, requestCount } = await linearFixture(t, ({ graph, project }) => graph.addIssue({ project }));
    assert.deepEqual(await tracker.fetchIssuesByIds([]), []);
    assert.equal(requestCount(), 0);
  });

  test('17.3.4 pagination keeps order across pages', async (t) => {
    const { tracker, server } = await linearFixture(t, ({ graph, project }) => {
      graph.addIssues(120, (index) => ({ project, state: index % 2 === 0 ? 'Todo' : 'In Progress' }));
    });
    const expected = Array.from({ length: 120 }, (_, index) => `ENG-${index + 1}`);
    assert.deepEqual(identifiers(await tracker.fetchIssuesByStates(ACTIVE_STATES)), expected);
    assert.equal(server.requestsFor('LinearIssueSync').length, 3, 'pages of 50: 50 + 50 + 20');
    assert.deepEqual(identifiers(await tracker.fetchIssuesInStates(ACTIVE_STATES)), expected);
    assert.deepEqual(server.requestsFor('LinearIssuesInStates').map((request) => request.variables.first), [50, 50, 50]);
  });

  test('17.3.5 labels are lower-cased (and trimmed, blanks dropped, de-duplicated)', async (t) => {
    const { tracker } = await linearFixture(t, ({ graph, project }) => graph.addIssue({ project, labels: [' Bug ', 'bug', 'Needs-Review', '   ', 'BUG'] }));
    const [issue] = await tracker.fetchAllIssues();
    assert.deepEqual(issue!.labels, ['bug', 'needs-review']);
  });

  test('17.3.6 unusable optional metadata becomes null or empty without hiding valid required fields', async (t) => {
    const { tracker } = await linearFixture(t, ({ graph, project }) => {
      const weird = graph.addIssue({ project, title: 'Odd record', state: 'In Progress', priority: 2.5 });
      weird.createdAt = 'yesterday-ish';
      weird.updatedAt = 'not a timestamp';
      graph.addIssue({ project, title: 'No priority', priority: 0 });
    });
    const issues = await tracker.fetchAllIssues();
    const weird = issues.find((issue) => issue.title === 'Odd record');
    const noPriority = issues.find((issue) => issue.title === 'No priority');
    assert.deepEqual(
      { priority: weird!.priority, created_at: weird!.created_at, updated_at: weird!.updated_at, description: weird!.description, parent_id: weird!.parent_id, milestone_id: weird!.milestone_id, blocked_by: weird!.blocked_by },
      { priority: null, created_at: null, updated_at: null, description: null, parent_id: null, milestone_id: null, blocked_by: [] },
    );
    assert.deepEqual({ identifier: weird!.identifier, title: weird!.title, state: weird!.state }, { identifier: 'ENG-1', title: 'Odd record', state: 'In Progress' });
    assert.equal(noPriority!.priority, null, 'Linear 0 means no priority');
  });

  test('17.3.7 malformed records are never dropped: state-list reads and by-id refresh fail with linear_malformed_issue naming the record', async (t) => {
    const { tracker, server, clock, graph, project } = await linearFixture(t, ({ graph, project }) => graph.addIssues(3, { project }));
    server.failNext({ kind: 'malformed_issue', field: 'state', index: 1 });
    const listing = await failure(tracker.fetchIssuesByStates(ACTIVE_STATES));
    assert.equal(listing.code, 'linear_malformed_issue');
    assert.match(listing.message, /ENG-2.*no state name/);

    const all = await tracker.fetchAllIssues();
    assert.equal(all.length, 3, 'the failed sync left nothing half-applied, the retry reads everything');
    clock.advance(AFTER_CACHE_TTL_MS);
    await tracker.fetchAllIssues(); // a delta sync: ids not watched by it must be asked for by id
    const target = graph.addIssue({ project });
    server.failNext({ kind: 'malformed_issue', field: 'identifier' });
    const refresh = await failure(tracker.fetchIssuesByIds([target.id]));
    assert.equal(refresh.code, 'linear_malformed_issue');
    assert.match(refresh.message, new RegExp(target.id));
    assert.equal(server.requests.at(-1)!.operationName, 'LinearIssuesByIds');
  });

  test('17.3.8 refresh by opaque id returns full snapshots ([ID!], project-scoped); unknown and out-of-scope ids are left out', async (t) => {
    const { tracker, clock, graph, project, otherProject } = await linearFixture(t, ({ graph, project }) => graph.addIssues(2, { project }));
    const [first] = [...graph.issues.values()];
    const stranger = graph.addIssue({ project: otherProject });
    await tracker.fetchAllIssues();
    graph.update(first!, { state: 'In Progress', labels: ['Backend'], title: 'Renamed', priority: 1 });
    const blocker = graph.addIssue({ project, state: 'Todo' });
    graph.addBlocks(blocker, first!);
    clock.advance(AFTER_CACHE_TTL_MS);
    const refreshed = await tracker.fetchIssuesByIds([first!.id, 'no-such-id', first!.id, stranger.id]);
    assert.equal(refreshed.length, 1);
    assert.deepEqual(
      { ...refreshed[0], created_at: null, updated_at: null },
      {
        id: first!.id, identifier: 'ENG-1', title: 'Renamed', description: null, priority: 1, state: 'In Progress',
        branch_name: 'eng-1', url: 'https://linear.app/fake/issue/eng-1', labels: ['backend'], parent_id: null,
        project_id: project.id, milestone_id: null, blocked_by: [{ id: blocker.id, identifier: blocker.identifier, state: 'Todo' }],
        created_at: null, updated_at: null, assignee: null,
      },
    );
    assert.match(ISSUES_BY_IDS_QUERY, /\$ids: \[ID!\]!/);
  });

  test('17.3.9 no native_ref is needed: the dispatch id is the Linear issue id, and refresh works by it', async (t) => {
    const { tracker, graph } = await linearFixture(t, ({ graph, project }) => graph.addIssue({ project }));
    const [linearIssue] = [...graph.issues.values()];
    const [issue] = await tracker.fetchAllIssues();
    assert.equal(issue!.id, linearIssue!.id);
    assert.deepEqual(identifiers(await tracker.fetchIssuesByIds([linearIssue!.id])), [linearIssue!.identifier]);
  });

  test('17.3.10 blocker rules: blocked_by holds the inverse `blocks` relations with each blocker\'s current state (the orchestrator derives dispatchability)', async (t) => {
    const seeded: Record<string, string> = {};
    const { tracker, clock, graph } = await linearFixture(t, ({ graph, project }) => {
      const blocker = graph.addIssue({ project, state: 'In Progress' });
      const blocked = graph.addIssue({ project, state: 'Todo' });
      const related = graph.addIssue({ project });
      graph.addBlocks(blocker, blocked);
      graph.addRelation('related', related, blocked);
      graph.addRelation('duplicate', related, blocked);
      Object.assign(seeded, { blocker: blocker.id, blocked: blocked.id });
    });
    const byId = async () => new Map((await tracker.fetchAllIssues()).map((issue) => [issue.id, issue]));
    let issues = await byId();
    assert.deepEqual(issues.get(seeded.blocked!)!.blocked_by, [{ id: seeded.blocker, identifier: 'ENG-1', state: 'In Progress' }]);
    assert.deepEqual(issues.get(seeded.blocker!)!.blocked_by, [], 'an outgoing blocks relation does not block the blocker');
    graph.update(graph.issues.get(seeded.blocker!)!, { state: 'Done' });
    graph.update(graph.issues.get(seeded.blocked!)!, { title: 'blocker finished' });
    clock.advance(AFTER_CACHE_TTL_MS);
    issues = await byId();
    assert.deepEqual(issues.get(seeded.blocked!)!.blocked_by, [{ id: seeded.blocker, identifier: 'ENG-1', state: 'Done' }]);
  });

  test('17.3.11 the adapter publishes its profile: config, scope, normalisation, tools and the mapping of every error code', () => {
    assert.deepEqual(Object.keys(LINEAR_ADAPTER_PROFILE.errors).sort(), [...LINEAR_ERROR_CODES].sort());
    assert.deepEqual(Object.keys(LINEAR_ADAPTER_PROFILE.config), ['tracker.endpoint', 'tracker.api_key', 'tracker.project_slug', 'tracker.active_states', 'tracker.terminal_states']);
    assert.match(LINEAR_ADAPTER_PROFILE.scope, /slugId/);
    assert.deepEqual(LINEAR_ADAPTER_PROFILE.tools.map((tool) => tool.name), ['linear_graphql']);
    assert.ok(LINEAR_ADAPTER_PROFILE.normalization.some((rule) => rule.startsWith('blocked_by: inverseRelations of type blocks')));
  });

  test('17.3.12 error mapping covers config, request, non-success, malformed payload, pagination and rate limit', async (t) => {
    const config = await failure(Promise.resolve().then(() => createLinearTracker({ apiKey: null, projectSlug: PROJECT_SLUG })));
    const fixture = await linearFixture(t, ({ graph, project }) => graph.addIssues(60, { project }));
    const closed = await linearFixture(t);
    await closed.server.close();
    const request = await failure(closed.tracker.fetchAllIssues());
    const observed: Record<string, string | undefined> = { config: config.code, request: request.code };
    const faults = [
      ['non-success', { kind: 'http_status', status: 503 }],
      ['malformed payload', { kind: 'not_json' }],
      ['pagination', { kind: 'drop_end_cursor' }],
      ['rate limit', { kind: 'rate_limited', retryAfterSeconds: 1 }],
    ] as const;
    for (const [category, fault] of faults) {
      fixture.server.failNext(fault);
      observed[category] = (await failure(fixture.tracker.fetchAllIssues())).code;
      fixture.clock.advance(2_000);
    }
    assert.deepEqual(observed, {
      config: 'missing_tracker_api_key', request: 'linear_api_request', 'non-success': 'linear_api_status',
      'malformed payload': 'linear_unknown_payload', pagination: 'linear_missing_end_cursor', 'rate limit': 'tracker_rate_limited',
    });
  });
});
