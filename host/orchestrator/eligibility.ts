import type { Issue } from '../protocol/index.ts';
import type { WorkflowConfig } from '../workflow/workflowConfig.ts';
import { describeHold, hierarchyHold, type IssueGraph } from './hierarchyRule.ts';
import { isInStates, normalizeState } from './issueOrdering.ts';

/** The parts of the config that decide eligibility. */
export type EligibilityConfig = Pick<WorkflowConfig, 'tracker' | 'agent'>;

/** How many workers run now, in total and per (normalized) tracker state. */
export interface SlotUsage {
  total: number;
  byState: ReadonlyMap<string, number>;
}

export function isTerminal(issue: Issue, config: EligibilityConfig): boolean {
  return isInStates(issue, config.tracker.terminal_states);
}

/** In an active state and not in a terminal one. */
export function isActive(issue: Issue, config: EligibilityConfig): boolean {
  return isInStates(issue, config.tracker.active_states) && !isTerminal(issue, config);
}

/**
 * `tracker.required_labels`: the issue carries every one, compared trimmed and case-insensitive.
 * A blank required label matches no issue, so it holds every issue back.
 */
export function missingRequiredLabels(issue: Issue, config: EligibilityConfig): string[] {
  const labels = new Set(issue.labels.map((label) => label.trim().toLowerCase()).filter(Boolean));
  return config.tracker.required_labels.filter((label) => {
    const wanted = label.trim().toLowerCase();
    return wanted === '' || !labels.has(wanted);
  });
}

/** Routable (Symphony `issue_routable`): it carries the required labels. Used for dispatch, continuation and refresh. */
export function isRoutable(issue: Issue, config: EligibilityConfig): boolean {
  return missingRequiredLabels(issue, config).length === 0;
}

/** Whether one more worker fits: a global slot and a slot for the issue's state. */
export function hasSlotFor(issue: Issue, usage: SlotUsage, config: EligibilityConfig): boolean {
  if (usage.total >= config.agent.max_concurrent_agents) return false;
  const state = normalizeState(issue.state);
  const cap = config.agent.max_concurrent_agents_by_state[state] ?? config.agent.max_concurrent_agents;
  return (usage.byState.get(state) ?? 0) < cap;
}

/**
 * Why the scheduler may not start this issue now, ignoring slots and claims (which the caller
 * checks), or null when it may: required fields, active and not terminal, required labels, and
 * the hierarchy rule. Retry timers use the same test (Symphony §16.6 step 5).
 */
export function dispatchBlocker(issue: Issue, config: EligibilityConfig, graph: IssueGraph): string | null {
  if (!issue.id || !issue.identifier || !issue.title || !issue.state) return 'lacks a required field (id, identifier, title, state)';
  if (isTerminal(issue, config)) return `is in a terminal state (${issue.state})`;
  if (!isActive(issue, config)) return `is not in an active state (${issue.state})`;
  const missing = missingRequiredLabels(issue, config);
  if (missing.length > 0) return `lacks the required label(s) ${missing.map((label) => JSON.stringify(label)).join(', ')}`;
  const hold = hierarchyHold(issue, graph, config.tracker.terminal_states);
  return hold ? describeHold(hold) : null;
}
