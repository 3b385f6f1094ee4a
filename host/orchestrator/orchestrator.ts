import type { Issue, NewEvent, Run, TokenTotals } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { HarnessAdapter } from '../harness/harnessAdapter.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { WorkspaceManager } from '../workspace/workspaceManager.ts';
import type { ApprovalService } from '../approvals/approvalService.ts';
import type { Clock } from '../base/clock.ts';
import type { Logger } from '../base/logger.ts';
import { Disposable, toDisposable, type IDisposable } from '../base/lifecycle.ts';
import { errorMessage } from '../base/errors.ts';
import { SerialQueue } from './serialQueue.ts';
import { compareForDispatch, isInStates } from './issueOrdering.ts';
import { newRun, runRefs } from './runRecord.ts';
import { describeFailure, executeRun } from './runWorker.ts';
import { diffIssues } from './issueDiff.ts';

export interface OrchestratorDeps {
  journal: EventJournal;
  clock: Clock;
  log: Logger;
  workflow: () => WorkflowDefinition | undefined;
  tracker: () => Tracker | undefined;
  harness: (workflow: WorkflowDefinition) => HarnessAdapter;
  workspaces: WorkspaceManager;
  approvals: ApprovalService;
  renderPrompt: (template: string, issue: Issue, attempt: number | null) => Promise<string>;
  continuationPrompt: (turn: number, maxTurns: number) => string;
}

export type DispatchResult = { accepted: true; run: Run } | { accepted: false; reason: string };

/** Quick tick after a tracker change, so the tree follows edits without waiting a poll interval. */
const CHANGE_DEBOUNCE_MS = 200;

/**
 * The single authority over runs (Symphony §3): polls the tracker, dispatches eligible issues up to
 * the concurrency limit, and journals every transition. All mutations go through one serial queue.
 */
export class Orchestrator extends Disposable {
  private readonly deps: OrchestratorDeps;
  private readonly queue = new SerialQueue();
  private readonly runs = new Map<string, Run>();
  /** Issue id → the id of its latest run (queued, running or ended). */
  private readonly latestRunByIssue = new Map<string, string>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly workers = new Set<Promise<void>>();
  private issues = new Map<string, Issue>();
  private pollTimer: IDisposable | undefined;
  private lastSyncAt: string | null = null;
  private trackerError: string | null = null;
  private endedSeconds = 0;
  private stopped = false;

  constructor(deps: OrchestratorDeps) {
    super();
    this.deps = deps;
    this.register(toDisposable(() => this.pollTimer?.dispose()));
  }

  /** Starts polling: one tick now, then every `polling.interval_ms`. */
  start(): void {
    this.schedulePoll(0);
  }

  /** Requests an extra tick soon (tracker change, workflow reload). */
  poke(): void {
    this.schedulePoll(CHANGE_DEBOUNCE_MS);
  }

  tick(): Promise<void> {
    return this.queue.run(() => this.runTick());
  }

  /** Operator action: run this issue now (queued when every slot is taken). */
  dispatch(issueId: string, correlationId: string | null): Promise<DispatchResult> {
    return this.queue.run(async () => {
      const issue = this.issues.get(issueId) ?? (await this.fetchIssue(issueId));
      if (!issue) return { accepted: false, reason: `issue ${issueId} is not in the tracker` };
      this.issues.set(issue.id, issue);
      const workflow = this.deps.workflow();
      if (!workflow) return { accepted: false, reason: 'WORKFLOW.md has not loaded; fix it and try again' };
      if (isInStates(issue, workflow.config.tracker.terminal_states)) return { accepted: false, reason: `${issue.identifier} is in a terminal state (${issue.state})` };
      const current = this.currentRun(issue.id);
      if (current && (current.state === 'queued' || current.state === 'running')) return { accepted: false, reason: `${issue.identifier} already has a ${current.state} run` };
      const run = this.enqueue(issue, workflow, correlationId);
      this.pump();
      return { accepted: true, run };
    });
  }

  runsList(): Run[] {
    return [...this.runs.values()];
  }

  issuesList(): Issue[] {
    return [...this.issues.values()];
  }

  trackerStatus(): { last_sync_at: string | null; error: string | null } {
    return { last_sync_at: this.lastSyncAt, error: this.trackerError };
  }

  totals(): TokenTotals & { seconds_running: number } {
    const totals = { input_tokens: 0, output_tokens: 0, total_tokens: 0, seconds_running: this.endedSeconds };
    for (const run of this.runs.values()) {
      totals.input_tokens += run.tokens.input_tokens;
      totals.output_tokens += run.tokens.output_tokens;
      totals.total_tokens += run.tokens.total_tokens;
      if (run.state === 'running' && run.started_at) totals.seconds_running += (this.deps.clock.now() - Date.parse(run.started_at)) / 1000;
    }
    return totals;
  }

  /** Cancels running work and waits for the workers to finish their cleanup. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.pollTimer?.dispose();
    for (const controller of this.controllers.values()) controller.abort(new Error('host shutting down'));
    await Promise.allSettled([...this.workers]);
  }

  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    this.pollTimer?.dispose();
    this.pollTimer = this.deps.clock.setTimeout(() => {
      void this.tick().finally(() => {
        const interval = this.deps.workflow()?.config.polling.interval_ms ?? 30_000;
        this.schedulePoll(interval);
      });
    }, delayMs);
  }

  private async runTick(): Promise<void> {
    const workflow = this.deps.workflow();
    const tracker = this.deps.tracker();
    if (!workflow || !tracker) return;
    let all: Issue[];
    try {
      all = await tracker.fetchAllIssues();
    } catch (error) {
      this.reportTrackerFailure(error);
      return;
    }
    this.syncIssues(all);
    const candidates = all
      .filter((issue) => isInStates(issue, workflow.config.tracker.active_states))
      .filter((issue) => !isInStates(issue, workflow.config.tracker.terminal_states))
      .filter((issue) => !this.latestRunByIssue.has(issue.id))
      .sort(compareForDispatch);
    for (const issue of candidates) {
      if (this.freeSlots(workflow) <= 0) break;
      this.enqueue(issue, workflow, null);
      this.pump();
    }
  }

  private syncIssues(all: Issue[]): void {
    const next = new Map(all.map((issue) => [issue.id, issue]));
    const { upserted, removed } = diffIssues(this.issues, next);
    this.issues = next;
    this.lastSyncAt = new Date(this.deps.clock.now()).toISOString();
    const recovered = this.trackerError !== null;
    this.trackerError = null;
    if (!upserted.length && !removed.length && !recovered) return;
    this.publish({
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
    this.publish({ type: EventTypes.trackerFailed, actor: { kind: 'tracker' }, summary: `tracker failed: ${message}`, payload: { error: message } });
  }

  private async fetchIssue(issueId: string): Promise<Issue | undefined> {
    const tracker = this.deps.tracker();
    if (!tracker) return undefined;
    try {
      return (await tracker.fetchIssuesByIds([issueId]))[0];
    } catch {
      return undefined;
    }
  }

  private currentRun(issueId: string): Run | undefined {
    const runId = this.latestRunByIssue.get(issueId);
    return runId ? this.runs.get(runId) : undefined;
  }

  private freeSlots(workflow: WorkflowDefinition): number {
    let active = 0;
    for (const run of this.runs.values()) if (run.state === 'running' || run.state === 'queued') active++;
    return workflow.config.agent.max_concurrent_agents - active;
  }

  private enqueue(issue: Issue, workflow: WorkflowDefinition, correlationId: string | null): Run {
    const previous = this.currentRun(issue.id);
    const attempt = previous ? (previous.attempt ?? 0) + 1 : null;
    const run = newRun(issue, attempt, workflow.config.agent.max_turns, this.deps.clock.now());
    this.runs.set(run.id, run);
    this.latestRunByIssue.set(issue.id, run.id);
    this.publishRun(EventTypes.runQueued, run, `${issue.identifier} queued`, correlationId);
    return run;
  }

  /** Starts queued runs, oldest first, while slots are free. */
  private pump(): void {
    const workflow = this.deps.workflow();
    if (!workflow || this.stopped) return;
    let running = 0;
    for (const run of this.runs.values()) if (run.state === 'running') running++;
    for (const run of this.runs.values()) {
      if (running >= workflow.config.agent.max_concurrent_agents) return;
      if (run.state !== 'queued') continue;
      running++;
      this.startWorker(run, workflow);
    }
  }

  private startWorker(run: Run, workflow: WorkflowDefinition): void {
    const issue = this.issues.get(run.issue_id);
    const tracker = this.deps.tracker();
    run.state = 'running';
    run.started_at = new Date(this.deps.clock.now()).toISOString();
    const controller = new AbortController();
    this.controllers.set(run.id, controller);
    const worker = (async () => {
      if (!issue || !tracker) throw new Error(`${run.issue_identifier} is no longer in the tracker`);
      await executeRun({
        run, issue, workflow, tracker,
        harness: this.deps.harness(workflow),
        workspaces: this.deps.workspaces,
        approvals: this.deps.approvals,
        renderPrompt: this.deps.renderPrompt,
        continuationPrompt: this.deps.continuationPrompt,
        publish: (event) => this.publish(event),
        output: (text) => this.writeTerminal(run, text),
        changed: (type, summary) => this.publishRun(type, run, summary, null),
        signal: controller.signal,
      });
    })();
    const settled = worker.then(
      () => this.queue.run(() => this.finishRun(run, null)),
      (error: unknown) => this.queue.run(() => this.finishRun(run, error)),
    );
    this.workers.add(settled);
    void settled.finally(() => this.workers.delete(settled));
  }

  private finishRun(run: Run, error: unknown): void {
    this.controllers.delete(run.id);
    run.state = error ? 'failed' : 'completed';
    run.ended_at = new Date(this.deps.clock.now()).toISOString();
    run.error = error ? describeFailure(error) : null;
    if (run.started_at) this.endedSeconds += (Date.parse(run.ended_at) - Date.parse(run.started_at)) / 1000;
    this.writeTerminal(run, error
      ? `\r\n\x1b[31m● run failed: ${run.error}\x1b[0m\r\n`
      : `\r\n\x1b[32m● run completed after ${run.turn_count} turn(s)\x1b[0m\r\n`);
    this.deps.log.log(error ? 'warn' : 'info', 'orchestrator', `run ${run.state}`, { issue: run.issue_identifier, run_id: run.id, error: run.error ?? undefined });
    this.publishRun(error ? EventTypes.runFailed : EventTypes.runCompleted, run, `${run.issue_identifier} ${run.state}${run.error ? `: ${run.error}` : ''}`, null);
    this.pump();
  }

  private publishRun(type: string, run: Run, summary: string, correlationId: string | null): void {
    this.publish({ type, actor: { kind: 'orchestrator' }, summary, payload: { run: { ...run, tokens: { ...run.tokens } } }, entity_refs: runRefs(run), correlation_id: correlationId });
  }

  private publish(event: NewEvent): void {
    this.deps.journal.append([event]).catch((error: unknown) => {
      this.deps.log.log('error', 'journal', 'append failed', { type: event.type, error: errorMessage(error) });
    });
  }

  private writeTerminal(run: Run, text: string): void {
    this.deps.journal.appendTerminal(run.terminal_stream_id, Buffer.from(text, 'utf8')).catch((error: unknown) => {
      this.deps.log.log('error', 'journal', 'terminal append failed', { run_id: run.id, error: errorMessage(error) });
    });
  }
}
