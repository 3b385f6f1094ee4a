import { z } from 'zod';
import { IssueSchema, MilestoneSchema, ProjectSchema, TokenTotalsSchema } from './dto.ts';

// The task graph: projects → milestones → issues → sub-issues, each issue with its runtime overlay.
// Built for tree clients that refresh one node at a time: every node has a stable `node_id`, names
// its parent by `parent_node_id`, and carries an `order` key that sorts it among its siblings, so a
// `taskgraph.node_changed` event can be applied without refetching the parent.

export const TaskGraphNodeKindSchema = z.enum(['project', 'milestone', 'issue']);
export type TaskGraphNodeKind = z.infer<typeof TaskGraphNodeKindSchema>;

/** Project id of the synthetic project that holds issues without one. */
export const UNASSIGNED_PROJECT_ID = '_none';

/** `<kind>:<tracker id>`: unique across kinds, stable for the life of the tracker record. */
export function taskGraphNodeId(kind: TaskGraphNodeKind, id: string): string {
  return `${kind}:${id}`;
}

/**
 * Where an issue stands with the scheduler, estimated from tracker state, WORKFLOW.md and the
 * journal (the orchestrator's own decision stays authoritative):
 * - `unknown`: no workflow is loaded;
 * - `done`: the tracker state is terminal;
 * - `inactive`: neither active nor terminal (e.g. Backlog, Human Review);
 * - `ineligible`: active, but a required label is missing;
 * - `blocked`: held back by the hierarchy rule: open sub-issues, or Todo with a non-terminal blocker;
 * - `eligible`: could be dispatched at the next poll;
 * - `queued` / `running`: a run waits for a slot / is running;
 * - `retrying`: no run now, a retry is scheduled.
 */
export const IssueStatusSchema = z.enum(['unknown', 'done', 'inactive', 'ineligible', 'blocked', 'eligible', 'queued', 'running', 'retrying']);
export type IssueStatus = z.infer<typeof IssueStatusSchema>;

/** One `blocked_by` entry with the blocker's freshest known state. */
export const BlockerStatusSchema = z.object({
  id: z.string().nullable(),
  identifier: z.string().nullable(),
  state: z.string().nullable(),
  /** True when the blocker's state is one of `tracker.terminal_states`. */
  terminal: z.boolean(),
});
export type BlockerStatus = z.infer<typeof BlockerStatusSchema>;

/** The run of an issue that is queued or running. */
export const ActiveRunSchema = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running']),
  attempt: z.number().int().nullable(),
  turn: z.number().int().nonnegative(),
  max_turns: z.number().int().nonnegative(),
  queued_at: z.string().nullable(),
  started_at: z.string().nullable(),
  terminal_stream_id: z.string().nullable(),
  /** True while an operator has paused the agent (the run stays `running`); absent from older hosts. */
  paused: z.boolean().optional(),
});
export type ActiveRun = z.infer<typeof ActiveRunSchema>;

/**
 * How the latest worker of an issue ended: `completed` (a clean exit, also when a continuation
 * retry follows), `failed` (an error, also when a failure retry follows), or `cancelled` (stopped
 * by an operator, by reconciliation or by a host restart).
 */
export const RunOutcomeSchema = z.object({
  run_id: z.string(),
  state: z.enum(['completed', 'failed', 'cancelled']),
  error: z.string().nullable(),
  ended_at: z.string().nullable(),
});
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;

/** The next scheduled retry of an issue. */
export const RetryStatusSchema = z.object({
  /** `continuation` after a clean exit, `failure` after an error (exponential backoff). */
  kind: z.string().nullable(),
  attempt: z.number().int().nullable(),
  due_at: z.string().nullable(),
  error: z.string().nullable(),
});
export type RetryStatus = z.infer<typeof RetryStatusSchema>;

/** What the host knows about an issue beyond the tracker: runs, retries, approvals, tokens. */
export const IssueRuntimeSchema = z.object({
  status: IssueStatusSchema,
  /** Why the issue is not eligible (or what it waits for); null when there is nothing to say. */
  status_reason: z.string().nullable(),
  active_run: ActiveRunSchema.nullable(),
  last_outcome: RunOutcomeSchema.nullable(),
  retry: RetryStatusSchema.nullable(),
  /** Retries the orchestrator scheduled for this issue since the journal began. */
  retry_count: z.number().int().nonnegative(),
  run_count: z.number().int().nonnegative(),
  workspace_path: z.string().nullable(),
  blockers: z.array(BlockerStatusSchema),
  /** Summed over the issue's runs (each run's latest absolute totals). */
  tokens: TokenTotalsSchema,
  pending_approvals: z.number().int().nonnegative(),
  /** The newest journal event about this issue; open its history from here. */
  last_event_seq: z.number().int().nullable(),
});
export type IssueRuntime = z.infer<typeof IssueRuntimeSchema>;

/** Issue counts of a project or milestone, by runtime status (nested sub-issues included). */
export const TaskGraphCountsSchema = z.object({
  issues: z.number().int().nonnegative(),
  eligible: z.number().int().nonnegative(),
  blocked: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  retrying: z.number().int().nonnegative(),
  /** Issues whose latest run failed. */
  failed: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  pending_approvals: z.number().int().nonnegative(),
});
export type TaskGraphCounts = z.infer<typeof TaskGraphCountsSchema>;

/** Sort key among siblings; compare with `compareTaskGraphOrder`. */
export const TaskGraphOrderSchema = z.array(z.union([z.number(), z.string()]));
export type TaskGraphOrder = z.infer<typeof TaskGraphOrderSchema>;

const NodeBase = {
  node_id: z.string(),
  /** The tracker id of the project, milestone or issue. */
  id: z.string(),
  parent_node_id: z.string().nullable(),
  /** The project this node belongs to, so a client watching one project can filter events. */
  project_id: z.string(),
  order: TaskGraphOrderSchema,
  /** Direct children (milestones and issues of a project, issues of a milestone, sub-issues of an issue). */
  child_count: z.number().int().nonnegative(),
};

export const ProjectNodeSchema = z.object({
  ...NodeBase,
  kind: z.literal('project'),
  project: ProjectSchema,
  /** True when the tracker did not describe this project (yet): its name is its id. */
  placeholder: z.boolean(),
  counts: TaskGraphCountsSchema,
});
export type ProjectNode = z.infer<typeof ProjectNodeSchema>;

export const MilestoneNodeSchema = z.object({
  ...NodeBase,
  kind: z.literal('milestone'),
  milestone: MilestoneSchema,
  placeholder: z.boolean(),
  counts: TaskGraphCountsSchema,
});
export type MilestoneNode = z.infer<typeof MilestoneNodeSchema>;

/** An issue; its parent is its parent issue (same project), else its milestone, else its project. */
export const IssueNodeSchema = z.object({
  ...NodeBase,
  kind: z.literal('issue'),
  issue: IssueSchema,
  runtime: IssueRuntimeSchema,
});
export type IssueNode = z.infer<typeof IssueNodeSchema>;

export const TaskGraphNodeSchema = z.discriminatedUnion('kind', [ProjectNodeSchema, MilestoneNodeSchema, IssueNodeSchema]);
export type TaskGraphNode = z.infer<typeof TaskGraphNodeSchema>;

/** `GET /api/v1/projects`. */
export const ProjectListSchema = z.object({
  schema_version: z.number().int(),
  /** The journal position this list reflects: stream from here to stay current. */
  seq: z.number().int().nonnegative(),
  projects: z.array(ProjectNodeSchema),
});
export type ProjectList = z.infer<typeof ProjectListSchema>;

/**
 * `GET /api/v1/projects/{id}/taskgraph?cursor=&limit=`: the project, all its milestones, and one
 * page of its issues. When paging, stream from the `seq` of the first page.
 */
export const TaskGraphPageSchema = z.object({
  schema_version: z.number().int(),
  seq: z.number().int().nonnegative(),
  project: ProjectNodeSchema,
  milestones: z.array(MilestoneNodeSchema),
  issues: z.array(IssueNodeSchema),
  total_issues: z.number().int().nonnegative(),
  /** Pass back as `cursor` for the next page; null on the last page. Opaque. */
  next_cursor: z.string().nullable(),
});
export type TaskGraphPage = z.infer<typeof TaskGraphPageSchema>;

/** Payload of `taskgraph.node_changed`: the whole node, to replace the client's copy. */
export const TaskGraphNodeChangedSchema = z.object({ node: TaskGraphNodeSchema });
export type TaskGraphNodeChanged = z.infer<typeof TaskGraphNodeChangedSchema>;

/** Payload of `taskgraph.node_removed`. */
export const TaskGraphNodeRemovedSchema = z.object({
  node_id: z.string(),
  kind: TaskGraphNodeKindSchema,
  id: z.string(),
  project_id: z.string(),
  parent_node_id: z.string().nullable(),
});
export type TaskGraphNodeRemoved = z.infer<typeof TaskGraphNodeRemovedSchema>;

/** Payload of `taskgraph.structure_synced`: the tracker's projects and milestones after a fetch that changed them. */
export const TaskGraphStructureSyncedSchema = z.object({ projects: z.array(ProjectSchema), milestones: z.array(MilestoneSchema) });
export type TaskGraphStructureSynced = z.infer<typeof TaskGraphStructureSyncedSchema>;

/** Orders siblings: element by element, numbers before strings, strings by code unit; a prefix first. */
export function compareTaskGraphOrder(a: TaskGraphOrder, b: TaskGraphOrder): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a[index] as number | string;
    const right = b[index] as number | string;
    if (left === right) continue;
    if (typeof left !== typeof right) return typeof left === 'number' ? -1 : 1;
    return left < right ? -1 : 1;
  }
  return a.length - b.length;
}
