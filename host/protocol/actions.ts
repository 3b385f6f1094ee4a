import { z } from 'zod';
import { ApprovalDecisionSchema } from './dto.ts';

/** Header that carries a mutation's idempotency key. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export const DispatchRequestSchema = z.object({ issue_id: z.string().min(1) }).strict();
export type DispatchRequest = z.infer<typeof DispatchRequestSchema>;

export const ApprovalDecisionRequestSchema = z
  .object({ approval_id: z.string().min(1), decision: ApprovalDecisionSchema })
  .strict();
export type ApprovalDecisionRequest = z.infer<typeof ApprovalDecisionRequestSchema>;

/** The answer to every mutation: what was decided now; its effects follow as events with `correlation_id`. */
export const ActionReceiptSchema = z.object({
  schema_version: z.number().int(),
  action_id: z.string(),
  correlation_id: z.string(),
  idempotency_key: z.string(),
  action: z.string(),
  accepted: z.boolean(),
  reason: z.string().nullable(),
  expected_events: z.array(z.string()),
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type ActionReceipt = z.infer<typeof ActionReceiptSchema>;
