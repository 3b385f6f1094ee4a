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

  // Writes and forced reads. Optional: an adapter that cannot do one omits it, and the gateway
  // answers that action with a `not_supported` rejection. Failures are CodedErrors; see TrackerWriteErrorCode.

  /** Reads one issue at the source now, bypassing any cache; undefined when it is gone or out of scope. */
  refreshIssue?(issueId: string): Promise<Issue | undefined>;
  /** Adds a comment (Markdown) to an issue. */
  createComment?(issueId: string, body: string): Promise<TrackerComment>;
  /** Moves an issue to the workflow state named `stateName` (compared case-insensitively) and returns it as stored. */
  transitionIssue?(issueId: string, stateName: string): Promise<Issue>;
  /** Creates an issue (a sub-issue when `parentId` is set) and returns it as stored. */
  createIssue?(input: NewTrackerIssue): Promise<Issue>;
  /** Creates a milestone in a project and returns it as stored. */
  createMilestone?(input: NewTrackerMilestone): Promise<Milestone>;
}

/** A comment as the tracker stored it. */
export interface TrackerComment {
  id: string;
  url: string | null;
  created_at: string;
}

/** What `createIssue` needs; a sub-issue (`parentId`) defaults to its parent's project and milestone. */
export interface NewTrackerIssue {
  title: string;
  description?: string | null;
  projectId?: string | null;
  milestoneId?: string | null;
  parentId?: string | null;
  /** A workflow state name; the tracker's default state when absent. */
  state?: string | null;
  /** 1 urgent … 4 low. */
  priority?: number | null;
}

/** What `createMilestone` needs; `targetDate` is `YYYY-MM-DD`. */
export interface NewTrackerMilestone {
  projectId: string;
  name: string;
  description?: string | null;
  targetDate?: string | null;
}

/**
 * Codes every adapter uses for write failures the caller can act on (beside its own codes such as
 * `tracker_rate_limited`): the issue, project or milestone does not exist; the state name is not a
 * state of the issue's workflow; the tracker refused the values.
 */
export const TrackerWriteErrorCode = {
  notFound: 'tracker_not_found',
  unknownState: 'tracker_unknown_state',
  rejected: 'tracker_write_rejected',
} as const;
