import { z } from 'zod';
import { ApprovalDecisionSchema } from './dto.ts';

/** Header that carries a mutation's idempotency key. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export const DispatchRequestSchema = z.object({ issue_id: z.string().min(1) }).strict();
export type DispatchRequest = z.infer<typeof DispatchRequestSchema>;

/** Longest feedback text a denial may carry to the agent. */
export const MAX_APPROVAL_FEEDBACK_CHARS = 4_000;

/** Longest answer to one question of a `user_input` request. */
export const MAX_APPROVAL_ANSWER_CHARS = 16_000;

/**
 * `decision: approve | approve_always | deny`; `feedback` (with a denial) is passed to the agent.
 * For a `user_input` request, `approve` submits `answers` (question id → answer text; an option's
 * label or free text) and `deny` declines to answer; `approve_always` is refused.
 */
export const ApprovalDecisionRequestSchema = z
  .object({
    approval_id: z.string().min(1),
    decision: ApprovalDecisionSchema,
    feedback: z.string().max(MAX_APPROVAL_FEEDBACK_CHARS).optional(),
    answers: z.record(z.string(), z.string().max(MAX_APPROVAL_ANSWER_CHARS)).optional(),
  })
  .strict();
export type ApprovalDecisionRequest = z.infer<typeof ApprovalDecisionRequestSchema>;

/**
 * Why a mutation was refused, as an HTTP-style category (the receipt itself is always a 200):
 * `conflict` the run or issue is in a state that forbids it (retry while running, resume while not
 * paused); `not_found` no such run, issue or approval; `not_supported` the tracker or harness cannot
 * do it; `invalid_request` the tracker refused the values; `unavailable` the tracker or harness
 * could not be reached (try again). Clients must tolerate codes they do not know.
 */
export const ActionRejectionCodeSchema = z.enum(['conflict', 'not_found', 'not_supported', 'invalid_request', 'unavailable']);
export type ActionRejectionCode = z.infer<typeof ActionRejectionCodeSchema>;

/**
 * The `action` of every receipt, by route: `/api/v1/actions/<name>` for the operator actions,
 * `/api/v1/taskgraph/{milestones,issues,sub-issues}` answer `create-milestone`, `create-issue`, `create-sub-issue`.
 */
export const ActionNames = [
  'dispatch', 'retry', 'cancel', 'pause', 'resume', 'send-message', 'approval-decision',
  'rehydrate', 'comment', 'transition-issue', 'create-followup',
  'create-milestone', 'create-issue', 'create-sub-issue',
] as const;
export type ActionName = (typeof ActionNames)[number];

/** The answer to every mutation: what was decided now; its effects follow as events with `correlation_id`. */
export const ActionReceiptSchema = z.object({
  schema_version: z.number().int(),
  action_id: z.string(),
  correlation_id: z.string(),
  idempotency_key: z.string(),
  action: z.string(),
  accepted: z.boolean(),
  reason: z.string().nullable(),
  /** With `accepted: false`: the category of the refusal (see ActionRejectionCodeSchema); absent from older hosts. */
  reason_code: z.string().nullable().optional(),
  expected_events: z.array(z.string()),
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type ActionReceipt = z.infer<typeof ActionReceiptSchema>;
