import * as vscode from 'vscode';
import type { TaskGraphNode } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import type { RuntimeChange } from '../state/runtimeState.ts';
import { presentGroup } from './groupPresentation.ts';
import { isFiltering, NO_FILTER, type IssueFilter } from './issueFilter.ts';
import { presentIssue, type RowIcon } from './issuePresentation.ts';
import { issueTooltipMarkdown } from './issueTooltip.ts';
import { filteredNodeIds, issueRow, refreshTargets, visibleChildIds } from './taskGraphRows.ts';

const REFRESH_COALESCE_MS = 16;
const LIVE_ROW_REFRESH_MS = 1_000;
/**
 * After VS Code fetched the root rows, how long until the top rows are refreshed once more. VS
 * Code's extension host forgets every row the moment a root refresh starts; a request for the
 * children of a row from the previous render that arrives in that window is answered with no
 * children ("No tree item with id …"), and the expanded row then stays empty. Refreshing the top
 * rows after the root fetch has settled (the host debounces refreshes by 200 ms) fetches their
 * children again, so a tree never stays silently empty. Seen in the end-to-end test at startup,
 * when the supervisor's state and the first graph load refresh the root back to back.
 */
const TOP_ROWS_HEAL_MS = 600;

/** A row: a workspace folder (multi-root windows only), or a project, milestone or issue of its task graph. */
export type TaskNode =
  | { kind: 'folder'; key: string; connection: FolderConnection }
  | { kind: 'project' | 'milestone'; key: string; connection: FolderConnection; nodeId: string }
  | { kind: 'issue'; key: string; connection: FolderConnection; nodeId: string; issueId: string };

/**
 * The task graph: projects → milestones → issues → sub-issues from the host's task-graph API,
 * with runtime overlays. Only the rows an update touches are refreshed, one refresh per frame.
 */
export class TaskGraphTreeProvider implements vscode.TreeDataProvider<TaskNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TaskNode | TaskNode[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** One object per row, so VS Code sees the same element across refreshes. */
  private readonly nodes = new Map<string, TaskNode>();
  private readonly disposables: vscode.Disposable[] = [];
  private connections: FolderConnection[] = [];
  private filterValue: IssueFilter = NO_FILTER;
  private readonly pending = new Set<TaskNode>();
  private flushTimer: NodeJS.Timeout | undefined;
  private healTimer: NodeJS.Timeout | undefined;
  /** Elapsed times and retry countdowns move with the clock: live rows refresh once a second. */
  private readonly clockTimer = setInterval(() => this.refreshLiveRows(), LIVE_ROW_REFRESH_MS);
  /** Filtered views: matching node ids per folder, computed once per full refresh. */
  private readonly visible = new Map<FolderConnection, Set<string>>();

  get filter(): IssueFilter {
    return this.filterValue;
  }

  set filter(filter: IssueFilter) {
    this.filterValue = filter;
    this.refreshAll();
  }

  setConnections(connections: FolderConnection[]): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.connections = connections;
    this.nodes.clear();
    for (const connection of connections) {
      this.disposables.push(connection.onDidChange((change) => this.onStateChange(connection, change)));
      this.disposables.push(connection.supervisor.onDidChangeState(() => this.refreshAll()));
    }
    this.refreshAll();
  }

  getTreeItem(node: TaskNode): vscode.TreeItem {
    if (node.kind === 'folder') return folderItem(node);
    const graphNode = node.connection.state.graph.node(node.nodeId);
    if (!graphNode) return new vscode.TreeItem(node.nodeId);
    const expandable = node.connection.state.graph.childIds(node.nodeId).length > 0;
    const item = graphNode.kind === 'issue' ? this.issueItem(node, graphNode, expandable) : groupItem(graphNode, expandable);
    item.id = node.key;
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TaskNode): vscode.TreeItem {
    if (node.kind === 'folder') return item;
    const { state } = node.connection;
    const graphNode = state.graph.node(node.nodeId);
    if (graphNode?.kind === 'issue') item.tooltip = markdown(issueTooltipMarkdown(graphNode.issue, graphNode.runtime, state.runForIssue(graphNode.id)));
    else if (graphNode) item.tooltip = markdown(presentGroup(graphNode).tooltip);
    return item;
  }

  getChildren(node?: TaskNode): TaskNode[] {
    if (!node) {
      this.scheduleTopRowsHeal();
      this.visible.clear();
      return this.topRows();
    }
    return this.childNodes(node.connection, node.kind === 'folder' ? null : node.nodeId);
  }

  getParent(node: TaskNode): TaskNode | undefined {
    if (node.kind === 'folder') return undefined;
    const parentId = node.connection.state.graph.node(node.nodeId)?.parent_node_id ?? null;
    if (parentId !== null) return this.graphNode(node.connection, parentId);
    return this.connections.length > 1 ? this.folderNode(node.connection) : undefined;
  }

  /** The row of an issue, for reveal() and commands. */
  issueNode(connection: FolderConnection, issueId: string): TaskNode | undefined {
    const node = connection.state.graph.issueNode(issueId);
    return node ? this.graphNode(connection, node.node_id) : undefined;
  }

  private issueItem(node: TaskNode, graphNode: TaskGraphNode & { kind: 'issue' }, expandable: boolean): vscode.TreeItem {
    const presentation = presentIssue(issueRow(node.connection.state, graphNode, Date.now()));
    const { issue } = graphNode;
    const item = new vscode.TreeItem(`${issue.identifier}: ${issue.title}`, expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.description = presentation.description;
    item.iconPath = themeIcon(presentation.icon);
    item.contextValue = presentation.contextValue;
    item.accessibilityInformation = { label: `${issue.identifier} ${issue.title}, ${presentation.description}` };
    return item;
  }

  /** The root's rows: the projects of a single folder, else one row per folder. */
  private topRows(): TaskNode[] {
    if (this.connections.length === 1) return this.childNodes(this.connections[0]!, null);
    return this.connections.map((connection) => this.folderNode(connection));
  }

  private childNodes(connection: FolderConnection, parentNodeId: string | null): TaskNode[] {
    const ids = visibleChildIds(connection.state, parentNodeId, this.visibleIds(connection));
    return ids.map((id) => this.graphNode(connection, id)).filter((node): node is TaskNode => node !== undefined);
  }

  private visibleIds(connection: FolderConnection): Set<string> | undefined {
    if (!isFiltering(this.filterValue)) return undefined;
    let visible = this.visible.get(connection);
    if (!visible) { visible = filteredNodeIds(connection.state, this.filterValue); this.visible.set(connection, visible); }
    return visible;
  }

  private onStateChange(connection: FolderConnection, change: RuntimeChange): void {
    const targets = refreshTargets(connection.state, change);
    // A filtered view may gain or lose rows with any change: recompute it whole.
    if (targets.everything || (isFiltering(this.filterValue) && targets.nodeIds.size)) { this.refreshAll(); return; }
    for (const id of targets.nodeIds) {
      const node = this.graphNode(connection, id);
      if (node) this.pending.add(node);
    }
    this.scheduleFlush();
  }

  private refreshAll(): void {
    this.visible.clear();
    this.pending.clear();
    this.changeEmitter.fire(undefined);
  }

  private scheduleFlush(): void {
    if (this.flushTimer || !this.pending.size) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const nodes = [...this.pending];
      this.pending.clear();
      if (nodes.length) this.changeEmitter.fire(nodes);
    }, REFRESH_COALESCE_MS);
  }

  private scheduleTopRowsHeal(): void {
    clearTimeout(this.healTimer);
    this.healTimer = setTimeout(() => {
      this.healTimer = undefined;
      for (const node of this.topRows()) this.pending.add(node);
      this.scheduleFlush();
    }, TOP_ROWS_HEAL_MS);
  }

  private refreshLiveRows(): void {
    for (const connection of this.connections) {
      for (const run of connection.state.runs.values()) {
        if (run.state !== 'running' && run.state !== 'retrying') continue;
        if (connection.state.runForIssue(run.issue_id)?.id !== run.id) continue;
        const node = this.issueNode(connection, run.issue_id);
        if (node) this.pending.add(node);
      }
    }
    this.scheduleFlush();
  }

  private graphNode(connection: FolderConnection, nodeId: string): TaskNode | undefined {
    const key = `${connection.folder.uri.toString()}#${nodeId}`;
    const cached = this.nodes.get(key);
    if (cached) return cached;
    const graphNode = connection.state.graph.node(nodeId);
    if (!graphNode) return undefined;
    const node: TaskNode = graphNode.kind === 'issue'
      ? { kind: 'issue', key, connection, nodeId, issueId: graphNode.id }
      : { kind: graphNode.kind, key, connection, nodeId };
    this.nodes.set(key, node);
    return node;
  }

  private folderNode(connection: FolderConnection): TaskNode {
    const key = connection.folder.uri.toString();
    let node = this.nodes.get(key);
    if (!node) { node = { kind: 'folder', key, connection }; this.nodes.set(key, node); }
    return node;
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    clearTimeout(this.healTimer);
    clearInterval(this.clockTimer);
    for (const disposable of this.disposables) disposable.dispose();
    this.changeEmitter.dispose();
  }
}

function folderItem(node: TaskNode & { kind: 'folder' }): vscode.TreeItem {
  const item = new vscode.TreeItem(node.connection.folder.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.key;
  item.iconPath = vscode.ThemeIcon.Folder;
  item.description = node.connection.supervisor.state === 'ready' ? undefined : node.connection.supervisor.state;
  item.contextValue = 'folder';
  return item;
}

/** Projects and milestones start expanded, so issue rows show without a click. */
function groupItem(graphNode: TaskGraphNode & { kind: 'project' | 'milestone' }, expandable: boolean): vscode.TreeItem {
  const presentation = presentGroup(graphNode);
  const item = new vscode.TreeItem(presentation.label, expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.description = presentation.description;
  item.iconPath = themeIcon(presentation.icon);
  item.contextValue = presentation.contextValue;
  return item;
}

function themeIcon(icon: RowIcon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

function markdown(text: string): vscode.MarkdownString {
  return new vscode.MarkdownString(text, true);
}
