import type { Issue, Run } from '../protocol/index.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { Logger } from '../base/logger.ts';
import type { IssueGraph } from './hierarchyRule.ts';
import { decideRetry } from './retryDecision.ts';
import { describeFailure } from './workerExit.ts';

/** What the startup sweep needs from the orchestrator. */
export interface StartupSweepInput {
  workflow: WorkflowDefinition;
  tracker: Tracker;
  graph: IssueGraph;
  log: Logger;
  /** Issue ids with a live worker, whose workspaces stay. */
  isRunning: (issueId: string) => boolean;
  /** Runs rebuilt from the journal that hold a retry. */
  retrying: Run[];
  removeWorkspace: (identifier: string, reason: string) => Promise<void>;
  release: (run: Run, why: string) => void;
}

/**
 * Once per host start, before the first dispatch (Symphony §3.14): removes the workspaces of the
 * issues in terminal states (a failed read is logged and skipped), then checks the retries rebuilt
 * from the journal against the tracker and releases those whose issue is gone, terminal or no
 * longer dispatchable; the others keep their timers.
 */
export async function startupSweep(input: StartupSweepInput): Promise<void> {
  const { workflow, tracker, log } = input;
  try {
    const terminal = await tracker.fetchIssuesByStates(workflow.config.tracker.terminal_states);
    await Promise.all(terminal.filter((issue) => !input.isRunning(issue.id))
      .map((issue) => input.removeWorkspace(issue.identifier, 'startup sweep of terminal issues')));
  } catch (error) {
    log.log('warn', 'orchestrator', 'startup sweep of terminal workspaces failed; continuing', { error: describeFailure(error) });
  }
  if (input.retrying.length === 0) return;
  let fresh: Issue[];
  try {
    fresh = await tracker.fetchIssuesByIds(input.retrying.map((run) => run.issue_id));
  } catch (error) {
    log.log('warn', 'orchestrator', 'could not check recovered retries against the tracker; their timers decide', { error: describeFailure(error) });
    return;
  }
  const byId = new Map(fresh.map((issue) => [issue.id, issue]));
  // Slots do not matter here: only releases are acted on, dispatch waits for the timer.
  const noUsage = { total: 0, byState: new Map<string, number>() };
  for (const run of input.retrying) {
    const decision = decideRetry(byId.get(run.issue_id), workflow.config, input.graph, noUsage);
    if (decision.kind === 'release') input.release(run, `retry released at startup: ${decision.why}`);
  }
}
