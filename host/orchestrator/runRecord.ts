import { randomUUID } from 'node:crypto';
import type { Issue, Run } from '../protocol/index.ts';

/** A fresh run DTO for an issue, in state `queued`. */
export function newRun(issue: Issue, attempt: number | null, maxTurns: number, now: number): Run {
  const id = randomUUID();
  return {
    id,
    issue_id: issue.id,
    issue_identifier: issue.identifier,
    state: 'queued',
    attempt,
    workspace_path: null,
    terminal_stream_id: `run-${id}`,
    thread_id: null,
    turn_count: 0,
    max_turns: maxTurns,
    queued_at: new Date(now).toISOString(),
    started_at: null,
    ended_at: null,
    error: null,
    tokens: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    retry: null,
    stop_reason: null,
  };
}

/** The state a retrying run settles in when its retry is released: failed if its worker failed. */
export function settledState(run: Run): 'completed' | 'failed' {
  return run.error ? 'failed' : 'completed';
}
