import type { ApprovalRequest, HarnessSink, UserInputRequest } from '../harnessAdapter.ts';
import type { ToolResult } from '../tools/agentTool.ts';
import type { ActiveTurn, TurnEndReason } from './activeTurn.ts';
import type { CodexError } from './codexErrors.ts';
import type { ApprovalAnswer } from './codexApprovalReplies.ts';
import type { UserInputAnswer } from './codexUserInput.ts';
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
  /** Fails the session for good (the run fails with `error.code`) and stops the app-server. */
  failSession(error: CodexError): void;
  /** Ends the active turn on our own initiative (input required, cancellation, timeout). */
  endActiveTurn(reason: TurnEndReason): void;
  /** Asks the sink, pausing the turn's silence clock meanwhile; never rejects. */
  askApproval(request: ApprovalRequest): Promise<ApprovalAnswer>;
  /** Asks the user the agent's questions through the sink, silence clock paused meanwhile; never rejects. */
  askUser(request: UserInputRequest): Promise<UserInputAnswer>;
  /** Records that an approval's reply was written (the audit trail, with the round-trip time). */
  approvalReplied(request: ApprovalRequest, decision: string, askedAtMs: number): void;
  /** Records that a question's reply was written (outcome and round-trip time, never the answers). */
  questionReplied(outcome: string, askedAtMs: number): void;
  /** Passes text into the running turn (`turn/steer`); failures are recorded, never thrown. */
  steer(text: string): void;
  /** Keeps a message of a method the pinned protocol does not define, within a per-method budget; its raw ref or null. */
  keepUnknownRaw(source: string, method: string, body: () => string): string | null;
  /** Runs one of the session's tools (silence clock paused); undefined when it has no tool of that name. */
  callTool(name: string, args: unknown): Promise<ToolResult> | undefined;
}
