// The Linear adapter's writes against the fake Linear server, which validates every document
// against Linear's public schema and executes it over its in-memory workspace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse, validate } from 'graphql';
import { LINEAR_MUTATIONS } from '../../../../../host/tracker/linear/linearMutations.ts';
import { linearSchema } from '../../../../fakes/linear/linearSchema.ts';
import { failure, linearFixture } from './linearFixture.ts';

describe('Linear tracker writes', () => {
  test('every write document validates against the pinned Linear schema', () => {
    for (const [name, document] of Object.entries(LINEAR_MUTATIONS)) {
      assert.deepEqual(validate(linearSchema(), parse(document)).map((error) => error.message), [], name);
    }
  });

  test('createComment posts commentCreate on the issue and returns the stored comment', async (t) => {
    const { tracker, graph, server, project } = await linearFixture(t, ({ graph, project }) => { graph.addIssue({ project, title: 'Fix login' }); });
    const [issue] = [...graph.issues.values()];

    const comment = await tracker.createComment(issue!.id, 'The agent finished; see the PR.');

    const stored = [...graph.comments.values()];
    assert.deepEqual(stored.map((entry) => [entry.issueId, entry.body]), [[issue!.id, 'The agent finished; see the PR.']]);
    assert.equal(comment.id, stored[0]!.id);
    assert.match(comment.url ?? '', /^https:\/\/linear\.app\//);
    assert.equal(server.requestsFor('LinearCommentCreate').length, 1);
    assert.ok(project);
  });

  test('transitionIssue turns the state name into the team state id (case-insensitively) and returns the updated issue', async (t) => {
    const { tracker, graph, server } = await linearFixture(t, ({ graph, project }) => { graph.addIssue({ project, state: 'Todo' }); });
    const [issue] = [...graph.issues.values()];

    const updated = await tracker.transitionIssue(issue!.id, 'in progress');

    assert.equal(updated.state, 'In Progress');
    assert.equal(graph.stateName(issue!), 'In Progress');
    assert.deepEqual(server.requestsFor('LinearIssueSetState').map((request) => request.status), [200]);
    assert.equal((await tracker.fetchIssuesByIds([issue!.id]))[0]?.state, 'In Progress', 'reads see the write before the next sync');
  });

  test('an unknown state name is tracker_unknown_state naming the valid ones; nothing is sent to issueUpdate', async (t) => {
    const { tracker, graph, server } = await linearFixture(t, ({ graph, project }) => { graph.addIssue({ project }); });
    const [issue] = [...graph.issues.values()];

    const error = await failure(tracker.transitionIssue(issue!.id, 'Shipped'));

    assert.equal(error.code, 'tracker_unknown_state');
    assert.match(error.message, /Backlog, Todo, In Progress/);
    assert.equal(server.requestsFor('LinearIssueSetState').length, 0);
  });

  test('an issue outside the configured project is tracker_not_found, for comments and transitions alike', async (t) => {
    const { tracker, graph } = await linearFixture(t, ({ graph, otherProject }) => { graph.addIssue({ project: otherProject }); });
    const [elsewhere] = [...graph.issues.values()];

    assert.equal((await failure(tracker.createComment(elsewhere!.id, 'hi'))).code, 'tracker_not_found');
    assert.equal((await failure(tracker.transitionIssue('00000000-0000-4000-8000-000000000000', 'Todo'))).code, 'tracker_not_found');
    assert.equal(graph.comments.size, 0);
  });

  test('createIssue creates a top-level issue in the project and milestone with the team of the project', async (t) => {
    let milestoneId = '';
    const { tracker, graph, project, team } = await linearFixture(t, ({ graph, project }) => {
      graph.addIssue({ project });
      milestoneId = graph.addMilestone(project, { name: 'Beta' }).id;
    });

    const created = await tracker.createIssue({ projectId: project.id, milestoneId, title: 'Write the docs', description: 'All of them', state: 'Backlog', priority: 2 });

    const stored = graph.issues.get(created.id)!;
    assert.deepEqual(
      [stored.teamId, stored.projectId, stored.milestoneId, stored.title, stored.description, graph.stateName(stored), stored.priority],
      [team.id, project.id, milestoneId, 'Write the docs', 'All of them', 'Backlog', 2],
    );
    assert.deepEqual([created.identifier, created.project_id, created.milestone_id, created.state], [stored.identifier, project.id, milestoneId, 'Backlog']);
  });

  test('createIssue with a parent makes a sub-issue in the parent\'s team, project and milestone', async (t) => {
    const { tracker, graph, project } = await linearFixture(t, ({ graph, project }) => {
      graph.addIssue({ project, milestone: graph.addMilestone(project, { name: 'Alpha' }) });
    });
    const [parent] = [...graph.issues.values()];

    const child = await tracker.createIssue({ parentId: parent!.id, title: 'Follow-up' });

    assert.deepEqual([child.parent_id, child.project_id, child.milestone_id, child.state], [parent!.id, project.id, parent!.milestoneId, 'Todo']);
  });

  test('createIssue in another project is tracker_not_found; createMilestone adds a project milestone', async (t) => {
    const { tracker, graph, project, otherProject } = await linearFixture(t);

    assert.equal((await failure(tracker.createIssue({ projectId: otherProject.id, title: 'x' }))).code, 'tracker_not_found');
    const milestone = await tracker.createMilestone({ projectId: project.id, name: 'GA', targetDate: '2027-03-01' });

    assert.deepEqual([milestone.project_id, milestone.name, milestone.target_date], [project.id, 'GA', '2027-03-01']);
    assert.equal(graph.milestones.get(milestone.id)?.name, 'GA');
    assert.equal((await failure(tracker.createMilestone({ projectId: otherProject.id, name: 'x' }))).code, 'tracker_not_found');
  });

  test('refreshIssue reads the issue from Linear now, not from the cache', async (t) => {
    const { tracker, graph, server } = await linearFixture(t, ({ graph, project }) => { graph.addIssue({ project, title: 'Old title' }); });
    const [issue] = [...graph.issues.values()];
    await tracker.fetchAllIssues();
    graph.update(issue!, { title: 'New title' });

    assert.equal((await tracker.fetchIssuesByIds([issue!.id]))[0]?.title, 'Old title', 'within the cache TTL reads come from the cache');
    const before = server.requests.length;
    assert.equal((await tracker.refreshIssue(issue!.id))?.title, 'New title');
    assert.equal(server.requests.length, before + 1);
    graph.archive(issue!);
    assert.equal(await tracker.refreshIssue(issue!.id), undefined);
  });
});
