import type { TaskNode } from './taskGraphTreeProvider.ts';
import { groupName } from './groupPresentation.ts';

// What the "Open in Linear" and "Copy" entries act on, for every kind of Task Graph row.

/** The tracker page of a row (an issue's or a project's URL), or null. */
export function trackerUrlOf(node: TaskNode | undefined): string | null {
  if (!node || node.kind === 'folder') return null;
  const graphNode = node.connection.state.graph.node(node.nodeId);
  if (graphNode?.kind === 'issue') return graphNode.issue.url;
  if (graphNode?.kind === 'project') return graphNode.project.url;
  return null;
}

/** What Copy puts on the clipboard: an issue's identifier, a project's or milestone's name. */
export function copyTextOf(node: TaskNode | undefined): string | null {
  if (!node || node.kind === 'folder') return null;
  const graphNode = node.connection.state.graph.node(node.nodeId);
  if (!graphNode) return null;
  return graphNode.kind === 'issue' ? graphNode.issue.identifier : groupName(graphNode);
}
