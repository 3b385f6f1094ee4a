import { z } from 'zod';

// Bodies of the actions that write to the tracker: operator actions on one issue
// (`POST /api/v1/actions/{rehydrate,comment,transition-issue,create-followup}`) and the admin
// task-graph writes (`POST /api/v1/taskgraph/{milestones,issues,sub-issues}`). Strict objects.

const id = z.string().min(1).max(200);
const title = z.string().trim().min(1).max(255);
const description = z.string().max(100_000);
/** A tracker workflow state by name, e.g. `In Progress`. */
const stateName = z.string().trim().min(1).max(100);
/** 1 urgent … 4 low (Linear's scale without its 0 = none). */
const priority = z.number().int().min(1).max(4);

/** `rehydrate`: read the issue from the tracker now (bypassing caches) and journal what it says. */
export const RehydrateRequestSchema = z.object({ issue_id: id }).strict();
export type RehydrateRequest = z.infer<typeof RehydrateRequestSchema>;

/** Longest comment the gateway passes to a tracker. */
export const MAX_COMMENT_CHARS = 65_536;

/** `comment`: a comment on the issue (Markdown). */
export const CommentRequestSchema = z.object({ issue_id: id, body: z.string().trim().min(1).max(MAX_COMMENT_CHARS) }).strict();
export type CommentRequest = z.infer<typeof CommentRequestSchema>;

/** `transition-issue`: move the issue to the workflow state with this name. */
export const TransitionIssueRequestSchema = z.object({ issue_id: id, state: stateName }).strict();
export type TransitionIssueRequest = z.infer<typeof TransitionIssueRequestSchema>;

/** `create-followup`: a new issue linked to `issue_id` as its parent, in the same project and milestone. */
export const CreateFollowupRequestSchema = z.object({
  issue_id: id,
  title,
  description: description.optional(),
  state: stateName.optional(),
}).strict();
export type CreateFollowupRequest = z.infer<typeof CreateFollowupRequestSchema>;

/** `POST /api/v1/taskgraph/milestones` (admin). `target_date`: `YYYY-MM-DD`. */
export const CreateMilestoneRequestSchema = z.object({
  project_id: id,
  name: title,
  description: description.optional(),
  target_date: z.iso.date().optional(),
}).strict();
export type CreateMilestoneRequest = z.infer<typeof CreateMilestoneRequestSchema>;

/** `POST /api/v1/taskgraph/issues` (admin): a top-level issue of a project, optionally in a milestone. */
export const CreateIssueRequestSchema = z.object({
  project_id: id,
  milestone_id: id.optional(),
  title,
  description: description.optional(),
  state: stateName.optional(),
  priority: priority.optional(),
}).strict();
export type CreateIssueRequest = z.infer<typeof CreateIssueRequestSchema>;

/** `POST /api/v1/taskgraph/sub-issues` (admin): a child of `parent_issue_id`, in its project and milestone. */
export const CreateSubIssueRequestSchema = z.object({
  parent_issue_id: id,
  title,
  description: description.optional(),
  state: stateName.optional(),
  priority: priority.optional(),
}).strict();
export type CreateSubIssueRequest = z.infer<typeof CreateSubIssueRequestSchema>;

/**
 * Events of the tracker writes, beside the `tracker.synced` that carries every issue a write
 * created or changed. Each carries the action's correlation id.
 */
export const TrackerWriteEventTypes = {
  /** payload: `{ issue_id, comment: { id, url, created_at } }`. */
  commentCreated: 'tracker.comment_created',
  /** payload: `{ milestone }` (a Milestone DTO); the task graph shows it after its next structure fetch. */
  milestoneCreated: 'tracker.milestone_created',
} as const;
