import type { ApprovalRequest, HarnessSink } from '../harnessAdapter.ts';
import type { ToolResult } from '../tools/agentTool.ts';
import type { ActiveTurn, TurnEndReason } from './activeTurn.ts';
import type { ApprovalAnswer } from './codexApprovalReplies.ts';
import type { ItemTracker } from './itemTracker.ts';
import type { TerminalWriter } from './terminalWriter.ts';

export type { ApprovalAnswer } from './codexApprovalReplies.ts';

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
  /** Records that an approval's reply was written (the audit trail, with the round-trip time). */
  approvalReplied(request: ApprovalRequest, decision: string, askedAtMs: number): void;
  /** Passes text into the running turn (`turn/steer`); failures are recorded, never thrown. */
  steer(text: string): void;
  /** Keeps a message of a method the pinned protocol does not define, within a per-method budget; its raw ref or null. */
  keepUnknownRaw(source: string, method: string, body: () => string): string | null;
  /** Runs one of the session's tools (silence clock paused); undefined when it has no tool of that name. */
  callTool(name: string, args: unknown): Promise<ToolResult> | undefined;
}
