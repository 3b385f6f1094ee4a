import type { EventEnvelope } from '../protocol/index.ts';
import { IssueRuntimeRecord } from './issueRuntimeRecord.ts';
import type { RunView } from './issueRuntimeRecord.ts';
import { issueIdOf, runIdOf } from './journalPayloads.ts';
import type { OverlayContext } from './overlayHandlers.ts';
import { fallbackOverlayHandler, overlayHandlers } from './overlayHandlers.ts';

/** Event types the task graph itself writes; folding them back in would loop. */
export function isTaskGraphEvent(type: string): boolean {
  return type.startsWith('taskgraph.');
}

/** Runtime facts per issue (runs, retries, approvals, tokens, last event), folded from journal events. */
export class RuntimeOverlays {
  private readonly byIssue = new Map<string, IssueRuntimeRecord>();
  private readonly issueByRun = new Map<string, string>();
  private readonly context: OverlayContext = {
    record: (issueId) => this.record(issueId),
    putRun: (run) => this.putRun(run),
    findRun: (event) => this.findRun(event),
    records: () => this.byIssue.values(),
  };

  get(issueId: string): IssueRuntimeRecord | undefined {
    return this.byIssue.get(issueId);
  }

  /** Applies one event; returns the ids of issues whose runtime changed. */
  apply(event: EventEnvelope): ReadonlySet<string> {
    if (isTaskGraphEvent(event.type)) return new Set();
    const handler = overlayHandlers[event.type] ?? fallbackOverlayHandler;
    const touched = new Set(handler(event, this.context));
    const issueId = issueIdOf(event);
    if (issueId !== null) {
      this.record(issueId).lastEventSeq = event.seq;
      touched.add(issueId);
    }
    return touched;
  }

  private record(issueId: string): IssueRuntimeRecord {
    let record = this.byIssue.get(issueId);
    if (!record) {
      record = new IssueRuntimeRecord(issueId);
      this.byIssue.set(issueId, record);
    }
    return record;
  }

  private putRun(run: RunView): void {
    this.issueByRun.set(run.id, run.issueId);
    this.record(run.issueId).putRun(run);
  }

  private findRun(event: EventEnvelope): { record: IssueRuntimeRecord; run: RunView } | undefined {
    const runId = runIdOf(event);
    const issueId = runId ? this.issueByRun.get(runId) : undefined;
    const record = issueId ? this.byIssue.get(issueId) : undefined;
    const run = runId ? record?.runs.get(runId) : undefined;
    return record && run ? { record, run } : undefined;
  }
}
