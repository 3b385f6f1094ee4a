import type { Issue, Run } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { HarnessAdapter } from '../harness/harnessAdapter.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { workspaceSettings } from '../workspace/workspaceSettings.ts';
import { CodedError, errorMessage } from '../base/errors.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import type { SerialQueue } from './serialQueue.ts';
import type { RunRegistry } from './runRegistry.ts';
import type { OrchestratorJournal } from './orchestratorJournal.ts';
import { OrchestratorEventTypes } from './orchestratorJournal.ts';
import type { UsageTotals } from './usageTotals.ts';
import type { IssueGraph } from './hierarchyRule.ts';
import { maxRetryBackoffMs, type OrchestratorDeps } from './orchestratorDeps.ts';
import { LiveSession } from './liveSession.ts';
import type { RunningEntry } from './runningEntry.ts';
import { executeRun } from './runWorker.ts';
import { workerContext } from './workerWiring.ts';
import { newRun, settledState } from './runRecord.ts';
import { RetryTimers } from './retryTimers.ts';
import { failureRetryDelayMs, nextAttempt, RetryErrors } from './retryPolicy.ts';
import { decideExit, describeFailure, spawnFailureDecision, terminalNote, type ExitDecision, type RetryPlan } from './workerExit.ts';
import { decideRetry } from './retryDecision.ts';
import { describeStop, type StopRequest } from './stopRequest.ts';
import { recoveryAction, restoreHistory, type RunHistory } from './runRecovery.ts';

/** Who asked for a run. */
export interface StartOrigin {
  /** An operator start: outside the active states if need be, and it waits for a slot instead of being refused. */
  operator: boolean;
  correlationId: string | null;
}

/** What the supervisor shares with the orchestrator. */
export interface SupervisorContext {
  deps: OrchestratorDeps;
  registry: RunRegistry;
  journal: OrchestratorJournal;
  usage: UsageTotals;
  queue: SerialQueue;
  /** The issues of the latest tracker read, for the hierarchy rule. */
  graph: () => IssueGraph;
  /** Dispatch preflight problems now (empty when dispatch may proceed). */
  preflight: () => string[];
}

/**
 * Runs workers and retries for the orchestrator: claims and launches runs, turns each worker's
 * end into a continuation or backoff retry (or a cancellation), fires retries on the clock,
 * cancels on request, and rebuilds runs and retry timers from the journal at start. Every
 * method runs inside the orchestrator's serial queue.
 */
export class RunSupervisor implements IDisposable {
  private readonly context: SupervisorContext;
  private readonly retries: RetryTimers;
  private readonly tasks = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(context: SupervisorContext) {
    this.context = context;
    this.retries = new RetryTimers(context.deps.clock, (issueId, generation) => {
      this.track(context.queue.run(() => this.retryDue(issueId, generation)));
    });
  }

  /** Claims the issue with a new run and launches its worker; an operator start waits when every slot is taken. */
  start(issue: Issue, attempt: number | null, origin: StartOrigin, workflow: WorkflowDefinition): Run {
    const { registry, journal } = this.context;
    this.supersedeRetry(issue.id);
    const run = newRun(issue, attempt, workflow.config.agent.max_turns, this.now());
    registry.put(run);
    journal.run(EventTypes.runQueued, run, `${issue.identifier} queued${attempt ? ` (attempt ${attempt})` : ''}`, origin.correlationId);
    if (origin.operator && registry.slotUsage().total >= workflow.config.agent.max_concurrent_agents) {
      registry.waiting.push({ run, issue, correlationId: origin.correlationId });
    } else {
      this.launch(run, issue, origin, workflow);
    }
    return run;
  }

  /** Launches waiting operator starts while global slots are free. */
  pump(workflow: WorkflowDefinition): void {
    const { registry } = this.context;
    while (!this.stopping && registry.waiting.length > 0 && registry.running.size < workflow.config.agent.max_concurrent_agents) {
      const next = registry.waiting.shift()!;
      this.launch(next.run, next.issue, { operator: true, correlationId: next.correlationId }, workflow);
    }
  }

  /** Asks a worker to stop; its end is then handled by `exited` like any other. */
  stop(entry: RunningEntry, request: StopRequest): void {
    if (entry.stop) return;
    entry.stop = request;
    this.context.deps.log.log('info', 'orchestrator', 'stopping worker', { issue_id: entry.run.issue_id, issue_identifier: entry.run.issue_identifier, run_id: entry.run.id, reason: request.kind });
    entry.controller.abort(new CodedError('run_stopped', describeStop(request)));
  }

  /** Operator cancel of a run that is queued, running or retrying; the issue is then held back from automatic dispatch. */
  cancel(run: Run): string | null {
    const { registry } = this.context;
    const entry = registry.running.get(run.issue_id);
    if (run.state === 'running' && entry?.run.id === run.id) {
      this.stop(entry, { kind: 'operator_cancel' });
      return null;
    }
    if (run.state !== 'queued' && run.state !== 'retrying') return `${run.issue_identifier}'s run is already ${run.state}`;
    this.retries.cancel(run.issue_id);
    const waiting = registry.waiting.findIndex((start) => start.run.id === run.id);
    if (waiting >= 0) registry.waiting.splice(waiting, 1);
    run.ended_at ??= this.iso(this.now());
    this.end(run, { state: 'cancelled', error: describeStop({ kind: 'operator_cancel' }), stopReason: 'operator_cancel', retry: null, removeWorkspace: false, holdIssue: true });
    return null;
  }

  /** Rebuilds runs, totals and retry timers from the journal (see README "Restart recovery"). */
  recover(history: RunHistory, workflow: WorkflowDefinition | undefined): void {
    const { registry, usage, journal } = this.context;
    restoreHistory(history, registry, usage);
    const counts = { runs: history.runs.length, resumed_retries: 0, interrupted: 0 };
    for (const run of history.runs) {
      const latest = registry.latestFor(run.issue_id)?.id === run.id;
      const action = recoveryAction(run, latest);
      if (action === 'resume_retry') {
        this.retries.schedule(run.issue_id, Date.parse(run.retry!.due_at));
        counts.resumed_retries++;
      } else if (action === 'interrupted') {
        this.interrupted(run, latest, history.lastEventAtMs, workflow);
        counts.interrupted++;
      } else if (latest && run.state === 'cancelled' && run.stop_reason === 'operator_cancel') {
        registry.hold(run.issue_id);
      }
    }
    if (counts.runs === 0) return;
    journal.event({ type: OrchestratorEventTypes.runsRecovered, actor: { kind: 'orchestrator' }, summary: `recovered ${counts.runs} run(s) from the journal: ${counts.resumed_retries} retry timer(s) resumed, ${counts.interrupted} interrupted run(s) rescheduled`, payload: counts });
  }

  /** Removes an issue's workspace in the background (before_remove first); journals `workspace.removed`. */
  removeWorkspace(identifier: string, reason: string, workflow: WorkflowDefinition): Promise<void> {
    const { deps, journal } = this.context;
    const removal = deps.workspaces.remove(identifier, workspaceSettings(workflow)).then((path) => {
      if (path === null) return;
      journal.event({ type: OrchestratorEventTypes.workspaceRemoved, actor: { kind: 'orchestrator' }, summary: `${identifier}: workspace removed (${reason})`, payload: { issue_identifier: identifier, path, reason } });
    }, (error: unknown) => {
      deps.log.log('warn', 'workspace', 'workspace removal failed', { issue_identifier: identifier, error: errorMessage(error) });
    });
    this.track(removal);
    return removal;
  }

  /** Stops every worker (their runs keep a retry the next host start resumes) and waits for them to finish. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.retries.dispose();
    for (const entry of this.context.registry.running.values()) this.stop(entry, { kind: 'host_stopped' });
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  dispose(): void {
    this.retries.dispose();
  }

  private launch(run: Run, issue: Issue, { operator, correlationId }: StartOrigin, workflow: WorkflowDefinition): void {
    if (this.stopping) return;
    const { deps, registry, queue } = this.context;
    const tracker = deps.tracker();
    let harness: HarnessAdapter;
    try {
      if (!tracker) throw new CodedError('tracker_unavailable', 'no tracker is available');
      harness = deps.harness(workflow);
    } catch (error) {
      this.spawnFailed(run, error, workflow);
      return;
    }
    const now = this.now();
    const entry: RunningEntry = { run, issue, operator, correlationId, controller: new AbortController(), session: new LiveSession(), startedAtMs: now, stop: undefined };
    registry.running.set(issue.id, entry);
    run.state = 'running';
    run.started_at = this.iso(now);
    deps.log.log('info', 'orchestrator', 'worker started', { issue_id: run.issue_id, issue_identifier: run.issue_identifier, run_id: run.id, attempt: run.attempt, operator });
    const worker = executeRun(workerContext({ entry, workflow, tracker, harness, deps, journal: this.context.journal, usage: this.context.usage }));
    this.track(worker.then(
      () => queue.run(() => this.exited(entry, undefined)),
      (error: unknown) => queue.run(() => this.exited(entry, error ?? new Error('the worker failed'))),
    ));
  }

  private spawnFailed(run: Run, error: unknown, workflow: WorkflowDefinition): void {
    this.context.deps.log.log('warn', 'orchestrator', 'failed to spawn agent', { issue_identifier: run.issue_identifier, run_id: run.id, error: describeFailure(error) });
    run.ended_at = this.iso(this.now());
    this.end(run, spawnFailureDecision(run, error, maxRetryBackoffMs(workflow)));
  }

  /** A worker ended (Symphony "worker exit"): account for it, then retry, or cancel. */
  private exited(entry: RunningEntry, failure: unknown): void {
    const { deps, registry, usage } = this.context;
    const { run } = entry;
    registry.running.delete(run.issue_id);
    const now = this.now();
    run.ended_at = this.iso(now);
    usage.addEndedRun(entry.startedAtMs, now);
    const workflow = deps.workflow();
    const decision = decideExit(run, entry.stop, failure, maxRetryBackoffMs(workflow));
    this.context.journal.terminal(run, terminalNote(run, decision));
    deps.log.log(decision.error ? 'warn' : 'info', 'orchestrator', 'worker exited', {
      issue_id: run.issue_id, issue_identifier: run.issue_identifier, run_id: run.id, session_id: entry.session.sessionId ?? undefined,
      outcome: decision.retry ? `retrying:${decision.retry.kind}` : decision.state, error: decision.error ?? undefined,
    });
    this.end(run, decision);
    if (decision.removeWorkspace && workflow) void this.removeWorkspace(run.issue_identifier, 'the issue is terminal', workflow);
    if (workflow) this.pump(workflow);
  }

  /** Applies an end decision to a run and journals it. */
  private end(run: Run, decision: ExitDecision): void {
    run.error = decision.error;
    run.stop_reason = decision.stopReason;
    if (decision.holdIssue) this.context.registry.hold(run.issue_id);
    if (decision.retry) {
      this.scheduleRetry(run, decision.retry);
      return;
    }
    run.state = 'cancelled';
    run.retry = null;
    this.context.journal.run(OrchestratorEventTypes.runCancelled, run, `${run.issue_identifier} cancelled: ${decision.error ?? 'stopped'}`);
  }

  private scheduleRetry(run: Run, plan: RetryPlan): void {
    const due = this.now() + plan.delayMs;
    run.state = 'retrying';
    run.retry = { kind: plan.kind, attempt: plan.attempt, due_at: this.iso(due), error: plan.error };
    const what = plan.kind === 'continuation' ? 'continuation check' : `retry (attempt ${plan.attempt})`;
    this.context.journal.run(OrchestratorEventTypes.runRetrying, run, `${run.issue_identifier}: ${what} in ${Math.round(plan.delayMs / 1000)} s${plan.error ? `: ${plan.error}` : ''}`);
    if (!this.stopping) this.retries.schedule(run.issue_id, due);
  }

  /** A retry timer fired (Symphony §16.6). */
  private async retryDue(issueId: string, generation: number): Promise<void> {
    if (this.stopping || !this.retries.take(issueId, generation)) return;
    const { deps, registry } = this.context;
    const run = registry.latestFor(issueId);
    if (run?.state !== 'retrying' || !run.retry) return;
    const attempt = run.retry.attempt;
    const workflow = deps.workflow();
    const tracker = deps.tracker();
    const problems = this.context.preflight();
    if (!workflow || !tracker || problems.length > 0) {
      this.requeue(run, attempt + 1, `dispatch preflight failed: ${problems.join('; ')}`, workflow);
      return;
    }
    let issue: Issue | undefined;
    try {
      [issue] = await tracker.fetchIssuesByIds([issueId]);
    } catch (error) {
      deps.log.log('warn', 'orchestrator', 'retry refresh failed', { issue_id: issueId, issue_identifier: run.issue_identifier, error: errorMessage(error) });
      this.requeue(run, attempt + 1, RetryErrors.refreshFailed, workflow);
      return;
    }
    if (this.stopping) return;
    const decision = decideRetry(issue, workflow.config, this.context.graph(), registry.slotUsage());
    if (decision.kind === 'requeue_no_slots') this.requeue(run, attempt + 1, RetryErrors.noSlots, workflow);
    else if (decision.kind === 'dispatch') this.start(decision.issue, attempt, { operator: false, correlationId: null }, workflow);
    else {
      this.settle(run, `retry released: ${decision.why}`);
      if (decision.removeWorkspace) void this.removeWorkspace(run.issue_identifier, 'the issue is terminal', workflow);
    }
  }

  private requeue(run: Run, attempt: number, error: string, workflow: WorkflowDefinition | undefined): void {
    this.scheduleRetry(run, { kind: 'failure', attempt, delayMs: failureRetryDelayMs(attempt, maxRetryBackoffMs(workflow)), error });
  }

  /** Releases a retrying run's claim: it settles as completed (clean exit) or failed. */
  settle(run: Run, why: string): void {
    this.retries.cancel(run.issue_id);
    run.state = settledState(run);
    run.retry = null;
    const type = run.state === 'failed' ? EventTypes.runFailed : EventTypes.runCompleted;
    this.context.journal.run(type, run, `${run.issue_identifier} ${run.state}${run.error ? `: ${run.error}` : ''} (${why})`);
  }

  /** A new run of an issue ends the retry its previous run held. */
  private supersedeRetry(issueId: string): void {
    const previous = this.context.registry.latestFor(issueId);
    if (previous?.state === 'retrying') this.settle(previous, 'superseded by a new run');
  }

  /** A run that was queued or running when the host went away. */
  private interrupted(run: Run, latest: boolean, lastEventAtMs: number | null, workflow: WorkflowDefinition | undefined): void {
    if (!run.ended_at) {
      // The journal's last write is the best guess of when the host died; never before the run began or after now.
      const startedAt = run.started_at ? Date.parse(run.started_at) : this.now();
      const endedAt = Math.min(Math.max(lastEventAtMs ?? this.now(), startedAt), this.now());
      if (run.started_at) this.context.usage.addEndedRun(startedAt, endedAt);
      run.ended_at = this.iso(endedAt);
    }
    run.error = 'interrupted: the host restarted';
    run.stop_reason = 'host_restarted';
    if (!latest) {
      this.settle(run, 'a newer run exists');
      return;
    }
    const attempt = nextAttempt(run.attempt);
    this.scheduleRetry(run, { kind: 'failure', attempt, delayMs: failureRetryDelayMs(attempt, maxRetryBackoffMs(workflow)), error: RetryErrors.workerExited('host restarted') });
  }

  private track(promise: Promise<unknown>): void {
    this.tasks.add(promise);
    void promise.finally(() => this.tasks.delete(promise));
  }

  private now(): number {
    return this.context.deps.clock.now();
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}
