import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACTIVE_STATES, PROJECT_SLUG, failure, identifiers, linearFixture } from './linearFixture.ts';

describe('Linear adapter: pagination and batching', () => {
  test('a project of 120 issues is listed in pages of 50, each page asking after the previous end cursor', async (t) => {
    const { tracker, server } = await linearFixture(t, ({ graph, project }) => graph.addIssues(120, { project }));
    const issues = await tracker.fetchAllIssues();
    assert.equal(issues.length, 120);
    const pages = server.requestsFor('LinearIssueSync');
    assert.deepEqual(pages.map((page) => page.variables.after), [null, issues[49]!.id, issues[99]!.id]);
    assert.deepEqual(pages.map((page) => page.variables.first), [50, 50, 50]);
  });

  test('a by-id refresh of 120 ids the cache cannot vouch for is asked for in batches of 50, 50 and 20', async (t) => {
    const { tracker, server, clock, graph } = await linearFixture(t, ({ graph, project }) => graph.addIssues(120, { project }));
    await tracker.fetchAllIssues();
    clock.advance(30_000);
    await tracker.fetchAllIssues(); // a delta sync that watched no ids: none of them is settled by it
    const ids = [...graph.issues.keys()].reverse();
    const refreshed = await tracker.fetchIssuesByIds(ids);
    const batches = server.requestsFor('LinearIssuesByIds');
    assert.deepEqual(batches.map((batch) => (batch.variables.ids as string[]).length), [50, 50, 20]);
    assert.deepEqual(batches.map((batch) => batch.variables.first), [50, 50, 20]);
    assert.ok(batches.every((batch) => batch.variables.projectSlug === PROJECT_SLUG), 'every batch stays in the project');
    assert.deepEqual(batches.flatMap((batch) => batch.variables.ids as string[]), ids);
    assert.deepEqual(refreshed.map((issue) => issue.id), ids, 'answers follow the order asked for');
  });

  test('hasNextPage without an end cursor fails with linear_missing_end_cursor after that one page', async (t) => {
    const { tracker, server, requestCount } = await linearFixture(t, ({ graph, project }) => graph.addIssues(70, { project }));
    server.failNext({ kind: 'drop_end_cursor' });
    const error = await failure(tracker.fetchIssuesByStates(ACTIVE_STATES));
    assert.equal(error.code, 'linear_missing_end_cursor');
    assert.match(error.message, /after page 1 but gave no end cursor/);
    assert.equal(requestCount(), 1);
  });

  test('a next page that repeats the previous end cursor fails the same way instead of looping', async (t) => {
    const { tracker, server, requestCount } = await linearFixture(t, ({ graph, project }) => graph.addIssues(70, { project }));
    server.failNext({ kind: 'repeat_end_cursor' }, 2);
    const error = await failure(tracker.fetchIssuesInStates(ACTIVE_STATES));
    assert.equal(error.code, 'linear_missing_end_cursor');
    assert.match(error.message, /the same end cursor again/);
    assert.equal(requestCount(), 2);
  });

  test('a failure on a later page fails the whole listing and leaves the cache as it was', async (t) => {
    const { tracker, server, clock, graph, project } = await linearFixture(t, ({ graph, project }) => graph.addIssues(3, { project }));
    assert.equal((await tracker.fetchAllIssues()).length, 3);
    clock.advance(30_000);
    graph.addIssues(60, { project });
    server.failNext({ kind: 'graphql_error', message: 'boom' }, 1, 1);
    assert.equal((await failure(tracker.fetchAllIssues())).code, 'linear_graphql_errors');
    assert.deepEqual(server.requestsFor('LinearIssueSync').slice(-2).map((page) => page.variables.after === null), [true, false], 'page 2 failed');
    assert.equal(tracker.stats().cached_issues, 3);
    assert.equal((await tracker.fetchAllIssues()).length, 63, 'the next read syncs again from the same point');
  });

  test('milestones beyond the first 50 are read page by page on a full sync, in sort order', async (t) => {
    const { tracker, server } = await linearFixture(t, ({ graph, project }) => {
      for (let index = 0; index < 120; index += 1) graph.addMilestone(project, { name: `M${index + 1}` });
    });
    const { projects, milestones } = await tracker.fetchStructure();
    assert.equal(projects.length, 1);
    assert.deepEqual(milestones.map((milestone) => milestone.name), Array.from({ length: 120 }, (_, index) => `M${index + 1}`));
    assert.equal(server.requestsFor('LinearProjectMilestones').length, 2);
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), []);
  });
});
