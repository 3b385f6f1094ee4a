import type { NewEvent, Run } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { Logger } from '../base/logger.ts';
import { errorMessage } from '../base/errors.ts';

/** The orchestrator's own event types (defined in host/protocol so clients can name them). */
export const OrchestratorEventTypes = {
  runRetrying: EventTypes.runRetrying,
  runCancelled: EventTypes.runCancelled,
  preflightFailed: EventTypes.preflightFailed,
  preflightRecovered: EventTypes.preflightRecovered,
  runsRecovered: EventTypes.runsRecovered,
  workspaceRemoved: EventTypes.workspaceRemoved,
} as const;

/** The entity refs of a run's events. */
export function runRefs(run: Run) {
  return [
    { kind: 'run' as const, id: run.id },
    { kind: 'issue' as const, id: run.issue_id, identifier: run.issue_identifier },
  ];
}

/**
 * Writes the orchestrator's events. Every `run.*` event carries the whole Run DTO (a copy), which
 * is what clients reduce and what the next host start rebuilds its runs and retries from.
 */
export class OrchestratorJournal {
  private readonly journal: EventJournal;
  private readonly log: Logger;

  constructor(journal: EventJournal, log: Logger) {
    this.journal = journal;
    this.log = log;
  }

  /** A `run.*` event; `extra` adds fields beside the run (e.g. an operator's message). */
  run(type: string, run: Run, summary: string, correlationId: string | null = null, extra: Record<string, unknown> = {}): void {
    const copy: Run = { ...run, tokens: { ...run.tokens }, retry: run.retry ? { ...run.retry } : run.retry };
    this.event({ type, actor: { kind: 'orchestrator' }, summary, payload: { ...extra, run: copy }, entity_refs: runRefs(run), correlation_id: correlationId });
  }

  event(event: NewEvent): void {
    this.journal.append([event]).catch((error: unknown) => {
      this.log.log('error', 'journal', 'append failed', { type: event.type, error: errorMessage(error) });
    });
  }

  /** Keeps a harness's raw data for diagnosis; null when the journal refused it (logged). */
  raw(run: Run, source: string, body: string): string | null {
    try {
      return this.journal.appendRaw({ runId: run.id, source, body });
    } catch (error) {
      this.log.log('error', 'journal', 'raw payload not kept', { run_id: run.id, source, error: errorMessage(error) });
      return null;
    }
  }

  terminal(run: Run, text: string): void {
    this.journal.appendTerminal(run.terminal_stream_id, Buffer.from(text, 'utf8')).catch((error: unknown) => {
      this.log.log('error', 'journal', 'terminal append failed', { run_id: run.id, error: errorMessage(error) });
    });
  }
}
