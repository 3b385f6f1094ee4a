import type { Issue, IssueNode, Run, RunState, TaskGraphNode } from '../../host/protocol/index.ts';

/** What the Task Graph shows; empty lists mean "any". */
export interface IssueFilter {
  states: string[];
  labels: string[];
  /** Assignee display names; UNASSIGNED matches issues nobody is assigned to. */
  assignees: string[];
  runtime: RuntimeFilter[];
}

export type RuntimeFilter = 'no run' | 'needs approval' | 'blocked' | RunState;

/** The assignee filter's value for issues without an assignee. */
export const UNASSIGNED = '(unassigned)';

export const NO_FILTER: IssueFilter = { states: [], labels: [], assignees: [], runtime: [] };

export function isFiltering(filter: IssueFilter): boolean {
  return filter.states.length > 0 || filter.labels.length > 0 || filter.assignees.length > 0 || filter.runtime.length > 0;
}

export function describeFilter(filter: IssueFilter): string {
  return [...filter.states, ...filter.labels.map((label) => `#${label}`), ...filter.assignees.map((name) => `@${name}`), ...filter.runtime].join(', ');
}

/** The run-state facet of an issue, in the precedence of its row's overlay (see presentIssue). */
export function runtimeStateOf(run: Run | undefined, needsApproval: boolean, blocked = false): RuntimeFilter {
  if (needsApproval) return 'needs approval';
  if (run && (run.state === 'queued' || run.state === 'running' || run.state === 'retrying')) return run.state;
  if (blocked) return 'blocked';
  return run ? run.state : 'no run';
}

/** Whether one issue matches on its own (every non-empty criterion must hold). */
export function matchesFilter(filter: IssueFilter, issue: Issue, runtime: RuntimeFilter): boolean {
  if (filter.states.length && !filter.states.some((state) => state.toLowerCase() === issue.state.trim().toLowerCase())) return false;
  if (filter.labels.length && !filter.labels.some((label) => issue.labels.includes(label.toLowerCase()))) return false;
  if (filter.assignees.length && !filter.assignees.includes(issue.assignee ?? UNASSIGNED)) return false;
  if (filter.runtime.length && !filter.runtime.includes(runtime)) return false;
  return true;
}

/**
 * The nodes to show: every matching issue plus its ancestors (parent issues, milestone, project),
 * so a match keeps its place in the hierarchy. Each ancestor chain is walked once.
 */
export function visibleNodeIds(issues: Iterable<IssueNode>, lookup: (nodeId: string) => TaskGraphNode | undefined, matches: (node: IssueNode) => boolean): Set<string> {
  const visible = new Set<string>();
  for (const node of issues) {
    if (!matches(node)) continue;
    let current: TaskGraphNode | undefined = node;
    while (current && !visible.has(current.node_id)) {
      visible.add(current.node_id);
      current = current.parent_node_id ? lookup(current.parent_node_id) : undefined;
    }
  }
  return visible;
}
