import { z } from 'zod';

// REST and WebSocket payloads of the OpenHands agent-server v1.14.0 (harness-protocols.md A5–A8).
// Answers are parsed loosely: we read the fields we need and keep the rest as raw JSON.

/** `ConversationExecutionStatus` (A11); `deleting` only appears in webhooks. */
export const ExecutionStatusSchema = z.enum(['idle', 'running', 'paused', 'waiting_for_confirmation', 'finished', 'error', 'stuck', 'deleting']);
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

/** Every event: `kind` (short class name), `id`, naive server-local `timestamp`, `source` (A10). */
export const WireEventSchema = z.looseObject({
  kind: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string(),
  source: z.string().optional(),
});
export type WireEvent = z.infer<typeof WireEventSchema>;

/** `EventPage`: items are checked one by one so that one odd item does not hide the others. */
export const EventPageSchema = z.looseObject({
  items: z.array(z.unknown()),
  next_page_id: z.string().nullish(),
});

/** `ConversationInfo`: the id (with dashes) and the status are what we read. */
export const ConversationInfoSchema = z.looseObject({
  id: z.string().min(1),
  execution_status: z.string().optional(),
});
export type ConversationInfo = z.infer<typeof ConversationInfoSchema>;

/** `Success`: `{"success": true}`. */
export const SuccessSchema = z.looseObject({ success: z.boolean().optional() });

/** Count endpoints answer a bare integer. */
export const CountSchema = z.number().int().nonnegative();

/** FastAPI error bodies (A4): `detail` is a string or a validation array; 5xx add `exception`. */
export const ErrorBodySchema = z.looseObject({
  detail: z.unknown().optional(),
  exception: z.string().optional(),
});

export interface TextContent {
  type: 'text';
  text: string;
}

/** `SendMessageRequest`: the SDK only ever sends role `user`. */
export interface SendMessageRequest {
  role: 'user';
  content: TextContent[];
  run: boolean;
}

/** Confirmation policies are polymorphic on `kind` (A6). */
export type ConfirmationPolicy =
  | { kind: 'NeverConfirm' }
  | { kind: 'AlwaysConfirm' }
  | { kind: 'ConfirmRisky'; threshold: 'LOW' | 'MEDIUM' | 'HIGH'; confirm_unknown: boolean };

/** The `LLM` fields we set; `api_key` is sent in plain text and masked in every answer. */
export interface LlmSettings {
  model: string;
  base_url: string | null;
  api_key: string | null;
  usage_id: string;
}

/** `StartConversationRequest`: always `kind: "Agent"` (two AgentBase subclasses exist). */
export interface StartConversationRequest {
  agent: { kind: 'Agent'; llm: LlmSettings; tools: { name: string }[] };
  workspace: { kind: 'LocalWorkspace'; working_dir: string };
  confirmation_policy: ConfirmationPolicy;
  max_iterations: number;
  stuck_detection: boolean;
  autotitle: boolean;
}

/** `ConfirmationResponseRequest`. */
export interface ConfirmationResponseRequest {
  accept: boolean;
  reason?: string;
}
