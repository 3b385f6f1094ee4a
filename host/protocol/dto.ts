import { z } from 'zod';
import { GatewayHealthSchema } from './gatewayHealth.ts';

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
  /** The assignee's display name; absent from hosts and journals that predate it. */
  assignee: z.string().nullable().optional(),
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

/**
 * A run is one worker lifetime of an issue (Symphony §3.2). `retrying`: the worker has ended and
 * the orchestrator holds a retry for the issue (`run.retry`); the run settles as `completed` or
 * `failed` when that retry is released, or hands over to the next run when it dispatches.
 * `cancelled`: stopped before it ended by itself (operator, or reconciliation; see `stop_reason`).
 */
export const RunStateSchema = z.enum(['queued', 'running', 'retrying', 'completed', 'failed', 'cancelled']);
export type RunState = z.infer<typeof RunStateSchema>;

/** The retry the orchestrator holds for a run's issue (Symphony §3.10). */
export const RunRetrySchema = z.object({
  /** `continuation`: 1 s after a clean exit; `failure`: exponential backoff. */
  kind: z.enum(['continuation', 'failure']),
  /** The attempt number the next run will carry (1-based). */
  attempt: z.number().int().positive(),
  due_at: z.string(),
  /** Why the issue is waiting (Symphony's retry error strings), null for a plain continuation. */
  error: z.string().nullable(),
});
export type RunRetry = z.infer<typeof RunRetrySchema>;

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
  /** Set while the run is `retrying`. */
  retry: RunRetrySchema.nullable().optional(),
  /**
   * Why the orchestrator stopped the run, when it did: `operator_cancel`, `issue_terminal`,
   * `issue_inactive`, `issue_unroutable`, `issue_missing`, `stalled`, `host_stopped`, `host_restarted`.
   */
  stop_reason: z.string().nullable().optional(),
  /** True while an operator has paused the agent (the run stays `running`). */
  paused: z.boolean().optional(),
});
export type Run = z.infer<typeof RunSchema>;

/** `user_input`: the agent asks the user questions (Codex `item/tool/requestUserInput`, an MCP elicitation). */
export const ApprovalKindSchema = z.enum(['command', 'file_change', 'user_input']);
export const ApprovalStateSchema = z.enum(['pending', 'approved', 'denied', 'cancelled']);
/** A human's answer: `approve` once, `approve_always` for the rest of the run (a run-scoped rule), or `deny`. */
export const ApprovalDecisionSchema = z.enum(['approve', 'approve_always', 'deny']);
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

/** Risk signals the host's classifier found in a request, and an overall level; advisory, never a decision. */
export const ApprovalRiskSchema = z.object({
  level: z.enum(['low', 'medium', 'high']),
  /** `network`, `deletion`, `outside_workspace`, `privilege`; clients must tolerate others. */
  flags: z.array(z.string()),
  /** One short line for a notification, e.g. "deletes files (rm -rf)". */
  summary: z.string(),
});
export type ApprovalRisk = z.infer<typeof ApprovalRiskSchema>;

/** A WORKFLOW.md `approvals.rules` entry, or a run-scoped rule an `approve_always` added. */
export const ApprovalRuleSchema = z.object({
  action: z.enum(['allow', 'deny', 'ask']),
  command_prefix: z.string().nullable(),
  path_glob: z.string().nullable(),
  kind: ApprovalKindSchema.nullable(),
  /** `workflow`: `approvals.rules[index]` of WORKFLOW.md; `run`: added by `approve_always` (index null). */
  source: z.enum(['workflow', 'run']),
  index: z.number().int().nonnegative().nullable(),
});
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

/** Who settled a request: a user (through a client), a rule, or the host (run ended, host restarted). */
export const ApprovalDeciderSchema = z.object({
  kind: z.enum(['user', 'rule', 'host']),
  /** The user or token name when the gateway knows it. */
  id: z.string().nullable(),
});
export type ApprovalDecider = z.infer<typeof ApprovalDeciderSchema>;

/** One question an agent asks the user, with a `user_input` request. */
export const ApprovalQuestionSchema = z.object({
  id: z.string(),
  /** A short title for the question, when the agent gave one. */
  header: z.string().nullable(),
  question: z.string(),
  /** Choices offered; empty means a free-text answer. */
  options: z.array(z.object({ label: z.string(), description: z.string().nullable() })),
  /** Free text is accepted besides the options. */
  allow_other: z.boolean(),
  /** The answer is secret: clients mask the input and the host never journals it. */
  secret: z.boolean(),
});
export type ApprovalQuestion = z.infer<typeof ApprovalQuestionSchema>;

/**
 * An agent's request to run a command or change files, or to have questions answered, and how it
 * was settled. The fields after
 * `decided_at` were added later: clients must treat them as optional.
 */
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
  risk: ApprovalRiskSchema.nullable().optional(),
  /** The decision when settled by a user or a rule; null while pending and when cancelled. */
  decision: ApprovalDecisionSchema.nullable().optional(),
  /** `once`, or `run` when the approval also covers later matching requests of the run. */
  scope: z.enum(['once', 'run']).nullable().optional(),
  /** The user's text passed to the agent with a denial. */
  feedback: z.string().nullable().optional(),
  decided_by: ApprovalDeciderSchema.nullable().optional(),
  /** The rule that decided, when one did. */
  rule: ApprovalRuleSchema.nullable().optional(),
  /** Why a request was cancelled: "the run ended", "host restarted", "no answer within 300 s", … */
  cancel_reason: z.string().nullable().optional(),
  /** With `user_input`: the questions to answer. */
  questions: z.array(ApprovalQuestionSchema).optional(),
  /** When the host stops waiting for a human; a `user_input` request then fails its turn (`turn_input_required`). */
  expires_at: z.string().nullable().optional(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const WorkflowStatusSchema = z.object({
  path: z.string(),
  loaded_at: z.string().nullable(),
  /** Set while the file on disk is invalid; the host keeps running on the last good config. */
  error: z.object({ code: z.string(), message: z.string(), line: z.number().int().nullable() }).nullable(),
});
export type WorkflowStatus = z.infer<typeof WorkflowStatusSchema>;

/** A live worker in the snapshot (Symphony §13.3 `running[]`). */
export const RunningRowSchema = z.object({
  run_id: z.string(),
  issue_id: z.string(),
  issue_identifier: z.string(),
  issue_url: z.string().nullable(),
  /** The issue's tracker state, as reconciliation last saw it. */
  state: z.string(),
  attempt: z.number().int().nullable(),
  session_id: z.string().nullable(),
  turn_count: z.number().int().nonnegative(),
  max_turns: z.number().int().positive(),
  last_event: z.string().nullable(),
  last_event_at: z.string().nullable(),
  last_message: z.string().nullable(),
  started_at: z.string(),
  seconds_running: z.number().nonnegative(),
  awaiting_approval: z.boolean(),
  tokens: TokenTotalsSchema,
});
export type RunningRow = z.infer<typeof RunningRowSchema>;

/** A scheduled retry in the snapshot (Symphony §13.3 `retrying[]`). */
export const RetryRowSchema = z.object({
  run_id: z.string(),
  issue_id: z.string(),
  issue_identifier: z.string(),
  issue_url: z.string().nullable(),
  kind: RunRetrySchema.shape.kind,
  attempt: z.number().int().positive(),
  due_at: z.string(),
  error: z.string().nullable(),
});
export type RetryRow = z.infer<typeof RetryRowSchema>;

export const DashboardSnapshotSchema = z.object({
  schema_version: z.number().int(),
  /** Journal head at the moment of the snapshot: stream from here to stay current. */
  seq: z.number().int().nonnegative(),
  generated_at: z.string(),
  workflow: WorkflowStatusSchema,
  tracker: z.object({
    kind: z.string(),
    last_sync_at: z.string().nullable(),
    error: z.string().nullable(),
    /** The adapter's request stats (Linear: requests, complexity, rate limit, cache), when it reports any. */
    stats: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
  issues: z.array(IssueSchema),
  runs: z.array(RunSchema),
  approvals: z.array(ApprovalSchema),
  counts: z.object({ running: z.number().int(), queued: z.number().int(), pending_approvals: z.number().int(), retrying: z.number().int().optional() }),
  codex_totals: TokenTotalsSchema.extend({ seconds_running: z.number().nonnegative() }),
  /** The latest rate-limit payload any agent reported (Codex `account/rateLimits/updated` params). */
  rate_limits: z.unknown().nullable(),
  running: z.array(RunningRowSchema).optional(),
  retrying: z.array(RetryRowSchema).optional(),
  /** Dispatch preflight (Symphony §6.3): while `errors` is non-empty no new run is dispatched. */
  preflight: z.object({ ok: z.boolean(), errors: z.array(z.string()) }).optional(),
  /** The gateway's listeners and per-stream health (subscribers by transport, lag, resyncs). */
  gateway: GatewayHealthSchema.nullable().optional(),
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
