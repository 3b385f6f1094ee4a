import type { IssueNode } from '../../host/protocol/index.ts';
import { taskGraphNodeId, UNASSIGNED_PROJECT_ID } from '../../host/protocol/index.ts';
import type { RuntimeChange, RuntimeState } from '../state/runtimeState.ts';
import { matchesFilter, runtimeStateOf, visibleNodeIds, type IssueFilter } from './issueFilter.ts';
import { blockerNames, type IssueRowInput } from './issuePresentation.ts';

// The tree's model over one folder's RuntimeState, free of `vscode`: which rows a level shows,
// what an issue row is made of, and which rows an update touches.

/** The inputs of an issue row: tracker issue and overlay from the graph, latest run and approvals from the stream. */
export function issueRow(state: RuntimeState, node: IssueNode, now: number): IssueRowInput {
  const run = state.runForIssue(node.id);
  const needsApproval = (run !== undefined && state.pendingApprovalFor(run.id) !== undefined) || node.runtime.pending_approvals > 0;
  return { issue: node.issue, runtime: node.runtime, run, needsApproval, now };
}

/** Child node ids of a level in sibling order (`null`: the projects), limited to `visible` when filtering. */
export function visibleChildIds(state: RuntimeState, parentNodeId: string | null, visible: ReadonlySet<string> | undefined): string[] {
  const ids = state.graph.childIds(parentNodeId);
  if (parentNodeId === null) return ids.filter((id) => (visible ? visible.has(id) : !isEmptyUnassignedProject(state, id)));
  return visible ? ids.filter((id) => visible.has(id)) : [...ids];
}

/** The synthetic "No project" holds issues without a project; hidden while it holds none. */
function isEmptyUnassignedProject(state: RuntimeState, nodeId: string): boolean {
  return nodeId === taskGraphNodeId('project', UNASSIGNED_PROJECT_ID) && state.graph.childIds(nodeId).length === 0;
}

/** Matching issues and their ancestors, for a filtered tree; one pass over the issues. */
export function filteredNodeIds(state: RuntimeState, filter: IssueFilter): Set<string> {
  return visibleNodeIds(state.graph.issueNodes(), (id) => state.graph.node(id), (node) => {
    const row = issueRow(state, node, 0);
    return matchesFilter(filter, node.issue, runtimeStateOf(row.run, row.needsApproval, blockerNames(node.runtime).length > 0));
  });
}

/**
 * Node ids whose rows an update changed: changed nodes, levels whose children changed, and issues
 * whose run or approvals changed. `everything` when the list of projects itself changed.
 */
export function refreshTargets(state: RuntimeState, change: RuntimeChange): { everything: boolean; nodeIds: Set<string> } {
  const { nodes, parents } = change.graph;
  if (parents.has(null)) return { everything: true, nodeIds: new Set() };
  const nodeIds = new Set<string>(nodes);
  for (const parent of parents) if (parent !== null) nodeIds.add(parent);
  for (const issueId of change.issues) {
    const nodeId = taskGraphNodeId('issue', issueId);
    if (state.graph.node(nodeId)) nodeIds.add(nodeId);
  }
  return { everything: false, nodeIds };
}
