import type { ActiveRun, BlockerStatus, Issue, IssueRuntime, IssueStatus, RunOutcome } from '../protocol/index.ts';
import type { EligibilityConfig } from '../orchestrator/eligibility.ts';
import { isActive, isTerminal, missingRequiredLabels } from '../orchestrator/eligibility.ts';
import type { IssueGraph } from '../orchestrator/hierarchyRule.ts';
import { describeHold, hierarchyHold } from '../orchestrator/hierarchyRule.ts';
import { isInStates } from '../orchestrator/issueOrdering.ts';
import type { IssueRuntimeRecord, RunView } from './issueRuntimeRecord.ts';
import { isLiveRun, ZERO_TOKENS } from './issueRuntimeRecord.ts';

/** What an issue's status is judged against: the workflow's settings and the tracker's issues. */
export interface StatusContext {
  config: EligibilityConfig | undefined;
  graph: IssueGraph;
}

/** The runtime overlay of one issue, as served in its task-graph node. */
export function describeRuntime(issue: Issue, record: IssueRuntimeRecord | undefined, context: StatusContext): IssueRuntime {
  const latest = record?.latestRun();
  const { status, reason } = describeStatus(issue, record, context);
  return {
    status,
    status_reason: reason,
    active_run: latest && isLiveRun(latest) ? activeRun(latest) : null,
    last_outcome: lastOutcome(record),
    retry: record?.retry ?? null,
    retry_count: record?.retryCount ?? 0,
    run_count: record?.runs.size ?? 0,
    workspace_path: record?.workspacePath ?? null,
    blockers: describeBlockers(issue, context),
    tokens: record?.tokens() ?? { ...ZERO_TOKENS },
    pending_approvals: record?.pendingApprovals.size ?? 0,
    last_event_seq: record?.lastEventSeq ?? null,
  };
}

/** Each blocker with the freshest state known: its own tracker record beats the `blocked_by` copy. */
function describeBlockers(issue: Issue, { config, graph }: StatusContext): BlockerStatus[] {
  return issue.blocked_by.map((blocker) => {
    const state = graph.find(blocker)?.state ?? blocker.state;
    const terminal = config !== undefined && state !== null && isInStates({ ...issue, state }, config.tracker.terminal_states);
    return { id: blocker.id, identifier: blocker.identifier, state, terminal };
  });
}

/**
 * First match wins: live run, no workflow, terminal, retry, inactive, labels, hierarchy, eligible.
 * The rules are the orchestrator's own (host/orchestrator/eligibility.ts), so the graph and the
 * scheduler agree; slots and claims are left out, they change from one tick to the next.
 */
function describeStatus(issue: Issue, record: IssueRuntimeRecord | undefined, { config, graph }: StatusContext): { status: IssueStatus; reason: string | null } {
  const latest = record?.latestRun();
  if (latest?.state === 'running') return { status: 'running', reason: null };
  if (latest?.state === 'queued') return { status: 'queued', reason: 'waiting for a free agent slot' };
  if (!config) return { status: 'unknown', reason: 'WORKFLOW.md has not loaded' };
  if (isTerminal(issue, config)) return { status: 'done', reason: null };
  const retry = record?.retry;
  if (retry) return { status: 'retrying', reason: retry.error };
  if (!isActive(issue, config)) return { status: 'inactive', reason: `state ${issue.state} is not an active state` };
  const missing = missingRequiredLabels(issue, config);
  if (missing.length) return { status: 'ineligible', reason: `lacks the required label(s) ${missing.map((label) => JSON.stringify(label)).join(', ')}` };
  const hold = hierarchyHold(issue, graph, config.tracker.terminal_states);
  if (hold) return { status: 'blocked', reason: describeHold(hold) };
  return { status: 'eligible', reason: null };
}

function activeRun(run: RunView): ActiveRun {
  return {
    id: run.id,
    state: run.state === 'running' ? 'running' : 'queued',
    attempt: run.attempt,
    turn: run.turn,
    max_turns: run.maxTurns,
    queued_at: run.queuedAt,
    started_at: run.startedAt,
    terminal_stream_id: run.terminalStreamId,
    paused: run.paused,
  };
}

/** How the newest ended worker ended; a retrying run ended cleanly for a continuation, else with an error. */
function lastOutcome(record: IssueRuntimeRecord | undefined): RunOutcome | null {
  let newest: RunView | undefined;
  for (const run of record?.runs.values() ?? []) {
    if (isLiveRun(run)) continue;
    if (!newest || (run.queuedAt ?? '') >= (newest.queuedAt ?? '')) newest = run;
  }
  if (!newest) return null;
  const base = { run_id: newest.id, ended_at: newest.endedAt };
  if (newest.state === 'completed' || (newest.state === 'retrying' && newest.retry?.kind === 'continuation')) return { ...base, state: 'completed', error: null };
  if (newest.state === 'cancelled') return { ...base, state: 'cancelled', error: newest.error ?? newest.stopReason };
  return { ...base, state: 'failed', error: newest.error ?? newest.retry?.error ?? newest.stopReason ?? newest.state };
}
