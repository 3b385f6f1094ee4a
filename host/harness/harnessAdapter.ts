import type { ApprovalQuestion, Issue } from '../protocol/index.ts';

/** A normalized harness event, journaled by the orchestrator as an envelope. */
export interface HarnessEvent {
  /** One of the `agent.*`, `session.*`, `turn.*`, `tokens.updated` event types. */
  type: string;
  summary: string;
  payload: Record<string, unknown>;
  /** The raw data this event stands for, as kept by `HarnessSink.raw` (the envelope's `raw_ref`). */
  rawRef?: string | null;
}

export interface ApprovalRequest {
  kind: 'command' | 'file_change';
  command: string | null;
  cwd: string | null;
  files: string[];
  reason: string | null;
}

export type ApprovalVerdict = 'approve' | 'deny';

/** The answer to an approval request, as the harness must pass it on. */
export interface ApprovalReply {
  verdict: ApprovalVerdict;
  /** `run`: similar requests are approved for the rest of the run; a harness that can remember that itself is told so. */
  scope: 'once' | 'run';
  /** With a denial: text for the agent (the user's feedback, or which rule denied). */
  feedback: string | null;
}

/** Questions the agent asks the user (a Codex `request_user_input`, an MCP elicitation). */
export interface UserInputRequest {
  questions: ApprovalQuestion[];
  /** Why the agent asks, when it said (an MCP server's message). */
  reason: string | null;
}

/**
 * How a question was settled: the user's answers (question id → text), a refusal to answer, or no
 * answer before the deadline (the harness then fails its turn with `turn_input_required`).
 */
export type UserInputReply =
  | { outcome: 'answered'; answers: Record<string, string> }
  | { outcome: 'declined' }
  | { outcome: 'expired'; message: string };

/** Where a harness session reports to; provided by the orchestrator per run. */
export interface HarnessSink {
  event(event: HarnessEvent): void;
  /** Agent and command output for the run's terminal stream (may contain ANSI). */
  output(text: string): void;
  /** Rules first, then a human; resolves with the decision. Rejects when the run is cancelled. */
  requestApproval(request: ApprovalRequest): Promise<ApprovalReply>;
  /** Asks a human (never a rule), waiting at most WORKFLOW.md `approvals.input_timeout_ms`. Rejects when the run is cancelled. */
  requestUserInput(request: UserInputRequest): Promise<UserInputReply>;
  /**
   * Keeps data the adapter could not normalise (a malformed line, an unknown event kind) verbatim,
   * capped, for diagnosis; returns the id for an event's `rawRef`, or null when nothing is kept.
   */
  raw(source: string, body: string): string | null;
}

/**
 * What a harness can do beyond starting sessions and running turns (host-client architecture
 * §4.4). The orchestrator offers a control only when its flag is set.
 */
export interface HarnessCapabilities {
  /** `startSession` with `resume` reopens an existing session (a Codex thread, an OpenHands conversation). */
  readonly resumeSession: boolean;
  /** Events of a resumed session continue after a cursor (a harness event id) instead of from the start. */
  readonly attachFromCursor: boolean;
  /** `sendUserMessage` reaches the agent. */
  readonly sendMessage: boolean;
  /** `cancel()` stops the agent harness-side and ends the active turn as `interrupted`. */
  readonly cancel: boolean;
  /** `pause()` stops the agent between steps without ending the turn; `resume()` continues it. */
  readonly pauseResume: boolean;
  /** `fetchHistory()` reads the harness's own log of the session. */
  readonly history: boolean;
  /** The session survives a dropped connection or a restarted harness server without losing events. */
  readonly reconnect: boolean;
  /** Approvals are asked per action and answered before the agent runs it. */
  readonly approvals: boolean;
  /** The harness itself can remember an "approve always" for the session (Codex `acceptForSession`). */
  readonly approveForSession: boolean;
}

/** A session without any of the optional controls. */
export const NO_CAPABILITIES: HarnessCapabilities = {
  resumeSession: false, attachFromCursor: false, sendMessage: false, cancel: false, pauseResume: false,
  history: false, reconnect: false, approvals: false, approveForSession: false,
};

/** Which session to reopen, and from where its events continue. */
export interface SessionResume {
  sessionId: string;
  /** The last harness event id already seen; null delivers the whole log again. */
  cursor: string | null;
}

export interface SessionOptions {
  issue: Issue;
  workspacePath: string;
  sink: HarnessSink;
  signal: AbortSignal;
  /** Create-or-resume: reopen this session instead of creating a new one (needs `resumeSession`). */
  resume?: SessionResume | null;
}

export interface TurnOutcome {
  status: 'completed' | 'failed' | 'interrupted';
  turnId: string | null;
  /** Set when status is not completed; a Symphony error category plus detail. */
  error: { code: string; message: string } | null;
}

/** One event as the harness stored it (kind and raw JSON kept), for history views and reconciliation. */
export interface HarnessHistoryEvent {
  id: string;
  kind: string;
  /** The harness's own timestamp, as it sent it (null when it has none). */
  timestamp: string | null;
  raw: Record<string, unknown>;
}

/** Where a user's message went: into the running turn, or to the agent with the next turn. */
export type MessageDelivery = 'active_turn' | 'next_turn';

/**
 * One live agent session (a Codex thread, an OpenHands conversation). `runTurn` and `dispose` are
 * what every harness offers; the rest exist when `capabilities` says so.
 */
export interface HarnessSession {
  readonly sessionId: string;
  /** Absent: none of the optional controls. */
  readonly capabilities?: HarnessCapabilities;
  /** Starts a run of the agent (one turn) on this session and resolves when it ends. */
  runTurn(input: string, signal: AbortSignal): Promise<TurnOutcome>;
  /** Passes a user's message to the agent: into the active turn where the harness allows, else with the next turn. */
  sendUserMessage?(text: string): Promise<MessageDelivery>;
  /** Stops the agent and ends the active turn as `interrupted` (`turn_cancelled`); the session stays usable. */
  cancel?(): Promise<void>;
  /** Asks the agent to stop after its current step; the active turn stays open and its silence clock stops. */
  pause?(): Promise<void>;
  /** Lets a paused agent continue the same turn. */
  resume?(): Promise<void>;
  /** The session's events as the harness keeps them, oldest first, after `cursor` (an event id) when given. */
  fetchHistory?(options?: { cursor?: string | null; signal?: AbortSignal }): Promise<HarnessHistoryEvent[]>;
  /** Ends the session and its process; safe to call twice. */
  dispose(): Promise<void>;
}

/** The harness port: the orchestrator sees only this. */
export interface HarnessAdapter {
  readonly kind: string;
  /** What sessions of this harness can do, known before any session starts. */
  readonly capabilities?: HarnessCapabilities;
  /** Create-or-resume: a new session, or the one `options.resume` names. */
  startSession(options: SessionOptions): Promise<HarnessSession>;
}

/** A session's capabilities, none when it declares nothing. */
export function capabilitiesOf(session: HarnessSession): HarnessCapabilities {
  return session.capabilities ?? NO_CAPABILITIES;
}
