import type { Issue, Milestone, Project } from '../protocol/index.ts';
import type { Event } from '../base/emitter.ts';
import type { IDisposable } from '../base/lifecycle.ts';

/** The tracker port (Symphony §5.1). Adapters: `local` (a YAML file), `linear` (GraphQL). */
export interface Tracker extends IDisposable {
  readonly kind: string;
  /** Issues whose state is one of `states` (compared trimmed, lower-case). */
  fetchIssuesByStates(states: readonly string[]): Promise<Issue[]>;
  /** Every issue in the configured scope (any state), for the task-graph view. */
  fetchAllIssues(): Promise<Issue[]>;
  /** The projects and milestones in scope, for the task graph (issues carry project_id / milestone_id). */
  fetchStructure(): Promise<{ projects: Project[]; milestones: Milestone[] }>;
  /** Current records for these ids; unknown ids are left out. */
  fetchIssuesByIds(ids: readonly string[]): Promise<Issue[]>;
  /** Fires when the tracker knows its data changed (file watch, webhook); polling still applies. */
  readonly onDidChange: Event<void>;
  /** What the adapter has cost so far (requests, rate limits), for the dashboard; adapters without costs omit it. */
  stats?(): Record<string, unknown>;
}
