import type { Issue } from '../protocol/index.ts';

/** A normalized harness event, journaled by the orchestrator as an envelope. */
export interface HarnessEvent {
  /** One of the `agent.*`, `session.*`, `turn.*`, `tokens.updated` event types. */
  type: string;
  summary: string;
  payload: Record<string, unknown>;
}

export interface ApprovalRequest {
  kind: 'command' | 'file_change';
  command: string | null;
  cwd: string | null;
  files: string[];
  reason: string | null;
}

export type ApprovalVerdict = 'approve' | 'deny';

/** Where a harness session reports to; provided by the orchestrator per run. */
export interface HarnessSink {
  event(event: HarnessEvent): void;
  /** Agent and command output for the run's terminal stream (may contain ANSI). */
  output(text: string): void;
  /** Asks a human; resolves with their decision. Rejects when the run is cancelled. */
  requestApproval(request: ApprovalRequest): Promise<ApprovalVerdict>;
}

export interface SessionOptions {
  issue: Issue;
  workspacePath: string;
  sink: HarnessSink;
  signal: AbortSignal;
}

export interface TurnOutcome {
  status: 'completed' | 'failed' | 'interrupted';
  turnId: string | null;
  /** Set when status is not completed; a Symphony error category plus detail. */
  error: { code: string; message: string } | null;
}

/** One live agent session (a Codex thread, an OpenHands conversation). */
export interface HarnessSession {
  readonly sessionId: string;
  runTurn(input: string, signal: AbortSignal): Promise<TurnOutcome>;
  /** Ends the session and its process; safe to call twice. */
  dispose(): Promise<void>;
}

/** The harness port: the orchestrator sees only this. */
export interface HarnessAdapter {
  readonly kind: string;
  startSession(options: SessionOptions): Promise<HarnessSession>;
}
