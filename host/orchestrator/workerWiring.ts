import type { Issue, NewEvent } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { HarnessAdapter, HarnessEvent, HarnessSink } from '../harness/harnessAdapter.ts';
import type { ApprovalService, ApprovalSubject } from '../approvals/approvalService.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { ApprovalsConfig, WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { OrchestratorDeps } from './orchestratorDeps.ts';
import type { OrchestratorJournal } from './orchestratorJournal.ts';
import type { RunWorkerContext } from './runWorker.ts';
import { isActive, isRoutable } from './eligibility.ts';
import { addTokens } from './tokenAccount.ts';
import type { RunningEntry } from './runningEntry.ts';
import type { UsageTotals } from './usageTotals.ts';
import { runRefs } from './orchestratorJournal.ts';

/** Where a worker's harness reports go. */
export interface RunSinkTargets {
  now: () => number;
  usage: UsageTotals;
  approvals: ApprovalService;
  publish: (event: NewEvent) => void;
  output: (text: string) => void;
  /** Keeps a raw harness payload; returns its id for `raw_ref`. */
  raw: (source: string, body: string) => string | null;
  /** WORKFLOW.md `approvals` as they are now (a reload applies to the next request). */
  approvalSettings: () => ApprovalsConfig;
}

/**
 * The harness sink of one running entry (Symphony "codex update event"): every event updates the
 * live session (last event, stall clock, token deltas into the run and the totals, rate limits)
 * and is journaled (with its raw payload's ref); output goes to the run's terminal; approvals go
 * to the rules, then to a human.
 */
export function createRunSink(entry: RunningEntry, targets: RunSinkTargets): HarnessSink {
  const { run, session } = entry;
  const subject = (): ApprovalSubject => {
    const approvals = targets.approvalSettings();
    return { runId: run.id, issueId: run.issue_id, issueIdentifier: run.issue_identifier, workspacePath: run.workspace_path, rules: approvals.rules, inputTimeoutMs: approvals.input_timeout_ms };
  };
  // While a human decides, the run is not stalled (the stall clock restarts when they answer).
  const awaitingHuman = async <T>(ask: () => Promise<T>): Promise<T> => {
    session.awaitingApproval++;
    try {
      return await ask();
    } finally {
      session.awaitingApproval--;
      session.touch(targets.now());
    }
  };
  return {
    event: (event: HarnessEvent) => {
      const update = session.observe(event, targets.now());
      if (update.tokenDelta) {
        addTokens(run.tokens, update.tokenDelta);
        targets.usage.addTokens(update.tokenDelta);
      }
      if (update.rateLimits !== undefined) targets.usage.rateLimits = update.rateLimits;
      targets.publish({
        type: event.type, actor: { kind: 'agent' }, summary: event.summary, payload: { ...event.payload, run_id: run.id },
        entity_refs: runRefs(run), raw_ref: event.rawRef ?? null,
      });
    },
    output: (text: string) => {
      session.touch(targets.now());
      targets.output(text);
    },
    requestApproval: (request) => awaitingHuman(() => targets.approvals.request(subject(), request)),
    requestUserInput: (request) => awaitingHuman(() => targets.approvals.requestUserInput(subject(), request)),
    raw: (source: string, body: string) => targets.raw(source, body),
  };
}

/** What a worker is wired to. */
export interface WorkerWiring {
  entry: RunningEntry;
  workflow: WorkflowDefinition;
  tracker: Tracker;
  harness: HarnessAdapter;
  deps: OrchestratorDeps;
  journal: OrchestratorJournal;
  usage: UsageTotals;
}

/** The worker context of a running entry: its sink, prompts, and the callbacks that keep the entry current. */
export function workerContext(wiring: WorkerWiring): RunWorkerContext {
  const { entry, workflow, deps, journal } = wiring;
  const { run } = entry;
  const now = () => deps.clock.now();
  return {
    run, issue: entry.issue, workflow, tracker: wiring.tracker, harness: wiring.harness, workspaces: deps.workspaces,
    sink: createRunSink(entry, {
      now, usage: wiring.usage, approvals: deps.approvals,
      publish: (event) => journal.event(event),
      output: (text) => journal.terminal(run, text),
      raw: (source, body) => journal.raw(run, source, body),
      approvalSettings: () => (deps.workflow() ?? workflow).config.approvals,
    }),
    renderPrompt: deps.renderPrompt,
    continuationPrompt: deps.continuationPrompt,
    workspaceReady: () => journal.run(EventTypes.runStarted, run, `${run.issue_identifier}: workspace ready at ${run.workspace_path}`, entry.correlationId),
    mayContinue: (issue: Issue) => isActive(issue, workflow.config) && isRoutable(issue, workflow.config),
    issueRefreshed: (issue: Issue) => { entry.issue = issue; },
    sessionStarted: (session) => { entry.harnessSession = session; },
    sessionEnded: () => {
      entry.harnessSession = undefined;
      if (run.paused) run.paused = false;
      deps.approvals.cancelForRun(run.id, 'the run ended');
    },
    signal: entry.controller.signal,
  };
}
