import type { ApprovalDecisionRequest, Capabilities, DashboardSnapshot, DispatchRequest } from '../protocol/index.ts';
import { EventTypes, SCHEMA_VERSION } from '../protocol/index.ts';
import type { ActionContext, ActionOutcome, GatewayBackend } from '../gateway/gatewayBackend.ts';
import type { Orchestrator } from '../orchestrator/orchestrator.ts';
import type { ApprovalService } from '../approvals/approvalService.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { TaskGraphReader } from '../taskgraph/taskGraphReader.ts';
import type { WorkflowStatus } from '../protocol/index.ts';
import { CodedError } from '../base/errors.ts';

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
  /** Serves `/api/v1/projects` and the project task graphs. */
  taskGraph?: TaskGraphReader;
}

/** The gateway's view of the host: snapshots from orchestrator memory, actions into its queue. */
export function createHostBackend(deps: HostBackendDeps): GatewayBackend {
  return {
    isReady: deps.isReady,
    capabilities: (): Capabilities => ({
      schema_version: SCHEMA_VERSION,
      host_version: HOST_VERSION,
      api_versions: ['v1'],
      harnesses: ['codex'],
      tracker_kinds: ['local', 'linear'],
      streams: ['events', 'terminal'],
      actions: ['dispatch', 'approval-decision'],
    }),
    snapshot: () => snapshot(deps),
    dispatch: (request, context) => dispatch(deps, request, context),
    decideApproval: (request, context) => decideApproval(deps, request, context),
    taskGraph: deps.taskGraph,
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
    const approval = deps.approvals.decide(request.approval_id, request.decision, context.correlationId);
    return { accepted: true, reason: null, expectedEvents: [EventTypes.approvalResolved], result: { approval_id: approval.id, state: approval.state } };
  } catch (error) {
    if (error instanceof CodedError && error.code === 'approval_not_pending') return { accepted: false, reason: error.message, expectedEvents: [], result: null };
    throw error;
  }
}
