import type { Issue, Run } from '../protocol/index.ts';
import type { HarnessSession } from '../harness/harnessAdapter.ts';
import type { LiveSession } from './liveSession.ts';
import type { StopRequest } from './stopRequest.ts';

/** A worker the orchestrator runs now (Symphony `running[issue_id]`). */
export interface RunningEntry {
  run: Run;
  /** The issue as the orchestrator last saw it; reconciliation refreshes it. */
  issue: Issue;
  /** Started by an operator: it may run an issue outside the active states, for one session. */
  operator: boolean;
  /** The correlation id of the action that started the run (none for automatic dispatch), for `run.started`. */
  correlationId: string | null;
  controller: AbortController;
  session: LiveSession;
  startedAtMs: number;
  /** Set once the orchestrator asked the worker to stop, and why. */
  stop: StopRequest | undefined;
  /** The agent session while it is open, for operator controls (message, pause, resume). */
  harnessSession?: HarnessSession | undefined;
}

/** An operator start that waits for a free slot (the run is `queued`). */
export interface WaitingStart {
  run: Run;
  issue: Issue;
  correlationId: string | null;
}
