import type { Clock } from '../base/clock.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import type { NewEvent, TaskGraphNode, TaskGraphNodeRemoved } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';

export interface NodeChangeFeedOptions {
  clock: Clock;
  /** How long changes that touch only volatile fields (tokens, last event seq) may wait, to coalesce. */
  volatileDelayMs: number;
  /** The current node by id (undefined once it is gone). */
  lookup(nodeId: string): TaskGraphNode | undefined;
  /** Appends one batch of events to the journal. */
  publish(events: NewEvent[]): void;
}

interface PublishedNode {
  node: TaskGraphNode;
  full: string;
  significant: string;
}

const KIND_RANK = { project: 0, milestone: 1, issue: 2 } as const;

/**
 * Publishes `taskgraph.node_changed` / `taskgraph.node_removed` only for nodes whose DTO really
 * differs from the last one published. A change of tokens or `last_event_seq` alone waits up to
 * `volatileDelayMs` and goes out as one event per node, so a chatty run does not double the journal.
 */
export class NodeChangeFeed implements IDisposable {
  private readonly options: NodeChangeFeedOptions;
  private readonly published = new Map<string, PublishedNode>();
  private readonly pending = new Set<string>();
  private timer: IDisposable | undefined;

  constructor(options: NodeChangeFeedOptions) {
    this.options = options;
  }

  /** Records these nodes as what clients already know, publishing nothing (startup). */
  baseline(nodeIds: Iterable<string>): void {
    for (const nodeId of nodeIds) {
      const node = this.options.lookup(nodeId);
      if (node) this.published.set(nodeId, snapshot(node));
    }
  }

  /** Compares these nodes with what was published and publishes what changed. */
  update(nodeIds: Iterable<string>): void {
    const changed: TaskGraphNode[] = [];
    const removed: PublishedNode[] = [];
    for (const nodeId of nodeIds) {
      const node = this.options.lookup(nodeId);
      const before = this.published.get(nodeId);
      if (!node) {
        if (before) removed.push(before);
        continue;
      }
      const now = snapshot(node);
      if (before?.full === now.full) this.pending.delete(nodeId);
      else if (!before || before.significant !== now.significant) changed.push(node);
      else this.pending.add(nodeId);
    }
    this.emit(changed, removed);
    if (this.pending.size && !this.timer) this.timer = this.options.clock.setTimeout(() => this.flush(), this.options.volatileDelayMs);
  }

  /** Publishes the volatile changes that are waiting. */
  flush(): void {
    this.timer?.dispose();
    this.timer = undefined;
    const waiting = [...this.pending];
    this.pending.clear();
    const changed = waiting.map((id) => this.options.lookup(id)).filter((node): node is TaskGraphNode => node !== undefined && this.published.get(node.node_id)?.full !== JSON.stringify(node));
    this.emit(changed, []);
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = undefined;
  }

  private emit(changed: TaskGraphNode[], removed: PublishedNode[]): void {
    if (!changed.length && !removed.length) return;
    // Parents before children, removals last: a tree client never sees a child before its parent.
    changed.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || this.depth(a) - this.depth(b));
    for (const node of changed) {
      this.published.set(node.node_id, snapshot(node));
      this.pending.delete(node.node_id);
    }
    for (const { node } of removed) {
      this.published.delete(node.node_id);
      this.pending.delete(node.node_id);
    }
    this.options.publish([...changed.map(changedEvent), ...removed.map(({ node }) => removedEvent(node))]);
  }

  private depth(node: TaskGraphNode): number {
    let depth = 0;
    for (let parent = node.parent_node_id; parent !== null && depth < 1000; depth++) parent = this.options.lookup(parent)?.parent_node_id ?? null;
    return depth;
  }
}

function snapshot(node: TaskGraphNode): PublishedNode {
  const significant = node.kind === 'issue' ? { ...node, runtime: { ...node.runtime, tokens: null, last_event_seq: null } } : node;
  return { node, full: JSON.stringify(node), significant: JSON.stringify(significant) };
}

function refsOf(node: TaskGraphNode): NewEvent['entity_refs'] {
  return node.kind === 'issue' ? [{ kind: 'issue', id: node.id, identifier: node.issue.identifier }] : [];
}

function labelOf(node: TaskGraphNode): string {
  if (node.kind === 'issue') return node.issue.identifier;
  return `${node.kind} ${node.kind === 'project' ? node.project.name : node.milestone.name}`;
}

function changedEvent(node: TaskGraphNode): NewEvent {
  const status = node.kind === 'issue' ? `: ${node.runtime.status}` : '';
  return { type: EventTypes.taskGraphNodeChanged, actor: { kind: 'host' }, summary: `${labelOf(node)} changed${status}`, payload: { node }, entity_refs: refsOf(node) };
}

function removedEvent(node: TaskGraphNode): NewEvent {
  const payload: TaskGraphNodeRemoved = { node_id: node.node_id, kind: node.kind, id: node.id, project_id: node.project_id, parent_node_id: node.parent_node_id };
  return { type: EventTypes.taskGraphNodeRemoved, actor: { kind: 'host' }, summary: `${labelOf(node)} removed`, payload, entity_refs: refsOf(node) };
}
