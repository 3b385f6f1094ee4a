import { z } from 'zod';
import { ActionReceiptSchema } from './actions.ts';
import { ApprovalDecisionSchema } from './dto.ts';
import { EventEnvelopeSchema } from './envelope.ts';
import { RunDetailSchema, RunEventPageSchema, RunFilesSchema, RunLogPageSchema } from './runs.ts';
import { StreamStatusSchema, WebviewLogMessageSchema, WebviewRequestIdSchema, WebviewResponseSchema } from './webviewBridge.ts';

/**
 * The run detail webview and the extension: what the panel shows (view DTOs the extension builds
 * from the gateway's run routes, so the webview never depends on a route's exact shape) and the
 * messages both sides exchange. Shared so both validate the same shapes.
 */

/** Which run a panel shows: the workspace folder's URI (its host) and the run id. */
export const RunTargetSchema = z.object({ folder: z.string().min(1), run_id: z.string().min(1) });
export type RunTarget = z.infer<typeof RunTargetSchema>;

/** A workflow validation step's outcome, when the workflow reports them. */
export const ValidationResultSchema = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'running', 'unknown']),
  summary: z.string().nullable(),
});
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

/** Everything the panel's header and side sections show about one run: the gateway's RunDetail and more. */
export const RunDetailViewSchema = RunDetailSchema.extend({
  /** In US dollars, when the harness reports a cost. */
  cost_usd: z.number().nonnegative().nullable(),
  /** Validation steps, when the workflow reports them. */
  validation: z.array(ValidationResultSchema).nullable(),
  /** The page in its tracker (Linear), when it has one. */
  tracker_url: z.string().nullable(),
});
export type RunDetailView = z.infer<typeof RunDetailViewSchema>;

/** A text excerpt (the tail of the run's terminal, ANSI stripped). */
export const RunTextViewSchema = z.object({ text: z.string(), truncated: z.boolean() });
export type RunTextView = z.infer<typeof RunTextViewSchema>;

/** The outcome of a request that opens something in the editor (a diff, a terminal, a folder, a URL). */
export const OpenOutcomeSchema = z.object({ opened: z.boolean(), message: z.string().nullable() });
export type OpenOutcome = z.infer<typeof OpenOutcomeSchema>;

export const RunActionSchema = z.enum(['retry', 'cancel', 'pause', 'resume']);
export type RunAction = z.infer<typeof RunActionSchema>;

export const EventDirectionSchema = z.enum(['backward', 'forward']);
export type EventDirection = z.infer<typeof EventDirectionSchema>;

/** Longest page the panel asks for (the gateway's own maximum). */
export const MAX_EVENT_PAGE = 1000;

/** What the run panel may ask the extension. Each method's result schema is in `RunResultSchemas`. */
export const RunRequestSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('detail') }),
  z.object({
    method: z.literal('events'),
    /** backward: events before `cursor` (null: from the newest); forward: events after `cursor`. */
    cursor: z.number().int().nonnegative().nullable(),
    direction: EventDirectionSchema,
    limit: z.number().int().min(1).max(MAX_EVENT_PAGE),
    /** Only these event types; null for all. */
    types: z.array(z.string().min(1)).max(100).nullable(),
  }),
  /** Relay the run's live events after `cursor` (replaces an earlier subscription of this webview). */
  z.object({ method: z.literal('subscribe'), cursor: z.number().int().nonnegative() }),
  z.object({ method: z.literal('files') }),
  z.object({ method: z.literal('logs') }),
  z.object({ method: z.literal('terminal') }),
  z.object({ method: z.literal('openDiff'), path: z.string().min(1).max(4096) }),
  z.object({ method: z.literal('open'), what: z.enum(['terminal', 'workspace', 'tracker']) }),
  z.object({ method: z.literal('action'), action: RunActionSchema }),
  z.object({ method: z.literal('decideApproval'), approval_id: z.string().min(1), decision: ApprovalDecisionSchema }),
]);
export type RunRequest = z.infer<typeof RunRequestSchema>;
export type RunRequestMethod = RunRequest['method'];

export const RunResultSchemas = {
  detail: RunDetailViewSchema,
  events: RunEventPageSchema,
  subscribe: z.object({ cursor: z.number().int().nonnegative() }),
  files: RunFilesSchema,
  logs: RunLogPageSchema,
  terminal: RunTextViewSchema,
  openDiff: OpenOutcomeSchema,
  open: OpenOutcomeSchema,
  action: ActionReceiptSchema,
  decideApproval: ActionReceiptSchema,
} as const satisfies Record<RunRequestMethod, z.ZodType>;
export type RunResult<M extends RunRequestMethod> = z.infer<(typeof RunResultSchemas)[M]>;

export const FromRunViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('request'), id: WebviewRequestIdSchema, request: RunRequestSchema }),
  WebviewLogMessageSchema,
]);
export type FromRunViewMessage = z.infer<typeof FromRunViewMessageSchema>;

export const ToRunViewMessageSchema = z.discriminatedUnion('type', [
  /** The first message after `ready`: which run this panel shows. */
  z.object({ type: z.literal('init'), target: RunTargetSchema }),
  WebviewResponseSchema,
  /** Live events of the run, in seq order, after the subscribed cursor. */
  z.object({ type: z.literal('events'), events: z.array(EventEnvelopeSchema) }),
  z.object({ type: z.literal('stream'), status: StreamStatusSchema, message: z.string().nullable() }),
  /** Scroll to and highlight one approval request (a notification's Details). */
  z.object({ type: z.literal('focus'), approval_id: z.string().min(1) }),
]);
export type ToRunViewMessage = z.infer<typeof ToRunViewMessageSchema>;

/** The part of a run panel's saved webview state the extension reads to restore it after a reload. */
export const RunPanelRestoreSchema = z.object({ target: RunTargetSchema });

/** The webview panel type of run details (package.json `onWebviewPanel:` activation). */
export const RUN_DETAIL_VIEW_TYPE = 'opensymphony.runDetail';
