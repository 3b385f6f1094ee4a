import type { EventEnvelope, RunLogLevel, RunLogLine } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';

const ERROR_TYPES = new Set<string>([EventTypes.runFailed, EventTypes.trackerFailed, EventTypes.workflowInvalid, EventTypes.preflightFailed]);
const WARN_TYPES = new Set<string>([EventTypes.runCancelled, EventTypes.runRetrying, EventTypes.runPaused, EventTypes.approvalRequested]);

/** A run event as a log line: its summary, with a level from its type (and a turn's status). */
export function toRunLogLine(event: EventEnvelope): RunLogLine {
  return { seq: event.seq, timestamp: event.timestamp, level: levelOf(event), type: event.type, message: event.summary };
}

function levelOf(event: EventEnvelope): RunLogLevel {
  if (ERROR_TYPES.has(event.type)) return 'error';
  if (WARN_TYPES.has(event.type)) return 'warn';
  if (event.type === EventTypes.turnCompleted) {
    const status = event.payload.status;
    if (status === 'failed') return 'error';
    if (status === 'interrupted' || status === 'cancelled') return 'warn';
  }
  if (event.type === EventTypes.approvalResolved && (event.payload.approval as { state?: unknown } | undefined)?.state === 'denied') return 'warn';
  return 'info';
}
