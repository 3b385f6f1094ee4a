import type { ApprovalRequest, HarnessSink } from '../harnessAdapter.ts';
import type { ToolResult } from '../tools/agentTool.ts';
import type { ActiveTurn, TurnEndReason } from './activeTurn.ts';
import type { ItemTracker } from './itemTracker.ts';
import type { TerminalWriter } from './terminalWriter.ts';

/** A human's answer to an approval, or `cancelled` when the run went away before they answered. */
export type ApprovalAnswer = 'approve' | 'deny' | 'cancelled';

/** What notification and server-request handlers may see and do; implemented by the session. */
export interface CodexSessionContext {
  readonly sink: HarnessSink;
  readonly terminal: TerminalWriter;
  readonly items: ItemTracker;
  readonly threadId: string | null;
  activeTurn(): ActiveTurn | null;
  /** True for turns that already ended, so a late `turn/completed` cannot end the next turn. */
  isFinishedTurn(turnId: string): boolean;
  /** Ends the active turn on our own initiative (input required, cancellation, timeout). */
  endActiveTurn(reason: TurnEndReason): void;
  /** Asks the sink, pausing the turn's silence clock meanwhile; never rejects. */
  askApproval(request: ApprovalRequest): Promise<ApprovalAnswer>;
  /** Runs one of the session's tools (silence clock paused); undefined when it has no tool of that name. */
  callTool(name: string, args: unknown): Promise<ToolResult> | undefined;
}
