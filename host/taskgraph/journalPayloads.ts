import type { EventEnvelope, RetryStatus, TokenTotals } from '../protocol/index.ts';
import type { RunView } from './issueRuntimeRecord.ts';
import { ZERO_TOKENS } from './issueRuntimeRecord.ts';

// Lenient readers for journaled payloads: the journal outlives builds, so a field this build does
// not know, or one an older build did not write, must never stop the task graph from loading.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** The issue an event is about: its issue entity ref, else an issue id in the payload. */
export function issueIdOf(event: EventEnvelope): string | null {
  const ref = event.entity_refs.find((entity) => entity.kind === 'issue');
  if (ref) return ref.id;
  const { payload } = event;
  for (const nested of [payload.run, payload.approval, payload.retry, payload]) {
    if (isRecord(nested) && typeof nested.issue_id === 'string') return nested.issue_id;
  }
  return null;
}

/** The run an event is about: a run entity ref, else a run id in the payload. */
export function runIdOf(event: EventEnvelope): string | null {
  const ref = event.entity_refs.find((entity) => entity.kind === 'run');
  if (ref) return ref.id;
  return stringOrNull(event.payload.run_id) ?? (isRecord(event.payload.run) ? stringOrNull(event.payload.run.id) : null);
}

/** Absolute token totals, or null when the payload has none. */
export function readTokens(value: unknown): TokenTotals | null {
  if (!isRecord(value)) return null;
  const read = (key: keyof TokenTotals): number => {
    const number = value[key];
    return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? Math.floor(number) : 0;
  };
  if (!['input_tokens', 'output_tokens', 'total_tokens'].some((key) => typeof value[key] === 'number')) return null;
  return { input_tokens: read('input_tokens'), output_tokens: read('output_tokens'), total_tokens: read('total_tokens') };
}

/** A journaled run DTO (`payload.run`), or undefined when it lacks an id, issue id or state. */
export function readRun(value: unknown): RunView | undefined {
  if (!isRecord(value)) return undefined;
  const id = stringOrNull(value.id);
  const issueId = stringOrNull(value.issue_id);
  const state = stringOrNull(value.state);
  if (!id || !issueId || !state) return undefined;
  return {
    id, issueId, state,
    attempt: integerOrNull(value.attempt),
    turn: integerOrNull(value.turn_count) ?? 0,
    maxTurns: integerOrNull(value.max_turns) ?? 0,
    queuedAt: stringOrNull(value.queued_at),
    startedAt: stringOrNull(value.started_at),
    endedAt: stringOrNull(value.ended_at),
    error: stringOrNull(value.error),
    terminalStreamId: stringOrNull(value.terminal_stream_id),
    workspacePath: stringOrNull(value.workspace_path),
    tokens: readTokens(value.tokens) ?? { ...ZERO_TOKENS },
    retry: readRetry(value.retry),
    stopReason: stringOrNull(value.stop_reason),
    paused: value.paused === true,
  };
}

function readRetry(value: unknown): RetryStatus | null {
  if (!isRecord(value)) return null;
  return { kind: stringOrNull(value.kind), attempt: integerOrNull(value.attempt), due_at: stringOrNull(value.due_at), error: stringOrNull(value.error) };
}
