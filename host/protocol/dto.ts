import { z } from 'zod';

export const BlockerRefSchema = z.object({
  id: z.string().nullable(),
  identifier: z.string().nullable(),
  state: z.string().nullable(),
});

/** A tracker issue, normalized (Symphony §4). */
export const IssueSchema = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  priority: z.number().int().nullable(),
  state: z.string(),
  branch_name: z.string().nullable(),
  url: z.string().nullable(),
  labels: z.array(z.string()),
  parent_id: z.string().nullable(),
  /** Task-graph placement: the tracker project and milestone, when the tracker has them. */
  project_id: z.string().nullable(),
  milestone_id: z.string().nullable(),
  blocked_by: z.array(BlockerRefSchema),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** A tracker project: the root of a task graph. */
export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string().nullable(),
  url: z.string().nullable(),
  state: z.string().nullable(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** A milestone inside a project; issues without one sit directly under the project. */
export const MilestoneSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  name: z.string(),
  target_date: z.string().nullable(),
  sort_order: z.number().nullable(),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

export const RunStateSchema = z.enum(['queued', 'running', 'completed', 'failed']);
export type RunState = z.infer<typeof RunStateSchema>;

export const TokenTotalsSchema = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
});
export type TokenTotals = z.infer<typeof TokenTotalsSchema>;

export const RunSchema = z.object({
  id: z.string(),
  issue_id: z.string(),
  issue_identifier: z.string(),
  state: RunStateSchema,
  attempt: z.number().int().nullable(),
  workspace_path: z.string().nullable(),
  terminal_stream_id: z.string(),
  thread_id: z.string().nullable(),
  turn_count: z.number().int().nonnegative(),
  max_turns: z.number().int().positive(),
  queued_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  error: z.string().nullable(),
  tokens: TokenTotalsSchema,
});
export type Run = z.infer<typeof RunSchema>;

export const ApprovalKindSchema = z.enum(['command', 'file_change']);
export const ApprovalStateSchema = z.enum(['pending', 'approved', 'denied', 'cancelled']);
export const ApprovalDecisionSchema = z.enum(['approve', 'deny']);
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

export const ApprovalSchema = z.object({
  id: z.string(),
  run_id: z.string(),
  issue_id: z.string(),
  issue_identifier: z.string(),
  kind: ApprovalKindSchema,
  command: z.string().nullable(),
  cwd: z.string().nullable(),
  files: z.array(z.string()),
  reason: z.string().nullable(),
  state: ApprovalStateSchema,
  requested_at: z.string(),
  decided_at: z.string().nullable(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const WorkflowStatusSchema = z.object({
  path: z.string(),
  loaded_at: z.string().nullable(),
  /** Set while the file on disk is invalid; the host keeps running on the last good config. */
  error: z.object({ code: z.string(), message: z.string(), line: z.number().int().nullable() }).nullable(),
});
export type WorkflowStatus = z.infer<typeof WorkflowStatusSchema>;

export const DashboardSnapshotSchema = z.object({
  schema_version: z.number().int(),
  /** Journal head at the moment of the snapshot: stream from here to stay current. */
  seq: z.number().int().nonnegative(),
  generated_at: z.string(),
  workflow: WorkflowStatusSchema,
  tracker: z.object({ kind: z.string(), last_sync_at: z.string().nullable(), error: z.string().nullable() }),
  issues: z.array(IssueSchema),
  runs: z.array(RunSchema),
  approvals: z.array(ApprovalSchema),
  counts: z.object({ running: z.number().int(), queued: z.number().int(), pending_approvals: z.number().int() }),
  codex_totals: TokenTotalsSchema.extend({ seconds_running: z.number().nonnegative() }),
  rate_limits: z.unknown().nullable(),
});
export type DashboardSnapshot = z.infer<typeof DashboardSnapshotSchema>;

export const CapabilitiesSchema = z.object({
  schema_version: z.number().int(),
  host_version: z.string(),
  api_versions: z.array(z.string()),
  harnesses: z.array(z.string()),
  tracker_kinds: z.array(z.string()),
  streams: z.array(z.string()),
  actions: z.array(z.string()),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;
