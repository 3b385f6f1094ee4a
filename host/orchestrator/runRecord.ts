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
  };
}

export function runRefs(run: Run) {
  return [
    { kind: 'run' as const, id: run.id },
    { kind: 'issue' as const, id: run.issue_id, identifier: run.issue_identifier },
  ];
}
