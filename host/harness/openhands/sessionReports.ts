import { EventTypes } from '../../protocol/eventTypes.ts';
import type { HarnessSink, TurnOutcome } from '../harnessAdapter.ts';
import type { TerminalWriter } from '../codex/terminalWriter.ts';
import { turnFooter } from '../codex/turnBanners.ts';
import type { OpenHandsError } from './openHandsErrors.ts';

// The session's own records (not derived from a wire event): start, turn end, stream problems, notes.

export interface SessionStartedReport {
  conversationId: string;
  model: string;
  baseUrl: string;
  confirmationMode: boolean;
  cwd: string;
}

export function reportSessionStarted(sink: HarnessSink, report: SessionStartedReport): void {
  sink.event({
    type: EventTypes.sessionStarted,
    summary: `openhands conversation ${report.conversationId} started`,
    payload: {
      session_id: report.conversationId, thread_id: report.conversationId, conversation_id: report.conversationId,
      model: report.model, base_url: report.baseUrl, confirmation_mode: report.confirmationMode, cwd: report.cwd,
    },
  });
}

export function reportTurnStarted(sink: HarnessSink, conversationId: string, turnId: string, turnNumber: number): void {
  sink.event({ type: EventTypes.turnStarted, summary: `turn ${turnNumber} started`, payload: { thread_id: conversationId, turn_id: turnId, turn_number: turnNumber } });
}

/** The footer line in the terminal and the `turn.completed` event. */
export function reportTurnEnd(sink: HarnessSink, terminal: TerminalWriter, conversationId: string, turnNumber: number, outcome: TurnOutcome, elapsedMs: number): void {
  terminal.line(turnFooter(turnNumber, outcome, elapsedMs));
  sink.event({
    type: EventTypes.turnCompleted,
    summary: `turn ${turnNumber} ${outcome.status}${outcome.error ? ` (${outcome.error.code})` : ''}`,
    payload: { thread_id: conversationId, turn_id: outcome.turnId, turn_number: turnNumber, status: outcome.status, error: outcome.error, elapsed_ms: elapsedMs },
  });
}

/** A typed problem the stream or the session met; the raw data the server sent is kept (and stored raw). */
export function reportProblem(sink: HarnessSink, conversationId: string, problem: OpenHandsError): void {
  const rawRef = problem.raw === null ? null : sink.raw(`openhands/${problem.code}`, problem.raw);
  sink.event({
    type: EventTypes.agentNotification,
    summary: `${problem.code}: ${problem.message}`,
    payload: { method: 'openhands/stream_problem', thread_id: conversationId, code: problem.code, message: problem.message, status: problem.status, raw: problem.raw },
    rawRef,
  });
}

export function reportNote(sink: HarnessSink, conversationId: string, what: string, message: string): void {
  sink.event({ type: EventTypes.agentNotification, summary: message, payload: { method: `opensymphony/${what}`, thread_id: conversationId, message } });
}
