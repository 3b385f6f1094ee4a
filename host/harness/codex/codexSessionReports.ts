import { EventTypes } from '../../protocol/eventTypes.ts';
import type { ApprovalRequest, HarnessSink, TurnOutcome } from '../harnessAdapter.ts';
import type { OpenedThread } from './codexThreadStart.ts';
import { truncateText } from './compactPayload.ts';
import type { TerminalWriter } from './terminalWriter.ts';
import { turnFooter } from './turnBanners.ts';

// The session's own records (not derived from one server message): start, turn end, approval
// replies, stderr lines and notes.

/** stderr lines journaled per session; codex can be chatty and the tail is kept for errors anyway. */
const MAX_STDERR_EVENTS = 200;
const ANSI_ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function reportSessionStarted(sink: HarnessSink, thread: OpenedThread, pid: number | null, cwd: string): void {
  sink.event({
    type: EventTypes.sessionStarted,
    summary: `codex thread ${thread.threadId} ${thread.resumed ? 'resumed' : 'started'}`,
    payload: {
      session_id: thread.threadId, thread_id: thread.threadId, resumed: thread.resumed,
      model: thread.model, model_provider: thread.modelProvider, codex_app_server_pid: pid, cwd,
    },
  });
}

export interface TurnEndReport {
  threadId: string | null;
  turnNumber: number;
  outcome: TurnOutcome;
  elapsedMs: number;
  /** A failed turn's diagnosis (stderr tail, last stdout lines), kept raw. */
  rawRef: string | null;
}

/** The footer line in the terminal and the `turn.completed` event. */
export function reportTurnEnd(sink: HarnessSink, terminal: TerminalWriter, report: TurnEndReport): void {
  const { outcome, turnNumber } = report;
  terminal.line(turnFooter(turnNumber, outcome, report.elapsedMs));
  sink.event({
    type: EventTypes.turnCompleted,
    summary: `turn ${turnNumber} ${outcome.status}${outcome.error ? ` (${outcome.error.code})` : ''}`,
    payload: { thread_id: report.threadId, turn_id: outcome.turnId, turn_number: turnNumber, status: outcome.status, error: outcome.error, elapsed_ms: report.elapsedMs },
    rawRef: report.rawRef,
  });
}

/** The reply to an approval was written to the server: the end of the approval's round trip. */
export function reportApprovalReplied(sink: HarnessSink, request: ApprovalRequest, decision: string, waitedMs: number): void {
  sink.event({
    type: EventTypes.agentNotification,
    summary: `approval answered: ${decision}`,
    payload: { method: 'opensymphony/approval_replied', kind: request.kind, decision, waited_ms: Math.round(waitedMs * 10) / 10 },
  });
}

/** A question's reply was written: how it was settled (never the answers) and how long the user took. */
export function reportQuestionReplied(sink: HarnessSink, outcome: string, waitedMs: number): void {
  sink.event({
    type: EventTypes.agentNotification,
    summary: `question answered: ${outcome}`,
    payload: { method: 'opensymphony/question_replied', outcome, waited_ms: Math.round(waitedMs * 10) / 10 },
  });
}

/** A note of the adapter's own (`opensymphony/<what>` or `codex/<what>`), with optional raw data. */
export function reportNote(sink: HarnessSink, summary: string, payload: Record<string, unknown>, rawRef: string | null = null): void {
  sink.event({ type: EventTypes.agentNotification, summary, payload, rawRef });
}

/** Journals stderr lines (plain text, capped per session). */
export class StderrReporter {
  private count = 0;
  private readonly sink: HarnessSink;

  constructor(sink: HarnessSink) {
    this.sink = sink;
  }

  report(line: string): void {
    this.count++;
    if (this.count > MAX_STDERR_EVENTS) {
      if (this.count === MAX_STDERR_EVENTS + 1) reportNote(this.sink, 'further codex stderr lines are not journaled', { method: 'codex/stderr', line: '' });
      return;
    }
    // codex colours its log lines; the journal wants plain text.
    const plain = line.replace(ANSI_ESCAPES, '');
    reportNote(this.sink, `stderr: ${truncateText(plain, 200)}`, { method: 'codex/stderr', line: truncateText(plain) });
  }
}
