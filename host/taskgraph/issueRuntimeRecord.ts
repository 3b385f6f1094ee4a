import type { RetryStatus, TokenTotals } from '../protocol/index.ts';

/** What the journal told about one run, read leniently so newer orchestrators' runs still count. */
export interface RunView {
  id: string;
  issueId: string;
  /** The orchestrator's run state as journaled (`queued`, `running`, `retrying`, `completed`, `failed`, `cancelled`, …). */
  state: string;
  attempt: number | null;
  turn: number;
  maxTurns: number;
  queuedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  error: string | null;
  terminalStreamId: string | null;
  workspacePath: string | null;
  tokens: TokenTotals;
  /** The retry the orchestrator holds while the run is `retrying`. */
  retry: RetryStatus | null;
  stopReason: string | null;
  /** True while an operator has paused the agent (the run stays `running`). */
  paused: boolean;
}

export const ZERO_TOKENS: TokenTotals = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };

/** A run is live while queued or running; every other state means its worker has ended. */
export function isLiveRun(run: RunView): boolean {
  return run.state === 'queued' || run.state === 'running';
}

/** The runtime facts of one issue, folded from journal events. */
export class IssueRuntimeRecord {
  readonly issueId: string;
  readonly runs = new Map<string, RunView>();
  latestRunId: string | null = null;
  readonly pendingApprovals = new Set<string>();
  lastEventSeq: number | null = null;
  workspacePath: string | null = null;
  /** Distinct retries seen (run, attempt, due time): a retry journaled twice counts once. */
  private readonly retriesSeen = new Set<string>();

  constructor(issueId: string) {
    this.issueId = issueId;
  }

  latestRun(): RunView | undefined {
    return this.latestRunId ? this.runs.get(this.latestRunId) : undefined;
  }

  /** The pending retry: the latest run's, while that run is `retrying`. */
  get retry(): RetryStatus | null {
    const latest = this.latestRun();
    return latest?.state === 'retrying' ? latest.retry : null;
  }

  get retryCount(): number {
    return this.retriesSeen.size;
  }

  /** Records a run DTO; the newest run by queue time is the issue's latest. */
  putRun(run: RunView): void {
    const previous = this.runs.get(run.id);
    // Token events may be newer than the run DTO journaled with a state change: keep the larger totals.
    const tokens = previous && previous.tokens.total_tokens > run.tokens.total_tokens ? previous.tokens : run.tokens;
    this.runs.set(run.id, { ...run, tokens });
    const latest = this.latestRun();
    if (!latest || latest.id === run.id || (run.queuedAt ?? '') >= (latest.queuedAt ?? '')) this.latestRunId = run.id;
    if (run.workspacePath) this.workspacePath = run.workspacePath;
    if (run.state === 'retrying' && run.retry) this.retriesSeen.add(`${run.id}:${run.retry.attempt}:${run.retry.due_at}`);
  }

  tokens(): TokenTotals {
    const sum = { ...ZERO_TOKENS };
    for (const run of this.runs.values()) {
      sum.input_tokens += run.tokens.input_tokens;
      sum.output_tokens += run.tokens.output_tokens;
      sum.total_tokens += run.tokens.total_tokens;
    }
    return sum;
  }
}
