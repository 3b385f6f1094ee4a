import { z } from 'zod';
import { ApprovalSchema, RunSchema } from './dto.ts';

/**
 * What the dashboard webview shows, computed by the extension from its RuntimeState, and the
 * messages both sides exchange. Shared so the extension and the webview validate the same shapes.
 */
export const DashboardViewSchema = z.object({
  folders: z.array(z.object({
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
  })),
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
  z.object({ type: z.literal('decideApproval'), folder: z.string(), approval_id: z.string(), decision: z.enum(['approve', 'deny']) }),
]);
export type FromDashboardMessage = z.infer<typeof FromDashboardMessageSchema>;
