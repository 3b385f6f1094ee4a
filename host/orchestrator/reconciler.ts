import type { Issue } from '../protocol/index.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { Logger } from '../base/logger.ts';
import { describeFailure } from './workerExit.ts';
import type { EligibilityConfig } from './eligibility.ts';
import { isActive, isRoutable, isTerminal, missingRequiredLabels } from './eligibility.ts';
import type { RunningEntry } from './runningEntry.ts';
import type { StopRequest } from './stopRequest.ts';

/**
 * Stall detection (Symphony §3.12 part A): how long the worker has been silent, when that exceeds
 * `codex.stall_timeout_ms` (`<= 0` disables it), else null. Silence is measured from the last
 * agent event or output, or from the start; a worker waiting on a human's approval, or paused by
 * an operator, is not stalled.
 */
export function stalledFor(entry: RunningEntry, now: number, stallTimeoutMs: number): number | null {
  if (stallTimeoutMs <= 0 || entry.session.awaitingApproval > 0 || entry.run.paused) return null;
  const elapsed = now - (entry.session.lastEventAtMs ?? entry.startedAtMs);
  return elapsed > stallTimeoutMs ? elapsed : null;
}

/**
 * Tracker refresh of one running issue (Symphony §3.12 part B): missing, terminal, not active or
 * not routable stops it; otherwise it keeps running with the refreshed snapshot. An operator's run
 * of an issue outside the active states (or without the required labels) keeps running while the
 * issue is neither terminal nor gone.
 */
export function reconcileRunning(entry: Pick<RunningEntry, 'operator'>, refreshed: Issue | undefined, config: EligibilityConfig): { stop: StopRequest } | { keep: Issue } {
  if (!refreshed) return { stop: { kind: 'issue_missing' } };
  if (isTerminal(refreshed, config)) return { stop: { kind: 'issue_terminal', state: refreshed.state } };
  if (entry.operator) return { keep: refreshed };
  if (!isActive(refreshed, config)) return { stop: { kind: 'issue_inactive', state: refreshed.state } };
  if (!isRoutable(refreshed, config)) {
    const missing = missingRequiredLabels(refreshed, config).map((label) => JSON.stringify(label)).join(', ');
    return { stop: { kind: 'issue_unroutable', why: `lacks the required label(s) ${missing}` } };
  }
  return { keep: refreshed };
}

/** What one reconciliation pass works on. */
export interface ReconcileInput {
  workflow: WorkflowDefinition;
  tracker: Tracker | undefined;
  running: Iterable<RunningEntry>;
  now: number;
  stop: (entry: RunningEntry, request: StopRequest) => void;
  log: Logger;
}

/**
 * One reconciliation pass (Symphony §3.12): stalls first, then one by-id refresh of every running
 * issue that is not already stopping. A failed refresh keeps every worker running; the next tick
 * tries again. With nothing running it does nothing, not even a tracker call.
 */
export async function reconcile(input: ReconcileInput): Promise<void> {
  const { workflow, tracker } = input;
  const running = [...input.running];
  for (const entry of running) {
    const elapsed = entry.stop ? null : stalledFor(entry, input.now, workflow.config.codex.stall_timeout_ms);
    if (elapsed !== null) input.stop(entry, { kind: 'stalled', elapsedMs: elapsed });
  }
  const entries = running.filter((entry) => !entry.stop);
  if (entries.length === 0 || !tracker) return;
  let refreshed: Issue[];
  try {
    refreshed = await tracker.fetchIssuesByIds(entries.map((entry) => entry.issue.id));
  } catch (error) {
    input.log.log('warn', 'orchestrator', 'reconciliation refresh failed; workers keep running', { error: describeFailure(error) });
    return;
  }
  const byId = new Map(refreshed.map((issue) => [issue.id, issue]));
  for (const entry of entries) {
    if (entry.stop) continue;
    const outcome = reconcileRunning(entry, byId.get(entry.issue.id), workflow.config);
    if ('stop' in outcome) input.stop(entry, outcome.stop);
    else entry.issue = outcome.keep;
  }
}
