import { OpenHandsErrorCodes } from './openHandsErrors.ts';
import { ExecutionStatusSchema } from './openHandsWire.ts';
import type { ExecutionStatus } from './openHandsWire.ts';

/** What an execution status means for the active turn (A11). */
export type StatusEffect =
  | { kind: 'none' }
  | { kind: 'complete' }
  | { kind: 'fail'; code: string; message: string }
  | { kind: 'confirm' }
  | { kind: 'paused' };

const NONE: StatusEffect = { kind: 'none' };

/** `idle` is not terminal (A11): it follows a rejection, and the turn goes on. */
const EFFECTS: Record<ExecutionStatus, StatusEffect> = {
  idle: NONE,
  running: NONE,
  paused: { kind: 'paused' },
  waiting_for_confirmation: { kind: 'confirm' },
  finished: { kind: 'complete' },
  error: { kind: 'fail', code: OpenHandsErrorCodes.turnFailed, message: 'The conversation ended with execution status error.' },
  stuck: { kind: 'fail', code: OpenHandsErrorCodes.turnStalled, message: 'The agent-server stuck detector stopped the run (execution status stuck).' },
  deleting: { kind: 'fail', code: OpenHandsErrorCodes.turnFailed, message: 'The conversation is being deleted on the agent-server.' },
};

/** The effect of a status string; statuses this version does not know change nothing. */
export function statusEffect(status: string): StatusEffect {
  const parsed = ExecutionStatusSchema.safeParse(status);
  return parsed.success ? EFFECTS[parsed.data] : NONE;
}
