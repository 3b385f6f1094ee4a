import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';

/** What the dispatch preflight looks at. */
export interface PreflightInput {
  workflow: WorkflowDefinition | undefined;
  /** Set while the latest load of WORKFLOW.md failed (the host keeps the last good one). */
  workflowProblem: string | undefined;
  tracker: Tracker | undefined;
  /** Why the configured tracker could not be created, if so. */
  trackerProblem: string | undefined;
}

/**
 * Dispatch preflight (Symphony §6.3), before every dispatch cycle: the workflow loads and parses,
 * the tracker kind is supported (its adapter exists), and `codex.command` is not blank. Returns
 * the problems; any problem skips dispatch for the tick, while reconciliation still runs.
 */
export function preflightProblems(input: PreflightInput): string[] {
  const problems: string[] = [];
  if (!input.workflow) problems.push(`WORKFLOW.md has not loaded${input.workflowProblem ? `: ${input.workflowProblem}` : ''}`);
  else if (input.workflowProblem) problems.push(`WORKFLOW.md is invalid (new runs wait until it is fixed): ${input.workflowProblem}`);
  if (!input.tracker) {
    const kind = input.workflow?.config.tracker.kind;
    problems.push(input.trackerProblem ?? (kind ? `tracker.kind "${kind}" has no adapter in this host` : 'no tracker is configured'));
  }
  if (input.workflow && input.workflow.config.codex.command.trim() === '') problems.push('codex.command is empty; set the command that starts the agent');
  return problems;
}
