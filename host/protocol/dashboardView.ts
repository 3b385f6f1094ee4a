import { z } from 'zod';
import { ApprovalDecisionSchema, ApprovalSchema, RetryRowSchema, RunningRowSchema, RunSchema } from './dto.ts';
import { WebviewErrorSchema, WebviewLogMessageSchema } from './webviewBridge.ts';

/**
 * What the dashboard webview shows, computed by the extension from the host's snapshot, its
 * connection and a short feed of recent events, and the messages both sides exchange. Shared so
 * the extension and the webview validate the same shapes.
 */

/** The webview panel type of the dashboard (package.json `onWebviewPanel:` activation). */
export const DASHBOARD_VIEW_TYPE = 'opensymphony.dashboard';

export const HealthLevelSchema = z.enum(['ok', 'warn', 'error', 'unknown']);
export type HealthLevel = z.infer<typeof HealthLevelSchema>;

/** One health card: a level, one line that says it, and details for the tooltip. */
export const HealthCardSchema = z.object({ level: HealthLevelSchema, summary: z.string(), details: z.array(z.string()) });
export type HealthCard = z.infer<typeof HealthCardSchema>;

export const BlockedIssueSchema = z.object({
  issue_id: z.string(),
  identifier: z.string(),
  title: z.string(),
  /** Identifiers (or ids) of the blockers that are not done. */
  blockers: z.array(z.string()),
});
export type BlockedIssue = z.infer<typeof BlockedIssueSchema>;

export const RecentEventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  timestamp: z.string(),
  summary: z.string(),
  /** The run the event belongs to, so the row can open its detail. */
  run_id: z.string().nullable(),
});
export type RecentEvent = z.infer<typeof RecentEventSchema>;

/** Cumulative tokens (and cost, when reported) at a point in time. */
export const TokenPointSchema = z.object({ at: z.string(), total_tokens: z.number().nonnegative(), cost_usd: z.number().nonnegative().nullable() });
export type TokenPoint = z.infer<typeof TokenPointSchema>;

/** Linear's request budget: requests this host sent, and Linear's own hourly budget when it reported one. */
export const LinearBudgetSchema = z.object({
  requests: z.number().int().nonnegative(),
  failed_requests: z.number().int().nonnegative(),
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  reset_at: z.string().nullable(),
  rate_limited_until: z.string().nullable(),
});
export type LinearBudget = z.infer<typeof LinearBudgetSchema>;

export const DashboardFolderSchema = z.object({
  name: z.string(),
  /** The folder's URI: how the webview names the folder in its requests. */
  key: z.string(),
  host_state: z.string(),
  host_error: z.string().nullable(),
  workflow_error: z.string().nullable(),
  tracker_error: z.string().nullable(),
  issue_count: z.number().int(),
  runs: z.array(RunSchema),
  pending_approvals: z.array(ApprovalSchema),
  /** Set when the last snapshot read failed (the rest is from the one before, if any); the panel offers a retry. */
  snapshot_error: WebviewErrorSchema.nullable(),
  /** When the snapshot shown was read (null before the first). */
  snapshot_at: z.string().nullable(),
  health: z.object({ host: HealthCardSchema, gateway: HealthCardSchema, harness: HealthCardSchema, tracker: HealthCardSchema }),
  active_runs: z.array(RunningRowSchema),
  queue_depth: z.number().int().nonnegative(),
  blocked: z.array(BlockedIssueSchema),
  retrying: z.array(RetryRowSchema),
  recent_events: z.array(RecentEventSchema),
  token_series: z.array(TokenPointSchema),
  totals: z.object({ input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number(), seconds_running: z.number(), cost_usd: z.number().nullable() }),
  linear_budget: LinearBudgetSchema.nullable(),
});
export type DashboardFolder = z.infer<typeof DashboardFolderSchema>;

export const DashboardViewSchema = z.object({
  folders: z.array(DashboardFolderSchema),
  generated_at: z.string(),
});
export type DashboardView = z.infer<typeof DashboardViewSchema>;

export const ToDashboardMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('view'), view: DashboardViewSchema }),
]);
export type ToDashboardMessage = z.infer<typeof ToDashboardMessageSchema>;

export const FromDashboardMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('openTerminal'), folder: z.string(), run_id: z.string() }),
  z.object({ type: z.literal('openRunDetails'), folder: z.string(), run_id: z.string() }),
  z.object({ type: z.literal('decideApproval'), folder: z.string(), approval_id: z.string(), decision: ApprovalDecisionSchema }),
  /** Read the folder's snapshot again (after an error). */
  z.object({ type: z.literal('refresh'), folder: z.string() }),
  WebviewLogMessageSchema,
]);
export type FromDashboardMessage = z.infer<typeof FromDashboardMessageSchema>;
