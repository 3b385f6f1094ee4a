import type { ActionContext, ActionOutcome, GatewayBackend } from '../../../../host/gateway/gatewayBackend.ts';
import { SCHEMA_VERSION } from '../../../../host/protocol/index.ts';
import type {
  ApprovalDecisionRequest, Capabilities, DashboardSnapshot, DispatchRequest,
} from '../../../../host/protocol/index.ts';

/** A recorded mutation call. */
export interface BackendCall<R> {
  request: R;
  context: ActionContext;
}

/**
 * A GatewayBackend test double: answers with configurable outcomes and records every call.
 * `hold()` makes mutations wait until the returned release function is called.
 */
export class FakeGatewayBackend implements GatewayBackend {
  ready = true;
  stopping = false;
  head = 0;
  readyProbes = 0;
  readonly dispatches: BackendCall<DispatchRequest>[] = [];
  readonly decisions: BackendCall<ApprovalDecisionRequest>[] = [];
  dispatchOutcome: ActionOutcome = { accepted: true, reason: null, expectedEvents: ['run.queued'], result: { run_id: 'run-1' } };
  /** When set, the next mutation throws it (then it is cleared). */
  failNext: Error | undefined;
  /** Called whenever the gateway asks whether the host is ready. */
  onReadyProbe: (() => void) | undefined;
  private gate: Promise<void> | undefined;

  isReady(): boolean {
    this.readyProbes++;
    this.onReadyProbe?.();
    return this.ready;
  }

  isStopping(): boolean {
    return this.stopping;
  }

  capabilities(): Capabilities {
    return {
      schema_version: SCHEMA_VERSION,
      host_version: '0.1.0-test',
      api_versions: ['v1'],
      harnesses: ['codex'],
      selected_harness: 'codex',
      tracker_kinds: ['local'],
      streams: ['events', 'terminal'],
      actions: ['dispatch', 'approval-decision'],
    };
  }

  snapshot(): DashboardSnapshot {
    return {
      schema_version: SCHEMA_VERSION,
      seq: this.head,
      generated_at: new Date(0).toISOString(),
      workflow: { path: '/repo/WORKFLOW.md', loaded_at: null, error: null },
      tracker: { kind: 'local', last_sync_at: null, error: null },
      issues: [],
      runs: [],
      approvals: [],
      counts: { running: 0, queued: 0, pending_approvals: 0 },
      codex_totals: { input_tokens: 0, output_tokens: 0, total_tokens: 0, seconds_running: 0 },
      rate_limits: null,
    };
  }

  async dispatch(request: DispatchRequest, context: ActionContext): Promise<ActionOutcome> {
    this.dispatches.push({ request, context });
    await this.gate;
    this.throwIfFailing();
    return this.dispatchOutcome;
  }

  async decideApproval(request: ApprovalDecisionRequest, context: ActionContext): Promise<ActionOutcome> {
    this.decisions.push({ request, context });
    await this.gate;
    this.throwIfFailing();
    if (request.approval_id !== 'apr-1') {
      return { accepted: false, reason: `no pending approval ${request.approval_id}`, expectedEvents: [], result: null };
    }
    return { accepted: true, reason: null, expectedEvents: ['approval.resolved'], result: null };
  }

  /** Holds mutations until the returned function is called. */
  hold(): () => void {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.gate = promise;
    return () => { this.gate = undefined; resolve(); };
  }

  private throwIfFailing(): void {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }
}
