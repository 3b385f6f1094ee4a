import type { Run } from '../protocol/index.ts';
import type { SlotUsage } from './eligibility.ts';
import { normalizeState } from './issueOrdering.ts';
import type { RunningEntry, WaitingStart } from './runningEntry.ts';

/** Symphony's claim states (§3.1); `released` is the transition back to `unclaimed`. */
export type ClaimState = 'unclaimed' | 'claimed' | 'running' | 'retry_queued';

/**
 * The orchestrator's memory of runs: every run by id, the latest run per issue, the workers that
 * run now, operator starts that wait for a slot, and issues an operator cancel holds back.
 * Claims derive from it: an issue is claimed while its latest run is queued, running or retrying.
 */
export class RunRegistry {
  private readonly runs = new Map<string, Run>();
  private readonly latest = new Map<string, string>();
  private readonly held = new Set<string>();
  /** Running workers by issue id. */
  readonly running = new Map<string, RunningEntry>();
  /** Operator starts waiting for a slot, oldest first. */
  readonly waiting: WaitingStart[] = [];

  /** Adds or replaces a run; it becomes its issue's latest unless a newer run exists. */
  put(run: Run): void {
    this.runs.set(run.id, run);
    const current = this.latestFor(run.issue_id);
    if (!current || current.id === run.id || current.queued_at <= run.queued_at) this.latest.set(run.issue_id, run.id);
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  latestFor(issueId: string): Run | undefined {
    const runId = this.latest.get(issueId);
    return runId ? this.runs.get(runId) : undefined;
  }

  list(): Run[] {
    return [...this.runs.values()];
  }

  claimState(issueId: string): ClaimState {
    switch (this.latestFor(issueId)?.state) {
      case 'queued': return 'claimed';
      case 'running': return 'running';
      case 'retrying': return 'retry_queued';
      default: return 'unclaimed';
    }
  }

  isClaimed(issueId: string): boolean {
    return this.claimState(issueId) !== 'unclaimed';
  }

  retryingRuns(): Run[] {
    return [...this.latest.values()].map((id) => this.runs.get(id)).filter((run): run is Run => run?.state === 'retrying');
  }

  hold(issueId: string): void {
    this.held.add(issueId);
  }

  unhold(issueId: string): void {
    this.held.delete(issueId);
  }

  isHeld(issueId: string): boolean {
    return this.held.has(issueId);
  }

  /** Workers that occupy slots: running ones, and operator starts already promised one. */
  slotUsage(): SlotUsage {
    const byState = new Map<string, number>();
    const count = (state: string) => byState.set(normalizeState(state), (byState.get(normalizeState(state)) ?? 0) + 1);
    for (const entry of this.running.values()) count(entry.issue.state);
    for (const waiting of this.waiting) count(waiting.issue.state);
    return { total: this.running.size + this.waiting.length, byState };
  }
}
