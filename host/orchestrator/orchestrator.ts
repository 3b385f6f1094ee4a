import type { Issue, RetryRow, Run, RunningRow, TokenTotals } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { Disposable, toDisposable, type IDisposable } from '../base/lifecycle.ts';
import { errorMessage } from '../base/errors.ts';
import { SerialQueue } from './serialQueue.ts';
import { compareForDispatch } from './issueOrdering.ts';
import { diffIssues } from './issueDiff.ts';
import { IssueGraph } from './hierarchyRule.ts';
import { dispatchBlocker, hasSlotFor, isActive, isTerminal } from './eligibility.ts';
import { RunRegistry, type ClaimState } from './runRegistry.ts';
import { OrchestratorEventTypes, OrchestratorJournal } from './orchestratorJournal.ts';
import { UsageTotals } from './usageTotals.ts';
import { RunSupervisor } from './runSupervisor.ts';
import type { OrchestratorDeps } from './orchestratorDeps.ts';
import { preflightProblems } from './preflight.ts';
import { reconcile } from './reconciler.ts';
import { startupSweep } from './startupSweep.ts';
import { readRunHistory } from './runRecovery.ts';
import { HOST_RESTARTED_REASON } from '../approvals/approvalRecovery.ts';
import { RunControls, type ControlResult } from './runControls.ts';
import { retryRows, runningRows } from './orchestratorSnapshot.ts';
import { describeFailure } from './workerExit.ts';

export type { OrchestratorDeps } from './orchestratorDeps.ts';
export type { ControlResult } from './runControls.ts';

export type DispatchResult = { accepted: true; run: Run } | { accepted: false; reason: string };
export type CancelResult = { accepted: true; run: Run } | { accepted: false; reason: string };

/** Quick tick after a tracker change, so the tree follows edits without waiting a poll interval. */
const CHANGE_DEBOUNCE_MS = 200;

/**
 * The single authority over runs (Symphony §3). Every mutation runs in one serial queue. A poll
 * tick reconciles running workers (stalls, tracker refresh), runs the dispatch preflight, fetches
 * the issues, sorts them and dispatches the eligible ones while slots are free. Runs and retry
 * timers are journaled and rebuilt from the journal when the host starts.
 */
export class Orchestrator extends Disposable {
  private readonly deps: OrchestratorDeps;
  private readonly queue = new SerialQueue();
  private readonly registry = new RunRegistry();
  private readonly usage = new UsageTotals();
  private readonly journal: OrchestratorJournal;
  private readonly supervisor: RunSupervisor;
  private readonly controls: RunControls;
  private issues = new Map<string, Issue>();
  private graph = new IssueGraph([]);
  private pollTimer: IDisposable | undefined;
  private lastSyncAt: string | null = null;
  private trackerError: string | null = null;
  private preflightErrors: string[] = [];
  private startupSweepDone = false;
  private started = false;
  private stopped = false;

  constructor(deps: OrchestratorDeps) {
    super();
    this.deps = deps;
    this.journal = new OrchestratorJournal(deps.journal, deps.log);
    this.supervisor = this.register(new RunSupervisor({
      deps, registry: this.registry, journal: this.journal, usage: this.usage, queue: this.queue,
      graph: () => this.graph,
      preflight: () => this.preflight(),
    }));
    this.controls = new RunControls({ registry: this.registry, queue: this.queue, journal: this.journal, now: () => deps.clock.now() });
    this.register(toDisposable(() => this.pollTimer?.dispose()));
  }

  /**
   * Rebuilds runs and retries from the journal (approvals the previous host left pending end as
   * cancelled, "host restarted"), then polls: one tick now, then every `polling.interval_ms`.
   */
  start(): Promise<void> {
    if (this.started) return this.queue.run(() => undefined);
    this.started = true;
    const recovered = this.queue.run(() => {
      const history = readRunHistory(this.deps.journal);
      this.deps.approvals.cancelOrphaned(history.pendingApprovals, HOST_RESTARTED_REASON);
      this.supervisor.recover(history, this.deps.workflow());
    });
    this.schedulePoll(0);
    return recovered;
  }

  /** Requests an extra tick soon (tracker change, workflow reload). */
  poke(): void {
    this.schedulePoll(CHANGE_DEBOUNCE_MS);
  }

  /** One poll tick now (Symphony §3.5). */
  tick(): Promise<void> {
    return this.queue.run(() => this.runTick());
  }

  /** Resolves once every command queued so far has run. */
  idle(): Promise<void> {
    return this.queue.run(() => undefined);
  }

  /** Operator action: run this issue now, even outside the active states; waits for a slot when all are taken. */
  dispatch(issueId: string, correlationId: string | null): Promise<DispatchResult> {
    return this.queue.run(async () => {
      const workflow = this.deps.workflow();
      if (!workflow) return { accepted: false, reason: 'WORKFLOW.md has not loaded; fix it and try again' };
      const problems = this.preflight();
      if (problems.length > 0) return { accepted: false, reason: `runs cannot start now: ${problems.join('; ')}` };
      const issue = (await this.fetchIssue(issueId)) ?? this.issues.get(issueId);
      if (!issue) return { accepted: false, reason: `issue ${issueId} is not in the tracker` };
      if (isTerminal(issue, workflow.config)) return { accepted: false, reason: `${issue.identifier} is in a terminal state (${issue.state})` };
      const current = this.registry.latestFor(issue.id);
      if (current && (current.state === 'queued' || current.state === 'running')) return { accepted: false, reason: `${issue.identifier} already has a ${current.state} run` };
      this.registry.unhold(issue.id);
      const attempt = current?.state === 'retrying' ? current.retry?.attempt ?? null : null;
      const run = this.supervisor.start(issue, attempt, { operator: true, correlationId }, workflow);
      return { accepted: true, run };
    });
  }

  /**
   * Operator action: cancel a run (by run id) or an issue's current run (by issue id). A running
   * worker is stopped; a queued start or a pending retry is dropped. The issue is then not
   * dispatched automatically until an operator starts it again.
   */
  cancel(target: { runId?: string; issueId?: string }): Promise<CancelResult> {
    return this.queue.run(() => {
      const run = target.runId ? this.registry.get(target.runId) : target.issueId ? this.registry.latestFor(target.issueId) : undefined;
      if (!run) return { accepted: false, reason: `no run matches ${target.runId ?? target.issueId ?? 'the request'}` };
      const refused = this.supervisor.cancel(run);
      return refused ? { accepted: false, reason: refused } : { accepted: true, run };
    });
  }

  /** Operator action: passes a message to a running agent (into its turn, or with the next one). */
  sendUserMessage(runId: string, text: string, correlationId: string | null = null): Promise<ControlResult> {
    return this.controls.sendUserMessage(runId, text, correlationId);
  }

  /** Operator action: pauses a running agent (harnesses that can); the run is not counted as stalled meanwhile. */
  pause(runId: string, correlationId: string | null = null): Promise<ControlResult> {
    return this.controls.pause(runId, correlationId);
  }

  /** Operator action: lets a paused agent continue. */
  resume(runId: string, correlationId: string | null = null): Promise<ControlResult> {
    return this.controls.resume(runId, correlationId);
  }

  runsList(): Run[] {
    return this.registry.list();
  }

  issuesList(): Issue[] {
    return [...this.issues.values()];
  }

  claimState(issueId: string): ClaimState {
    return this.registry.claimState(issueId);
  }

  trackerStatus(): { last_sync_at: string | null; error: string | null } {
    return { last_sync_at: this.lastSyncAt, error: this.trackerError };
  }

  /** Symphony `codex_totals`: token deltas added once, and seconds of ended plus live workers. */
  totals(): TokenTotals & { seconds_running: number } {
    return this.usage.totals([...this.registry.running.values()].map((entry) => entry.startedAtMs), this.deps.clock.now());
  }

  rateLimits(): unknown {
    return this.usage.rateLimits;
  }

  runningRows(): RunningRow[] {
    return runningRows(this.registry, this.deps.clock.now());
  }

  retryRows(): RetryRow[] {
    return retryRows(this.registry, this.issues);
  }

  preflightStatus(): { ok: boolean; errors: string[] } {
    return { ok: this.preflightErrors.length === 0, errors: [...this.preflightErrors] };
  }

  /** Stops polling and retries, stops every worker (each keeps a retry for the next start) and waits for them. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.pollTimer?.dispose();
    await this.queue.run(() => undefined);
    await this.supervisor.shutdown();
  }

  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    this.pollTimer?.dispose();
    this.pollTimer = this.deps.clock.setTimeout(() => {
      void this.tick().catch((error: unknown) => {
        this.deps.log.log('error', 'orchestrator', 'tick failed', { error: describeFailure(error) });
      }).finally(() => this.schedulePoll(this.deps.workflow()?.config.polling.interval_ms ?? 30_000));
    }, delayMs);
  }

  /** Symphony §3.5: reconcile → preflight → (startup sweep) → fetch → sort → dispatch. */
  private async runTick(): Promise<void> {
    if (this.stopped) return;
    const current = this.deps.workflow();
    if (current) {
      await reconcile({
        workflow: current, tracker: this.deps.tracker(), running: this.registry.running.values(), now: this.deps.clock.now(),
        stop: (entry, request) => this.supervisor.stop(entry, request), log: this.deps.log,
      });
    }
    const problems = this.preflight();
    this.reportPreflight(problems);
    const workflow = this.deps.workflow();
    const tracker = this.deps.tracker();
    if (problems.length > 0 || !workflow || !tracker) return;
    await this.startupSweep(workflow, tracker);
    let all: Issue[];
    try {
      all = await tracker.fetchAllIssues();
    } catch (error) {
      this.reportTrackerFailure(error);
      return;
    }
    this.syncIssues(all);
    this.dispatchEligible(all, workflow);
  }

  private preflight(): string[] {
    return preflightProblems({
      workflow: this.deps.workflow(),
      workflowProblem: this.deps.workflowProblem?.(),
      tracker: this.deps.tracker(),
      trackerProblem: this.deps.trackerProblem?.(),
    });
  }

  private reportPreflight(problems: string[]): void {
    const before = this.preflightErrors;
    this.preflightErrors = problems;
    if (problems.join('\n') === before.join('\n')) return;
    if (problems.length > 0) {
      this.deps.log.log('warn', 'orchestrator', 'dispatch preflight failed; no new runs until it passes', { errors: problems.join('; ') });
      this.journal.event({ type: OrchestratorEventTypes.preflightFailed, actor: { kind: 'orchestrator' }, summary: `dispatch paused: ${problems.join('; ')}`, payload: { errors: problems } });
    } else {
      this.journal.event({ type: OrchestratorEventTypes.preflightRecovered, actor: { kind: 'orchestrator' }, summary: 'dispatch preflight passes again', payload: { errors: [] } });
    }
  }

  private async startupSweep(workflow: WorkflowDefinition, tracker: Tracker): Promise<void> {
    if (this.startupSweepDone) return;
    this.startupSweepDone = true;
    await startupSweep({
      workflow, tracker, graph: this.graph, log: this.deps.log,
      isRunning: (issueId) => this.registry.running.has(issueId),
      retrying: this.registry.retryingRuns(),
      removeWorkspace: (identifier, reason) => this.supervisor.removeWorkspace(identifier, reason, workflow),
      release: (run, why) => this.supervisor.settle(run, why),
    });
  }

  private dispatchEligible(all: Issue[], workflow: WorkflowDefinition): void {
    const config = workflow.config;
    const candidates = all.filter((issue) => isActive(issue, config)).sort(compareForDispatch);
    for (const issue of candidates) {
      if (this.registry.isClaimed(issue.id) || this.registry.isHeld(issue.id)) continue;
      if (dispatchBlocker(issue, config, this.graph) !== null) continue;
      const usage = this.registry.slotUsage();
      if (usage.total >= config.agent.max_concurrent_agents) break;
      if (!hasSlotFor(issue, usage, config)) continue;
      this.supervisor.start(issue, null, { operator: false, correlationId: null }, workflow);
    }
  }

  private syncIssues(all: Issue[]): void {
    const next = new Map(all.map((issue) => [issue.id, issue]));
    const { upserted, removed } = diffIssues(this.issues, next);
    this.issues = next;
    this.graph = new IssueGraph(all);
    this.lastSyncAt = new Date(this.deps.clock.now()).toISOString();
    const recovered = this.trackerError !== null;
    this.trackerError = null;
    if (!upserted.length && !removed.length && !recovered) return;
    this.journal.event({
      type: EventTypes.trackerSynced,
      actor: { kind: 'tracker' },
      summary: `tracker: ${upserted.length} changed, ${removed.length} removed`,
      payload: { upserted, removed, total: next.size },
    });
  }

  private reportTrackerFailure(error: unknown): void {
    const message = describeFailure(error);
    this.deps.log.log('warn', 'orchestrator', 'tracker fetch failed', { error: message });
    if (message === this.trackerError) return;
    this.trackerError = message;
    this.journal.event({ type: EventTypes.trackerFailed, actor: { kind: 'tracker' }, summary: `tracker failed: ${message}`, payload: { error: message } });
  }

  private async fetchIssue(issueId: string): Promise<Issue | undefined> {
    try {
      return (await this.deps.tracker()?.fetchIssuesByIds([issueId]))?.[0];
    } catch (error) {
      this.deps.log.log('warn', 'orchestrator', 'issue fetch failed', { issue_id: issueId, error: errorMessage(error) });
      return undefined;
    }
  }
}
