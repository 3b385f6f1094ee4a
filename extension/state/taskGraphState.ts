import type { EventEnvelope, IssueNode, TaskGraphNode, TaskGraphPage } from '../../host/protocol/index.ts';
import { compareTaskGraphOrder, EventTypes, TaskGraphNodeChangedSchema, TaskGraphNodeRemovedSchema, taskGraphNodeId } from '../../host/protocol/index.ts';

/** What one update changed, so a tree refreshes only those rows. */
export interface TaskGraphChange {
  /** Nodes whose own row changed (label, description, icon, tooltip). */
  nodes: Set<string>;
  /** Nodes whose list of children changed (added, removed, moved, reordered); `null` is the list of projects. */
  parents: Set<string | null>;
}

/** The task graph as one load of every project's pages reads it. */
export interface TaskGraphLoad {
  /** Stream from here: the oldest journal position among the pages read. */
  seq: number;
  pages: readonly TaskGraphPage[];
}

const PROJECTS = '';

/**
 * The client's copy of the task graph (projects → milestones → issues → sub-issues), kept current
 * by `taskgraph.node_changed` / `taskgraph.node_removed`. Children are indexed by parent in
 * sibling order, so reading a level is O(1) and applying an event touches only its siblings.
 */
export class TaskGraphState {
  private readonly nodes = new Map<string, TaskGraphNode>();
  private readonly children = new Map<string, string[]>();
  /** Events at or before this position are already in the loaded pages. */
  private seq = 0;
  loaded = false;

  /** Replaces the graph with freshly read pages; every level changed. */
  load({ seq, pages }: TaskGraphLoad): TaskGraphChange {
    this.nodes.clear();
    this.children.clear();
    for (const page of pages) {
      for (const node of [page.project, ...page.milestones, ...page.issues]) this.nodes.set(node.node_id, node);
    }
    for (const node of this.nodes.values()) this.siblingsOf(node.parent_node_id).push(node.node_id);
    for (const siblings of this.children.values()) siblings.sort((a, b) => compareTaskGraphOrder(this.nodes.get(a)!.order, this.nodes.get(b)!.order));
    this.seq = seq;
    this.loaded = true;
    return { nodes: new Set(this.nodes.keys()), parents: new Set([null]) };
  }

  /** Applies the task-graph events among `events` (others are ignored). */
  apply(events: readonly EventEnvelope[], change: TaskGraphChange = emptyChange()): TaskGraphChange {
    for (const event of events) {
      if (event.seq <= this.seq || !this.loaded) continue;
      if (event.type === EventTypes.taskGraphNodeChanged) {
        const parsed = TaskGraphNodeChangedSchema.safeParse(event.payload);
        if (parsed.success) this.put(parsed.data.node, change);
      } else if (event.type === EventTypes.taskGraphNodeRemoved) {
        const parsed = TaskGraphNodeRemovedSchema.safeParse(event.payload);
        if (parsed.success) this.remove(parsed.data.node_id, change);
      }
    }
    return change;
  }

  node(nodeId: string): TaskGraphNode | undefined {
    return this.nodes.get(nodeId);
  }

  issueNode(issueId: string): IssueNode | undefined {
    const node = this.nodes.get(taskGraphNodeId('issue', issueId));
    return node?.kind === 'issue' ? node : undefined;
  }

  /** Child node ids in sibling order; `null` lists the projects. */
  childIds(parentNodeId: string | null): readonly string[] {
    return this.children.get(parentNodeId ?? PROJECTS) ?? [];
  }

  /** Issue nodes, for filters and counts. */
  *issueNodes(): IterableIterator<IssueNode> {
    for (const node of this.nodes.values()) if (node.kind === 'issue') yield node;
  }

  get size(): number {
    return this.nodes.size;
  }

  private put(node: TaskGraphNode, change: TaskGraphChange): void {
    const before = this.nodes.get(node.node_id);
    this.nodes.set(node.node_id, node);
    change.nodes.add(node.node_id);
    if (before && before.parent_node_id === node.parent_node_id && compareTaskGraphOrder(before.order, node.order) === 0) return;
    if (before) this.unlink(before, change);
    const siblings = this.siblingsOf(node.parent_node_id);
    siblings.splice(this.insertionIndex(siblings, node), 0, node.node_id);
    change.parents.add(node.parent_node_id);
  }

  private remove(nodeId: string, change: TaskGraphChange): void {
    const before = this.nodes.get(nodeId);
    if (!before) return;
    this.nodes.delete(nodeId);
    this.unlink(before, change);
    change.nodes.delete(nodeId);
  }

  private unlink(node: TaskGraphNode, change: TaskGraphChange): void {
    const siblings = this.siblingsOf(node.parent_node_id);
    const index = siblings.indexOf(node.node_id);
    if (index >= 0) siblings.splice(index, 1);
    change.parents.add(node.parent_node_id);
  }

  /** Binary search by sibling order: an event costs O(log n) comparisons plus one splice. */
  private insertionIndex(siblings: readonly string[], node: TaskGraphNode): number {
    let low = 0;
    let high = siblings.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareTaskGraphOrder(this.nodes.get(siblings[middle]!)!.order, node.order) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private siblingsOf(parentNodeId: string | null): string[] {
    const key = parentNodeId ?? PROJECTS;
    let siblings = this.children.get(key);
    if (!siblings) { siblings = []; this.children.set(key, siblings); }
    return siblings;
  }
}

export function emptyChange(): TaskGraphChange {
  return { nodes: new Set(), parents: new Set() };
}
