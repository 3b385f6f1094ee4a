import type { Issue, NewEvent, Run } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { HarnessAdapter, HarnessEvent, HarnessSession, HarnessSink } from '../harness/harnessAdapter.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { WorkspaceManager } from '../workspace/workspaceManager.ts';
import type { ApprovalService } from '../approvals/approvalService.ts';
import { CodedError, errorMessage } from '../base/errors.ts';
import { isInStates } from './issueOrdering.ts';
import { runRefs } from './runRecord.ts';

/** What one run needs from the host; given by the orchestrator. */
export interface RunWorkerContext {
  run: Run;
  issue: Issue;
  workflow: WorkflowDefinition;
  tracker: Tracker;
  harness: HarnessAdapter;
  workspaces: WorkspaceManager;
  approvals: ApprovalService;
  renderPrompt: (template: string, issue: Issue, attempt: number | null) => Promise<string>;
  continuationPrompt: (turn: number, maxTurns: number) => string;
  publish: (event: NewEvent) => void;
  output: (text: string) => void;
  /** Called whenever the run DTO changed (the orchestrator journals it). */
  changed: (type: string, summary: string) => void;
  signal: AbortSignal;
}

/**
 * The worker loop (Symphony §3.9): workspace → before_run → session → turns up to max_turns, full
 * prompt first and continuation guidance after, refreshing the issue after every turn.
 */
export async function executeRun(context: RunWorkerContext): Promise<void> {
  const { run, workflow } = context;
  const hooks = workflow.config.hooks;
  const workspace = await context.workspaces.ensure(workflow.config.workspace.root, run.issue_identifier, hooks);
  run.workspace_path = workspace.path;
  context.changed(EventTypes.runStarted, `${run.issue_identifier}: workspace ready at ${workspace.path}`);
  let session: HarnessSession | undefined;
  try {
    await context.workspaces.beforeRun(workspace, hooks);
    session = await context.harness.startSession({ issue: context.issue, workspacePath: workspace.path, sink: createSink(context), signal: context.signal });
    run.thread_id = session.sessionId;
    await runTurns(context, session);
  } finally {
    context.approvals.cancelForRun(run.id, 'the run ended');
    if (session) await session.dispose();
    await context.workspaces.afterRun(workspace, hooks);
  }
}

async function runTurns(context: RunWorkerContext, session: HarnessSession): Promise<void> {
  const { run, workflow } = context;
  const maxTurns = workflow.config.agent.max_turns;
  let issue = context.issue;
  for (let turn = 1; turn <= maxTurns; turn++) {
    const prompt = turn === 1
      ? await context.renderPrompt(workflow.promptTemplate, issue, run.attempt)
      : context.continuationPrompt(turn, maxTurns);
    run.turn_count = turn;
    const outcome = await session.runTurn(prompt, context.signal);
    if (outcome.status !== 'completed') {
      const error = outcome.error ?? { code: outcome.status === 'interrupted' ? 'turn_cancelled' : 'turn_failed', message: `turn ${outcome.status}` };
      throw new CodedError(error.code, error.message);
    }
    const [refreshed] = await context.tracker.fetchIssuesByIds([issue.id]);
    if (!refreshed || !isInStates(refreshed, workflow.config.tracker.active_states)) return;
    issue = refreshed;
  }
}

function createSink(context: RunWorkerContext): HarnessSink {
  const { run } = context;
  return {
    event: (event: HarnessEvent) => {
      applyHarnessEvent(run, event);
      context.publish({ type: event.type, actor: { kind: 'agent' }, summary: event.summary, payload: { ...event.payload, run_id: run.id }, entity_refs: runRefs(run) });
    },
    output: context.output,
    requestApproval: (request) => context.approvals.request({ runId: run.id, issueId: run.issue_id, issueIdentifier: run.issue_identifier }, request),
  };
}

/** Token totals are absolute thread totals (Symphony §6): take them, never add deltas twice. */
function applyHarnessEvent(run: Run, event: HarnessEvent): void {
  if (event.type !== EventTypes.tokensUpdated) return;
  const read = (key: 'input_tokens' | 'output_tokens' | 'total_tokens') => {
    const value = event.payload[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : run.tokens[key];
  };
  run.tokens = { input_tokens: read('input_tokens'), output_tokens: read('output_tokens'), total_tokens: read('total_tokens') };
}

export function describeFailure(error: unknown): string {
  return error instanceof CodedError ? `${error.code}: ${error.message}` : errorMessage(error);
}
