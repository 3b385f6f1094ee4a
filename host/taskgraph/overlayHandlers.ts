import type { EventEnvelope } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import { OrchestratorEventTypes } from '../orchestrator/orchestratorJournal.ts';
import type { IssueRuntimeRecord, RunView } from './issueRuntimeRecord.ts';
import { isLiveRun } from './issueRuntimeRecord.ts';
import { integerOrNull, isRecord, issueIdOf, readRun, readTokens, stringOrNull } from './journalPayloads.ts';

/** What an overlay handler may read and change. */
export interface OverlayContext {
  record(issueId: string): IssueRuntimeRecord;
  /** Records a run DTO under its issue (and remembers which issue the run belongs to). */
  putRun(run: RunView): void;
  /** The run and its record, found by the event's run ref or payload run id. */
  findRun(event: EventEnvelope): { record: IssueRuntimeRecord; run: RunView } | undefined;
  records(): Iterable<IssueRuntimeRecord>;
}

/** Folds one event into the runtime records; returns the ids of issues whose runtime changed. */
export type OverlayHandler = (event: EventEnvelope, context: OverlayContext) => readonly string[];

/** Error text of runs that were live when the host went down (their process died with it). */
export const HOST_RESTART_ERROR = 'interrupted: the host restarted while this run was active';

const runChanged: OverlayHandler = (event, context) => {
  const run = readRun(event.payload.run);
  if (!run) return [];
  context.putRun(run);
  return [run.issueId];
};

const tokensUpdated: OverlayHandler = (event, context) => {
  const found = context.findRun(event);
  const tokens = readTokens(event.payload);
  if (!found || !tokens) return [];
  found.run.tokens = tokens;
  return [found.record.issueId];
};

const turnProgress: OverlayHandler = (event, context) => {
  const found = context.findRun(event);
  const turn = integerOrNull(event.payload.turn_number);
  if (!found || turn === null || turn <= found.run.turn) return [];
  found.run.turn = turn;
  return [found.record.issueId];
};

const approvalChanged: OverlayHandler = (event, context) => {
  const approval = event.payload.approval;
  if (!isRecord(approval)) return [];
  const id = stringOrNull(approval.id);
  const issueId = stringOrNull(approval.issue_id) ?? issueIdOf(event);
  if (!id || !issueId) return [];
  const record = context.record(issueId);
  if (approval.state === 'pending') record.pendingApprovals.add(id);
  else record.pendingApprovals.delete(id);
  return [issueId];
};

/**
 * Live runs and pending approvals belonged to the previous host process, which took them down.
 * Retries survive: the orchestrator rebuilds its retry timers from the journal.
 */
const hostStarted: OverlayHandler = (event, context) => {
  const touched: string[] = [];
  for (const record of context.records()) {
    const live = [...record.runs.values()].filter(isLiveRun);
    for (const run of live) record.putRun({ ...run, state: 'cancelled', stopReason: 'host_restarted', error: HOST_RESTART_ERROR, endedAt: run.endedAt ?? event.timestamp });
    const hadApprovals = record.pendingApprovals.size > 0;
    record.pendingApprovals.clear();
    if (live.length || hadApprovals) touched.push(record.issueId);
  }
  return touched;
};

/**
 * Handlers by event type. Other events that carry a run DTO update that run (see the fallback);
 * the rest only move the issue's `last_event_seq`, so a newer orchestrator's events never break the graph.
 */
export const overlayHandlers: Readonly<Record<string, OverlayHandler>> = {
  [EventTypes.runQueued]: runChanged,
  [EventTypes.runStarted]: runChanged,
  [EventTypes.runCompleted]: runChanged,
  [EventTypes.runFailed]: runChanged,
  [OrchestratorEventTypes.runRetrying]: runChanged,
  [OrchestratorEventTypes.runCancelled]: runChanged,
  [EventTypes.tokensUpdated]: tokensUpdated,
  [EventTypes.turnStarted]: turnProgress,
  [EventTypes.turnCompleted]: turnProgress,
  [EventTypes.approvalRequested]: approvalChanged,
  [EventTypes.approvalResolved]: approvalChanged,
  [EventTypes.hostStarted]: hostStarted,
};

/** For event types without a handler: any event that journals a run DTO updates that run. */
export const fallbackOverlayHandler: OverlayHandler = (event, context) => (isRecord(event.payload.run) ? runChanged(event, context) : []);
