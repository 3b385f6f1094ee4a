import { z } from 'zod';

// Bodies of the run actions (`POST /api/v1/actions/{retry,cancel,pause,resume,send-message}`).
// Each is strict: an unknown field is a 400, so a typo never turns into a silent default.

/** `retry`, `cancel`, `pause`, `resume`: the run to act on. */
export const RunTargetRequestSchema = z.object({ run_id: z.string().min(1) }).strict();
export type RunTargetRequest = z.infer<typeof RunTargetRequestSchema>;

/** Longest operator message the gateway accepts for an agent. */
export const MAX_RUN_MESSAGE_CHARS = 20_000;

/** `send-message`: text passed to a running agent (into its turn, or with the next one). */
export const SendMessageRequestSchema = z.object({
  run_id: z.string().min(1),
  text: z.string().trim().min(1).max(MAX_RUN_MESSAGE_CHARS),
}).strict();
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;
