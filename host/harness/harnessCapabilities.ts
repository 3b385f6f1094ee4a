import type { HarnessSession } from './harnessAdapter.ts';

// Proposal (issue 4) for extending the HarnessSession port without changing harnessAdapter.ts yet:
// sessions that can do more than run turns expose these controls, and the orchestrator offers a
// control (pause, resume, cancel, history) only when the session's capability flag says so.

/** What a harness session can do beyond `runTurn` and `dispose`. */
export interface HarnessCapabilities {
  /** `pause()` stops the agent between steps without ending the turn; `resume()` continues it. */
  readonly pauseResume: boolean;
  /** `cancel()` stops the agent on the harness side and ends the active turn as `interrupted`. */
  readonly cancel: boolean;
  /** `fetchHistory()` returns the harness's own complete event log for the session. */
  readonly history: boolean;
  /** The session survives a dropped connection or a restarted harness server without losing events. */
  readonly reconnect: boolean;
  /** Approvals are asked per pending action and answered before the agent runs it. */
  readonly approvals: boolean;
}

/** One event as the harness stored it (kind and raw JSON kept), for history views and reconciliation. */
export interface HarnessHistoryEvent {
  id: string;
  kind: string;
  /** The harness's own timestamp, as it sent it. */
  timestamp: string;
  raw: Record<string, unknown>;
}

/** Optional controls of a live harness session; all methods are safe to call when no turn is running. */
export interface HarnessSessionControls {
  readonly capabilities: HarnessCapabilities;
  /** Asks the agent to stop after its current step; the active turn stays open and its silence clock stops. */
  pause(): Promise<void>;
  /** Lets a paused agent continue the same turn. */
  resume(): Promise<void>;
  /** Stops the agent and ends the active turn with `turn_cancelled`; the session stays usable. */
  cancel(): Promise<void>;
  /** Every event of the session, oldest first, read from the harness (not from our journal). */
  fetchHistory(signal?: AbortSignal): Promise<HarnessHistoryEvent[]>;
}

/** A session with controls, as the orchestrator will see it after a capability check. */
export type ControllableHarnessSession = HarnessSession & HarnessSessionControls;

/** True when the session offers the extended controls. */
export function hasSessionControls(session: HarnessSession): session is ControllableHarnessSession {
  const candidate = session as Partial<HarnessSessionControls>;
  return typeof candidate.capabilities === 'object' && candidate.capabilities !== null
    && typeof candidate.pause === 'function' && typeof candidate.resume === 'function'
    && typeof candidate.cancel === 'function' && typeof candidate.fetchHistory === 'function';
}
