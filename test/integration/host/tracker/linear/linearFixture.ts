import type { TestContext } from 'node:test';
import type { Logger } from '../../../../../host/base/logger.ts';
import { createLinearTracker } from '../../../../../host/tracker/linear/linearTracker.ts';
import type { LinearTracker, LinearTrackerOptions } from '../../../../../host/tracker/linear/linearTracker.ts';
import { ManualClock } from '../../../../fakes/manualClock.ts';
import type { FakeLinearGraph, FakeProject, FakeTeam } from '../../../../fakes/linear/fakeLinearGraph.ts';
import { FakeLinearServer } from '../../../../fakes/linear/fakeLinearServer.ts';

/** A personal API key shaped like Linear's; tests assert it never leaks into messages or logs. */
export const API_KEY = 'lin_api_TESTSECRET_4f7a9c2e61b8d053';
export const PROJECT_SLUG = 'a1b2c3d4e5f6';
export const ACTIVE_STATES = ['Todo', 'In Progress'];
export const TERMINAL_STATES = ['Done', 'Canceled', 'Duplicate'];
/** Longer than the sync overlap, so seeded issues are not "recent" when the tracker first syncs. */
export const SETTLE_MS = 60_000;

export interface LinearFixture {
  clock: ManualClock;
  server: FakeLinearServer;
  graph: FakeLinearGraph;
  team: FakeTeam;
  project: FakeProject;
  /** Another project in the same workspace: its issues are out of scope. */
  otherProject: FakeProject;
  tracker: LinearTracker;
  /** Every log line the tracker wrote, formatted. */
  logs: string[];
  /** Number of requests the fake has received so far. */
  requestCount(): number;
}

/**
 * A fake Linear workspace (one team, the configured project and another one) and a Linear tracker
 * pointed at it, both on a manual clock; `seed` fills the graph before the clock moves on by
 * SETTLE_MS. Everything is closed when the test ends.
 */
export async function linearFixture(t: TestContext, seed: (fixture: Omit<LinearFixture, 'tracker' | 'logs' | 'requestCount'>) => void = () => {}, options: Partial<LinearTrackerOptions> & { serverKey?: string } = {}): Promise<LinearFixture> {
  const clock = new ManualClock();
  const server = await FakeLinearServer.start({ apiKey: options.serverKey ?? API_KEY, clock });
  t.after(() => server.close());
  const graph = server.graph;
  const team = graph.addTeam('ENG');
  const project = graph.addProject({ name: 'Orchestrator', slugId: PROJECT_SLUG });
  const otherProject = graph.addProject({ name: 'Elsewhere', slugId: 'ffffffffffff' });
  seed({ clock, server, graph, team, project, otherProject });
  clock.advance(SETTLE_MS);
  const logs: string[] = [];
  const log: Logger = { log: (level, component, message, fields) => logs.push(`${level} [${component}] ${message} ${JSON.stringify(fields ?? {})}`) };
  const tracker = createLinearTracker({
    endpoint: server.endpoint, apiKey: API_KEY, projectSlug: PROJECT_SLUG, activeStates: ACTIVE_STATES, terminalStates: TERMINAL_STATES, clock, log, ...options,
  });
  t.after(() => tracker.dispose());
  return { clock, server, graph, team, project, otherProject, tracker, logs, requestCount: () => server.requests.length };
}

/** Rejection of `promise`, which must fail; the test fails if it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const identifiers = (issues: readonly { identifier: string }[]): string[] => issues.map((issue) => issue.identifier);
