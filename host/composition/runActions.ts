import type { Issue, Run, RunTargetRequest, SendMessageRequest } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { ActionContext, ActionOutcome } from '../gateway/gatewayBackend.ts';
import { refusal } from '../gateway/gatewayBackend.ts';

/** What an orchestrator control answered. */
export type ControlOutcome = { accepted: true; run: Run; delivery?: string | null } | { accepted: false; reason: string };

/**
 * The orchestrator as the run actions use it. `pause`, `resume` and `sendUserMessage` are optional:
 * with an orchestrator that lacks them those actions answer `not_supported`.
 */
export interface RunOrchestrator {
  runsList(): Run[];
  issuesList(): Issue[];
  dispatch(issueId: string, correlationId: string | null): Promise<{ accepted: true; run: Run } | { accepted: false; reason: string }>;
  cancel(target: { runId?: string; issueId?: string }): Promise<{ accepted: true; run: Run } | { accepted: false; reason: string }>;
  pause?(runId: string, correlationId: string | null): Promise<ControlOutcome>;
  resume?(runId: string, correlationId: string | null): Promise<ControlOutcome>;
  sendUserMessage?(runId: string, text: string, correlationId: string | null): Promise<ControlOutcome>;
}

const CANCELLABLE = new Set<Run['state']>(['queued', 'running', 'retrying']);
const ACTIVE = new Set<Run['state']>(['queued', 'running']);

/**
 * Run actions with their rules, checked against the orchestrator's current runs before anything
 * is asked of it: retry is refused while the issue has a queued or running run; cancel needs a
 * queued, running or retrying run; pause a running one that is not paused; resume a paused one.
 * A refusal is a receipt (`accepted: false`) with `reason_code` `conflict`, `not_found` or
 * `not_supported`; the orchestrator's own refusals keep its reason.
 */
export class RunActions {
  private readonly orchestrator: RunOrchestrator;

  constructor(orchestrator: RunOrchestrator) {
    this.orchestrator = orchestrator;
  }

  async retry({ run_id }: RunTargetRequest, context: ActionContext): Promise<ActionOutcome> {
    const run = this.find(run_id);
    if (!run) return unknownRun(run_id);
    const active = this.latestOf(run.issue_id);
    if (active && ACTIVE.has(active.state)) {
      return refusal('conflict', `${run.issue_identifier} already has a ${active.state} run (${active.id}); cancel it or let it end before retrying`);
    }
    const result = await this.orchestrator.dispatch(run.issue_id, context.correlationId);
    if (!result.accepted) return refusal('conflict', result.reason);
    return accepted([EventTypes.runQueued, EventTypes.runStarted], {
      run_id: result.run.id, previous_run_id: run.id, issue_id: result.run.issue_id, state: result.run.state, terminal_stream_id: result.run.terminal_stream_id,
    });
  }

  async cancel({ run_id }: RunTargetRequest): Promise<ActionOutcome> {
    const run = this.find(run_id);
    if (!run) return unknownRun(run_id);
    if (!CANCELLABLE.has(run.state)) return refusal('conflict', `run ${run.id} of ${run.issue_identifier} is ${run.state}; only queued, running or retrying runs can be cancelled`);
    const result = await this.orchestrator.cancel({ runId: run.id });
    if (!result.accepted) return refusal('conflict', result.reason);
    return accepted([EventTypes.runCancelled], { run_id: run.id, issue_id: run.issue_id });
  }

  pause({ run_id }: RunTargetRequest, context: ActionContext): Promise<ActionOutcome> {
    return this.control(run_id, 'pause', (run) => {
      if (run.state !== 'running') return `only a running run can be paused; run ${run.id} of ${run.issue_identifier} is ${run.state}`;
      return run.paused ? `run ${run.id} of ${run.issue_identifier} is already paused` : null;
    }, (orchestrator) => orchestrator.pause?.(run_id, context.correlationId), [EventTypes.runPaused]);
  }

  resume({ run_id }: RunTargetRequest, context: ActionContext): Promise<ActionOutcome> {
    return this.control(run_id, 'resume', (run) => (
      run.paused === true && run.state === 'running' ? null : `only a paused run can be resumed; run ${run.id} of ${run.issue_identifier} is ${run.state}${run.state === 'running' ? ', not paused' : ''}`
    ), (orchestrator) => orchestrator.resume?.(run_id, context.correlationId), [EventTypes.runResumed]);
  }

  sendMessage({ run_id, text }: SendMessageRequest, context: ActionContext): Promise<ActionOutcome> {
    return this.control(run_id, 'send messages', (run) => (
      run.state === 'running' ? null : `messages reach running agents only; run ${run.id} of ${run.issue_identifier} is ${run.state}`
    ), (orchestrator) => orchestrator.sendUserMessage?.(run_id, text, context.correlationId), [EventTypes.runMessageSent]);
  }

  /** Checks the rule, then calls the optional control; its refusals are sorted into reason codes. */
  private async control(
    runId: string,
    what: string,
    rule: (run: Run) => string | null,
    call: (orchestrator: RunOrchestrator) => Promise<ControlOutcome> | undefined,
    expected: string[],
  ): Promise<ActionOutcome> {
    const run = this.find(runId);
    if (!run) return unknownRun(runId);
    const broken = rule(run);
    if (broken) return refusal('conflict', broken);
    const pending = call(this.orchestrator);
    if (!pending) return refusal('not_supported', `this host's orchestrator cannot ${what}`);
    const result = await pending;
    if (!result.accepted) return refusal(controlRefusalCode(result.reason), result.reason);
    return accepted(expected, { run_id: run.id, issue_id: run.issue_id, ...(result.delivery ? { delivery: result.delivery } : {}) });
  }

  private find(runId: string): Run | undefined {
    return this.orchestrator.runsList().find((run) => run.id === runId);
  }

  private latestOf(issueId: string): Run | undefined {
    let latest: Run | undefined;
    for (const run of this.orchestrator.runsList()) if (run.issue_id === issueId && (!latest || latest.queued_at <= run.queued_at)) latest = run;
    return latest;
  }
}

/**
 * The orchestrator's control refusals carry only a reason; these are its wordings for a harness
 * without the capability and for a harness call that failed (see host/orchestrator/runControls.ts).
 */
function controlRefusalCode(reason: string): 'not_supported' | 'unavailable' | 'conflict' {
  if (/harness cannot/.test(reason)) return 'not_supported';
  if (/could not/.test(reason)) return 'unavailable';
  return 'conflict';
}

function unknownRun(runId: string): ActionOutcome {
  return refusal('not_found', `no run ${JSON.stringify(runId)} on this host`);
}

function accepted(expectedEvents: string[], result: Record<string, unknown>): ActionOutcome {
  return { accepted: true, reason: null, reasonCode: null, expectedEvents, result };
}
