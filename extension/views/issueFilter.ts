import type { Issue, Run, RunState } from '../../host/protocol/index.ts';

/** What the Task Graph shows; empty lists mean "any". */
export interface IssueFilter {
  states: string[];
  labels: string[];
  runtime: RuntimeFilter[];
}

export type RuntimeFilter = 'no run' | 'needs approval' | RunState;

export const NO_FILTER: IssueFilter = { states: [], labels: [], runtime: [] };

export function isFiltering(filter: IssueFilter): boolean {
  return filter.states.length > 0 || filter.labels.length > 0 || filter.runtime.length > 0;
}

export function describeFilter(filter: IssueFilter): string {
  return [...filter.states, ...filter.labels.map((label) => `#${label}`), ...filter.runtime].join(', ');
}

export function runtimeStateOf(run: Run | undefined, needsApproval: boolean): RuntimeFilter {
  if (needsApproval) return 'needs approval';
  return run ? run.state : 'no run';
}

/** Whether one issue matches on its own (every non-empty criterion must hold). */
export function matchesFilter(filter: IssueFilter, issue: Issue, runtime: RuntimeFilter): boolean {
  if (filter.states.length && !filter.states.some((state) => state.toLowerCase() === issue.state.trim().toLowerCase())) return false;
  if (filter.labels.length && !filter.labels.some((label) => issue.labels.includes(label.toLowerCase()))) return false;
  if (filter.runtime.length && !filter.runtime.includes(runtime)) return false;
  return true;
}

/**
 * The issues to show: every match plus its ancestors, so a matching sub-issue keeps its place in
 * the hierarchy.
 */
export function visibleIssueIds(issues: ReadonlyMap<string, Issue>, matches: (issue: Issue) => boolean): Set<string> {
  const visible = new Set<string>();
  for (const issue of issues.values()) {
    if (!matches(issue)) continue;
    let current: Issue | undefined = issue;
    while (current && !visible.has(current.id)) {
      visible.add(current.id);
      current = current.parent_id ? issues.get(current.parent_id) : undefined;
    }
  }
  return visible;
}
