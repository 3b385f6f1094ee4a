import type { ApprovalDecisionRequest, Capabilities, DashboardSnapshot, DispatchRequest, GatewayHealthDto } from '../protocol/index.ts';
import { ActionNames, EventTypes, SCHEMA_VERSION } from '../protocol/index.ts';
import type { ActionContext, ActionOutcome, GatewayBackend } from '../gateway/gatewayBackend.ts';
import { refusal } from '../gateway/gatewayBackend.ts';
import type { Orchestrator } from '../orchestrator/orchestrator.ts';
import type { ApprovalService } from '../approvals/approvalService.ts';
import { INVALID_DECISION_CODES } from '../approvals/approvalService.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { TaskGraphReader } from '../taskgraph/taskGraphReader.ts';
import type { WorkflowStatus } from '../protocol/index.ts';
import { CodedError } from '../base/errors.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { HARNESS_KINDS } from './harnessFactory.ts';
import { createHostRunBackend } from './hostRunBackend.ts';
import { createHostTrackerActions } from './hostTrackerActions.ts';

export const HOST_VERSION = '0.1.0';

export interface HostBackendDeps {
  journal: EventJournal;
  orchestrator: Orchestrator;
  approvals: ApprovalService;
  workflowStatus: () => WorkflowStatus;
  trackerKind: () => string;
  /** The current tracker's request stats (Linear), or null when it reports none. */
  trackerStats?: () => Record<string, unknown> | null;
  isReady: () => boolean;
  /** True once the host has begun to stop. */
  isStopping?: () => boolean;
  /** Serves `/api/v1/projects` and the project task graphs. */
  taskGraph?: TaskGraphReader & { refreshStructure?(): Promise<void> };
  /** The loaded workflow (run detail: harness kind; diffs: the git_worktree base ref). */
  workflow?: () => WorkflowDefinition | undefined;
  /** The current tracker, for the tracker actions; without it they answer `unavailable`. */
  tracker?: () => Tracker | undefined;
  /** Why the configured tracker cannot be used, if so. */
  trackerProblem?: () => string | undefined;
  /** The gateway's own health, bound late (the gateway is created after the backend). */
  gatewayHealth?: () => GatewayHealthDto | undefined;
}

/** The gateway's view of the host: snapshots from orchestrator memory, actions into its queue. */
export function createHostBackend(deps: HostBackendDeps): GatewayBackend {
  return {
    isReady: deps.isReady,
    isStopping: () => deps.isStopping?.() ?? false,
    capabilities: (): Capabilities => ({
      schema_version: SCHEMA_VERSION,
      host_version: HOST_VERSION,
      api_versions: ['v1'],
      harnesses: [...HARNESS_KINDS],
      selected_harness: deps.workflow?.()?.config.harness.kind ?? null,
      tracker_kinds: ['local', 'linear'],
      streams: ['events', 'runs', 'terminal', 'planning'],
      actions: [...ActionNames],
    }),
    snapshot: () => snapshot(deps),
    dispatch: (request, context) => dispatch(deps, request, context),
    decideApproval: (request, context) => decideApproval(deps, request, context),
    taskGraph: deps.taskGraph,
    runs: createHostRunBackend({ journal: deps.journal, orchestrator: deps.orchestrator, approvals: deps.approvals, workflow: deps.workflow, taskGraph: deps.taskGraph }),
    trackerActions: createHostTrackerActions({
      journal: deps.journal,
      tracker: deps.tracker ?? (() => undefined),
      trackerProblem: deps.trackerProblem,
      knownIssues: () => deps.orchestrator.issuesList(),
      poke: () => deps.orchestrator.poke(),
      refreshStructure: deps.taskGraph?.refreshStructure ? () => deps.taskGraph?.refreshStructure?.() ?? Promise.resolve() : undefined,
    }),
  };
}

function snapshot(deps: HostBackendDeps): DashboardSnapshot {
  // Read the head first: state may be ahead of it, never behind, and client reducers are idempotent.
  const seq = deps.journal.head();
  const runs = deps.orchestrator.runsList();
  const approvals = deps.approvals.list();
  const retrying = deps.orchestrator.retryRows();
  return {
    schema_version: SCHEMA_VERSION,
    seq,
    generated_at: new Date().toISOString(),
    workflow: deps.workflowStatus(),
    tracker: { kind: deps.trackerKind(), ...deps.orchestrator.trackerStatus(), stats: deps.trackerStats?.() ?? null },
    issues: deps.orchestrator.issuesList(),
    runs,
    approvals,
    counts: {
      running: runs.filter((run) => run.state === 'running').length,
      queued: runs.filter((run) => run.state === 'queued').length,
      pending_approvals: approvals.filter((approval) => approval.state === 'pending').length,
      retrying: retrying.length,
    },
    codex_totals: deps.orchestrator.totals(),
    rate_limits: deps.orchestrator.rateLimits() ?? null,
    running: deps.orchestrator.runningRows(),
    retrying,
    preflight: deps.orchestrator.preflightStatus(),
    gateway: deps.gatewayHealth?.() ?? null,
  };
}

async function dispatch(deps: HostBackendDeps, request: DispatchRequest, context: ActionContext): Promise<ActionOutcome> {
  const result = await deps.orchestrator.dispatch(request.issue_id, context.correlationId);
  if (!result.accepted) return { accepted: false, reason: result.reason, expectedEvents: [], result: null };
  return {
    accepted: true,
    reason: null,
    expectedEvents: [EventTypes.runQueued, EventTypes.runStarted],
    result: { run_id: result.run.id, issue_id: result.run.issue_id, state: result.run.state, terminal_stream_id: result.run.terminal_stream_id },
  };
}

async function decideApproval(deps: HostBackendDeps, request: ApprovalDecisionRequest, context: ActionContext): Promise<ActionOutcome> {
  try {
    const decision = { decision: request.decision, feedback: request.feedback ?? null, decidedBy: context.principal?.name ?? null, answers: request.answers };
    const approval = deps.approvals.decide(request.approval_id, decision, context.correlationId);
    return {
      accepted: true, reason: null, expectedEvents: [EventTypes.approvalResolved],
      result: { approval_id: approval.id, state: approval.state, decision: approval.decision ?? null, scope: approval.scope ?? null },
    };
  } catch (error) {
    if (error instanceof CodedError && error.code === 'approval_not_pending') return { accepted: false, reason: error.message, expectedEvents: [], result: null };
    // The request stays pending: the user can answer again.
    if (error instanceof CodedError && INVALID_DECISION_CODES.has(error.code)) return refusal('invalid_request', error.message);
    throw error;
  }
}
