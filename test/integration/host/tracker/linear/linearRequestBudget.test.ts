import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_FULL_RESYNC_INTERVAL_MS } from '../../../../../host/tracker/linear/linearTracker.ts';
import type { LinearTracker } from '../../../../../host/tracker/linear/linearTracker.ts';
import { ACTIVE_STATES, TERMINAL_STATES, identifiers, linearFixture } from './linearFixture.ts';

const POLL_INTERVAL_MS = 30_000;

/**
 * Everything one orchestrator poll tick may read, in the order a Symphony tick does: reconcile the
 * running issues by id, fetch candidates, refresh the task graph, and a worker's between-turn refresh.
 */
async function pollTick(tracker: LinearTracker, runningIds: readonly string[]): Promise<void> {
  await tracker.fetchIssuesByIds(runningIds);
  await tracker.fetchIssuesByStates(ACTIVE_STATES);
  await tracker.fetchAllIssues();
  await tracker.fetchStructure();
  await tracker.fetchIssuesByIds(runningIds.slice(0, 1));
}

describe('Linear adapter: request budget', () => {
  test('an idle poll tick costs one request, whatever the tick reads (measured over 10 ticks, 120 issues, 3 running)', async (t) => {
    const { tracker, clock, graph, server } = await linearFixture(t, ({ graph, project }) => {
      const milestone = graph.addMilestone(project);
      graph.addIssues(120, (index) => ({ project, milestone, state: ACTIVE_STATES[index % 2], labels: ['Backend'] }));
    });
    const running = [...graph.issues.keys()].slice(0, 3);
    await pollTick(tracker, running);
    assert.equal(server.requests.length, 3, 'the first tick lists the project: 3 pages of 50');
    const perTick: number[] = [];
    for (let tick = 0; tick < 10; tick += 1) {
      clock.advance(POLL_INTERVAL_MS);
      const before = server.requests.length;
      await pollTick(tracker, running);
      perTick.push(server.requests.length - before);
    }
    t.diagnostic(`Linear requests per idle tick: ${perTick.join(', ')}`);
    assert.deepEqual(perTick, Array(10).fill(1));
  });

  test('a change is picked up by the next tick within its one request, and read at most twice', async (t) => {
    const { tracker, clock, graph, server } = await linearFixture(t, ({ graph, project }) => graph.addIssues(5, { project }));
    await tracker.fetchAllIssues();
    const [changed] = [...graph.issues.values()];
    clock.advance(POLL_INTERVAL_MS);
    graph.update(changed!, { state: 'In Progress' });
    const before = server.requests.length;
    assert.deepEqual(identifiers(await tracker.fetchIssuesByStates(['In Progress'])), [changed!.identifier]);
    assert.equal(server.requests.length - before, 1);
    for (let tick = 0; tick < 3; tick += 1) {
      clock.advance(POLL_INTERVAL_MS);
      await tracker.fetchAllIssues();
    }
    const deltas = server.requestsFor('LinearIssueSync').slice(1);
    assert.deepEqual(deltas.map((request) => request.issueNodes), [1, 1, 0, 0], 'read when changed, once more inside the overlap, then never');
  });

  test('reads inside the cache window share one sync, and concurrent reads share one request', async (t) => {
    const { tracker, server } = await linearFixture(t, ({ graph, project }) => graph.addIssues(5, { project }));
    await Promise.all([tracker.fetchAllIssues(), tracker.fetchIssuesByStates(ACTIVE_STATES), tracker.fetchStructure()]);
    await tracker.fetchIssuesByStates(TERMINAL_STATES);
    assert.equal(server.requests.length, 1);
  });

  test('archived and deleted issues leave the cache with the next delta', async (t) => {
    const { tracker, clock, graph } = await linearFixture(t, ({ graph, project }) => graph.addIssues(3, { project }));
    await tracker.fetchAllIssues();
    const [archived, trashed] = [...graph.issues.values()];
    graph.archive(archived!);
    graph.trash(trashed!);
    clock.advance(POLL_INTERVAL_MS);
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), ['ENG-3']);
  });

  test(`an unwatched issue that moves to another project stays until the full resync (every ${DEFAULT_FULL_RESYNC_INTERVAL_MS / 60_000} minutes)`, async (t) => {
    const { tracker, clock, graph, otherProject, server } = await linearFixture(t, ({ graph, project }) => graph.addIssues(3, { project }));
    await tracker.fetchAllIssues();
    const [moved] = [...graph.issues.values()];
    graph.update(moved!, { project: otherProject });
    clock.advance(POLL_INTERVAL_MS);
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), ['ENG-1', 'ENG-2', 'ENG-3'], 'a delta cannot see it leave');
    clock.advance(DEFAULT_FULL_RESYNC_INTERVAL_MS);
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), ['ENG-2', 'ENG-3']);
    assert.deepEqual(server.requestsFor('LinearIssueSync').at(-1)!.variables.includeArchived, false, 'that was a full listing');
  });

  test('a running (watched) issue that leaves the project or is deleted is gone from by-id refresh on the next tick', async (t) => {
    const { tracker, clock, graph, otherProject } = await linearFixture(t, ({ graph, project }) => graph.addIssues(3, { project }));
    const [moved, purged, kept] = [...graph.issues.values()];
    const running = [moved!.id, purged!.id, kept!.id];
    assert.equal((await tracker.fetchIssuesByIds(running)).length, 3);
    graph.update(moved!, { project: otherProject });
    graph.purge(purged!);
    clock.advance(POLL_INTERVAL_MS);
    assert.deepEqual(identifiers(await tracker.fetchIssuesByIds(running)), [kept!.identifier]);
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), [kept!.identifier]);
  });

  test('stats report requests per operation, complexity from X-Complexity and the latest rate-limit headers', async (t) => {
    const { tracker, clock, server } = await linearFixture(t, ({ graph, project }) => graph.addIssues(60, { project }));
    await tracker.fetchAllIssues();
    await tracker.fetchIssuesInStates(TERMINAL_STATES);
    const stats = tracker.stats();
    assert.deepEqual(stats.requests_by_operation, { sync: 2, issues_in_states: 1 });
    assert.equal(stats.requests, server.requests.length);
    assert.ok(stats.complexity_used > stats.last_complexity! && stats.last_complexity! > 0);
    assert.deepEqual(stats.rate_limit?.requests, { limit: 2500, remaining: 2497, reset_at: clock.now() - 60_000 + 3_600_000 });
    assert.deepEqual({ cached: stats.cached_issues, at: stats.last_request_at, full: stats.last_full_sync_at }, { cached: 60, at: new Date(clock.now()).toISOString(), full: new Date(clock.now()).toISOString() });
  });
});
