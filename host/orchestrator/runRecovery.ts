import type { Approval, Run } from '../protocol/index.ts';
import { PendingApprovalFolder } from '../approvals/approvalRecovery.ts';
import { EventTypes, RunSchema } from '../protocol/index.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import { RATE_LIMITS_METHOD } from './liveSession.ts';
import type { RunRegistry } from './runRegistry.ts';
import type { UsageTotals } from './usageTotals.ts';

const PAGE_SIZE = 1_000;

/** What the journal remembers of the orchestrator, folded from its events. */
export interface RunHistory {
  /** The latest DTO of every run, in the order the runs first appeared. */
  runs: Run[];
  /** When the journal's last event was written (ms), the best guess of when a crashed host died. */
  lastEventAtMs: number | null;
  /** The latest rate-limit payload an agent reported, or null. */
  rateLimits: unknown;
  /** Approval requests still pending when the journal ends: the previous host left them unanswered. */
  pendingApprovals: Approval[];
}

/**
 * Reads every event and keeps, per run, the Run DTO of its last `run.*` event (each carries the
 * whole run, retry due time included), the latest agent rate-limit payload and the approval
 * requests left pending.
 */
export function readRunHistory(journal: EventJournal): RunHistory {
  const runs = new Map<string, Run>();
  let rateLimits: unknown = null;
  let lastEventAtMs: number | null = null;
  const approvals = new PendingApprovalFolder();
  for (let cursor = 0; ;) {
    const page = journal.read(cursor, PAGE_SIZE);
    for (const event of page) {
      lastEventAtMs = Date.parse(event.timestamp);
      approvals.observe(event);
      if (event.type.startsWith('run.')) {
        const parsed = RunSchema.safeParse(event.payload.run);
        if (parsed.success) runs.set(parsed.data.id, parsed.data);
      } else if (event.type === EventTypes.agentNotification && event.payload.method === RATE_LIMITS_METHOD) {
        rateLimits = event.payload.params ?? null;
      }
    }
    if (page.length < PAGE_SIZE) break;
    cursor = page[page.length - 1]!.seq;
  }
  return { runs: [...runs.values()], lastEventAtMs, rateLimits, pendingApprovals: approvals.pending() };
}

/** How a recovered run resumes (Symphony has no such step; see README "Restart recovery"). */
export type RecoveryAction =
  /** Ended for good: history only. */
  | 'history'
  /** Its retry timer resumes with the time that is left. */
  | 'resume_retry'
  /** It was queued or running when the host went away: it becomes a failure retry. */
  | 'interrupted';

export function recoveryAction(run: Run, isLatestOfIssue: boolean): RecoveryAction {
  if (run.state === 'retrying' && run.retry && isLatestOfIssue) return 'resume_retry';
  if (run.state === 'queued' || run.state === 'running' || run.state === 'retrying') return 'interrupted';
  return 'history';
}

/** Puts recovered runs back into the registry and their tokens, runtimes and the rate limits into the totals. */
export function restoreHistory(history: RunHistory, registry: RunRegistry, usage: UsageTotals): void {
  usage.rateLimits = history.rateLimits;
  for (const run of history.runs) {
    registry.put(run);
    usage.addTokens(run.tokens);
    if (run.started_at && run.ended_at) usage.addEndedRun(Date.parse(run.started_at), Date.parse(run.ended_at));
  }
}
