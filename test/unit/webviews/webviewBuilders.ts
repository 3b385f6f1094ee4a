import type { EventEnvelope, Run } from '../../../host/protocol/index.ts';
import type { RunDetailView } from '../../../host/protocol/runView.ts';

/** An event of run `run-1` with `seq`; type and payload as given. */
export function anEvent(seq: number, type = 'agent.message', payload: Record<string, unknown> = { text: `message ${seq}` }): EventEnvelope {
  return {
    id: `event-${seq}`, seq, schema_version: 1, type, timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, seq % 60)).toISOString(),
    actor: { kind: 'agent' }, correlation_id: null, entity_refs: [{ kind: 'run', id: 'run-1' }], summary: `${type} #${seq}`, payload, raw_ref: null,
  };
}

/** Events with seqs from..to (inclusive). */
export function eventRange(from: number, to: number, type?: string): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (let seq = from; seq <= to; seq++) events.push(anEvent(seq, type));
  return events;
}

export function aRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1', issue_id: 'issue-1', issue_identifier: 'DEMO-1', state: 'running', attempt: null, workspace_path: '/ws/DEMO-1',
    terminal_stream_id: 'run-1', thread_id: 'thread-1', turn_count: 1, max_turns: 20, queued_at: '2025-01-01T00:00:00.000Z',
    started_at: '2025-01-01T00:00:01.000Z', ended_at: null, error: null, tokens: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    ...overrides,
  };
}

export function aDetail(overrides: Partial<RunDetailView> = {}): RunDetailView {
  return {
    schema_version: 1, run: aRun(), issue: null, workspace: { path: '/ws/DEMO-1', branch: null }, harness: { kind: 'codex', session_id: 'thread-1' },
    approvals: [], terminal_stream_id: 'run-1', event_count: 10, last_event_seq: 10, cost_usd: null, validation: null, tracker_url: null,
    ...overrides,
  };
}
