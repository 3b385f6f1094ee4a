import { z } from 'zod';

// Views of the event kinds the adapter interprets (A10). Each is parsed only when its `kind`
// matches; a payload that does not fit is kept raw instead of breaking the run.

const EventBase = {
  id: z.string(),
  timestamp: z.string(),
  source: z.string().optional(),
};

const ContentList = z.array(z.unknown()).default([]);

export const MessageEventSchema = z.looseObject({
  ...EventBase,
  kind: z.literal('MessageEvent'),
  source: z.string(),
  llm_message: z.looseObject({ role: z.string(), content: ContentList }),
});
export type MessageEventView = z.infer<typeof MessageEventSchema>;

/** `action` is null for a non-executable call (A10). */
export const ActionEventSchema = z.looseObject({
  ...EventBase,
  kind: z.literal('ActionEvent'),
  tool_name: z.string(),
  tool_call_id: z.string(),
  thought: ContentList,
  action: z.looseObject({ kind: z.string() }).nullable().default(null),
  summary: z.string().nullish(),
  security_risk: z.string().optional(),
  tool_call: z.looseObject({ arguments: z.string().optional() }).optional(),
});
export type ActionEventView = z.infer<typeof ActionEventSchema>;

export const ObservationEventSchema = z.looseObject({
  ...EventBase,
  kind: z.literal('ObservationEvent'),
  tool_name: z.string(),
  tool_call_id: z.string(),
  action_id: z.string(),
  observation: z.looseObject({
    kind: z.string(),
    content: ContentList,
    is_error: z.boolean().default(false),
    exit_code: z.number().nullish(),
    command: z.string().nullish(),
    path: z.string().nullish(),
  }),
});
export type ObservationEventView = z.infer<typeof ObservationEventSchema>;

export const UserRejectObservationSchema = z.looseObject({
  ...EventBase,
  kind: z.literal('UserRejectObservation'),
  tool_name: z.string(),
  tool_call_id: z.string(),
  action_id: z.string(),
  rejection_reason: z.string().default('User rejected the action'),
});

export const AgentErrorEventSchema = z.looseObject({
  ...EventBase,
  kind: z.literal('AgentErrorEvent'),
  tool_name: z.string(),
  tool_call_id: z.string(),
  error: z.string(),
});

export const ConversationErrorEventSchema = z.looseObject({
  ...EventBase,
  kind: z.literal('ConversationErrorEvent'),
  code: z.string(),
  detail: z.string(),
});

/** `key` is a state field name or `full_state` (whose value is the whole state dump). */
export const StateUpdateEventSchema = z.looseObject({
  ...EventBase,
  kind: z.literal('ConversationStateUpdateEvent'),
  key: z.string(),
  value: z.unknown(),
});
export type StateUpdateEventView = z.infer<typeof StateUpdateEventSchema>;

export const TerminalActionSchema = z.looseObject({ kind: z.literal('TerminalAction'), command: z.string() });
export const FileEditorActionSchema = z.looseObject({ kind: z.literal('FileEditorAction'), command: z.string(), path: z.string() });
export const FinishActionSchema = z.looseObject({ kind: z.literal('FinishAction'), message: z.string() });
export const ThinkActionSchema = z.looseObject({ kind: z.literal('ThinkAction'), thought: z.string() });

/** The text of `TextContent` items (images and other blocks are skipped). */
export function textOf(content: readonly unknown[]): string {
  const parts: string[] = [];
  for (const item of content) {
    if (typeof item !== 'object' || item === null) continue;
    const block = item as { type?: unknown; text?: unknown };
    if ((block.type === undefined || block.type === 'text') && typeof block.text === 'string') parts.push(block.text);
  }
  return parts.join('\n');
}
