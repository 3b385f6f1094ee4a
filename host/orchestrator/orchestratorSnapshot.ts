import type { Issue, RetryRow, RunningRow } from '../protocol/index.ts';
import type { RunRegistry } from './runRegistry.ts';

/** Symphony §13.3 `running[]` rows: one per live worker, with its session's live fields. */
export function runningRows(registry: RunRegistry, now: number): RunningRow[] {
  return [...registry.running.values()].map(({ run, issue, session, startedAtMs }) => ({
    run_id: run.id,
    issue_id: run.issue_id,
    issue_identifier: run.issue_identifier,
    issue_url: issue.url,
    state: issue.state,
    attempt: run.attempt,
    session_id: session.sessionId,
    turn_count: run.turn_count,
    max_turns: run.max_turns,
    last_event: session.lastEvent,
    last_event_at: session.lastEventAtMs === null ? null : new Date(session.lastEventAtMs).toISOString(),
    last_message: session.lastMessage,
    started_at: run.started_at ?? new Date(startedAtMs).toISOString(),
    seconds_running: Math.max(0, now - startedAtMs) / 1000,
    awaiting_approval: session.awaitingApproval > 0,
    tokens: { ...run.tokens },
  }));
}

/** Symphony §13.3 `retrying[]` rows: one per issue that waits for a retry, soonest first. */
export function retryRows(registry: RunRegistry, issues: ReadonlyMap<string, Issue>): RetryRow[] {
  return registry.retryingRuns()
    .filter((run) => run.retry)
    .map((run) => ({
      run_id: run.id,
      issue_id: run.issue_id,
      issue_identifier: run.issue_identifier,
      issue_url: issues.get(run.issue_id)?.url ?? null,
      kind: run.retry!.kind,
      attempt: run.retry!.attempt,
      due_at: run.retry!.due_at,
      error: run.retry!.error,
    }))
    .sort((a, b) => a.due_at.localeCompare(b.due_at));
}
