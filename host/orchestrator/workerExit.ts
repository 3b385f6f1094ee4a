import type { Run, RunRetry } from '../protocol/index.ts';
import { CodedError, errorMessage } from '../base/errors.ts';
import { CONTINUATION_RETRY_DELAY_MS, failureRetryDelayMs, nextAttempt, RetryErrors } from './retryPolicy.ts';
import { describeStop, type StopRequest } from './stopRequest.ts';

/** A retry to schedule: the DTO fields but a delay instead of a due time. */
export interface RetryPlan {
  kind: RunRetry['kind'];
  attempt: number;
  delayMs: number;
  error: string | null;
}

/** What follows a worker's end (Symphony §3.3 worker exit triggers and §3.12 reconciliation). */
export interface ExitDecision {
  state: 'retrying' | 'cancelled';
  error: string | null;
  stopReason: StopRequest['kind'] | null;
  retry: RetryPlan | null;
  /** A terminal issue's workspace is removed once the worker is gone. */
  removeWorkspace: boolean;
  /** An operator cancel holds the issue back from automatic dispatch until it is started again. */
  holdIssue: boolean;
}

/**
 * Decides a worker's aftermath: a clean exit schedules the 1 s continuation (attempt 1); a failure
 * or a stall the exponential backoff at the next attempt; a reconciliation or operator stop
 * cancels without a retry; a host shutdown keeps the issue claimed with a failure retry, so the
 * next host start resumes it.
 */
export function decideExit(run: Run, stop: StopRequest | undefined, failure: unknown, maxBackoffMs: number): ExitDecision {
  const none = { stopReason: null, removeWorkspace: false, holdIssue: false };
  const failureRetry = (reason: string): RetryPlan => {
    const attempt = nextAttempt(run.attempt);
    return { kind: 'failure', attempt, delayMs: failureRetryDelayMs(attempt, maxBackoffMs), error: RetryErrors.workerExited(reason) };
  };
  if (!stop) {
    if (failure === undefined) {
      return { ...none, state: 'retrying', error: null, retry: { kind: 'continuation', attempt: 1, delayMs: CONTINUATION_RETRY_DELAY_MS, error: null } };
    }
    const reason = describeFailure(failure);
    return { ...none, state: 'retrying', error: reason, retry: failureRetry(reason) };
  }
  const error = describeStop(stop);
  if (stop.kind === 'stalled' || stop.kind === 'host_stopped') {
    return { ...none, state: 'retrying', error, stopReason: stop.kind, retry: failureRetry(error) };
  }
  return {
    state: 'cancelled', error, stopReason: stop.kind, retry: null,
    removeWorkspace: stop.kind === 'issue_terminal',
    holdIssue: stop.kind === 'operator_cancel',
  };
}

/** `code: message` for coded errors, the message otherwise. */
export function describeFailure(error: unknown): string {
  return error instanceof CodedError ? `${error.code}: ${error.message}` : errorMessage(error);
}

/** A worker that could not even be spawned (Symphony §3.8): a failure retry with "failed to spawn agent". */
export function spawnFailureDecision(run: Run, error: unknown, maxBackoffMs: number): ExitDecision {
  const attempt = nextAttempt(run.attempt);
  return {
    state: 'retrying', error: `${RetryErrors.spawnFailed}: ${describeFailure(error)}`, stopReason: null, removeWorkspace: false, holdIssue: false,
    retry: { kind: 'failure', attempt, delayMs: failureRetryDelayMs(attempt, maxBackoffMs), error: RetryErrors.spawnFailed },
  };
}

/** The closing line of a run's terminal stream. */
export function terminalNote(run: Run, decision: ExitDecision): string {
  if (!decision.error) return `\r\n\x1b[32m● run completed after ${run.turn_count} turn(s)\x1b[0m\r\n`;
  const retry = decision.retry ? `; retry ${decision.retry.attempt} in ${Math.round(decision.retry.delayMs / 1000)} s` : '';
  const verb = decision.state === 'cancelled' ? 'cancelled' : 'failed';
  return `\r\n\x1b[31m● run ${verb}: ${decision.error}${retry}\x1b[0m\r\n`;
}
