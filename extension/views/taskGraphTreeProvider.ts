import * as vscode from 'vscode';
import type { Issue } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import { issueTooltip, presentIssue } from './issuePresentation.ts';
import { isFiltering, matchesFilter, NO_FILTER, runtimeStateOf, visibleIssueIds, type IssueFilter } from './issueFilter.ts';

const REFRESH_COALESCE_MS = 16;
const LIVE_ROW_REFRESH_MS = 1_000;

export type TaskNode =
  | { kind: 'folder'; key: string; connection: FolderConnection }
  | { kind: 'issue'; key: string; connection: FolderConnection; issueId: string };

/**
 * The task graph: issues nested under their parents (under folder nodes in a multi-root window),
 * with the latest run as icon and description. Only changed nodes are refreshed.
 */
export class TaskGraphTreeProvider implements vscode.TreeDataProvider<TaskNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TaskNode | TaskNode[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly nodes = new Map<string, TaskNode>();
  private readonly disposables: vscode.Disposable[] = [];
  private connections: FolderConnection[] = [];
  private filterValue: IssueFilter = NO_FILTER;
  /** Nodes changed since the last refresh; bursts of events become one refresh per frame. */
  private readonly pending = new Set<TaskNode>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Elapsed times and retry countdowns move with the clock: live rows refresh once a second. */
  private readonly clockTimer = setInterval(() => this.refreshLiveRows(), LIVE_ROW_REFRESH_MS);
  private readonly visible = new Map<FolderConnection, Set<string>>();

  get filter(): IssueFilter {
    return this.filterValue;
  }

  set filter(filter: IssueFilter) {
    this.filterValue = filter;
    this.changeEmitter.fire(undefined);
  }

  setConnections(connections: FolderConnection[]): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.connections = connections;
    this.nodes.clear();
    for (const connection of connections) {
      this.disposables.push(connection.onDidChange((change) => {
        if (change.structure || isFiltering(this.filterValue)) { this.changeEmitter.fire(undefined); return; }
        for (const id of change.issues) this.pending.add(this.issueNode(connection, id));
        this.scheduleFlush();
      }));
      this.disposables.push(connection.supervisor.onDidChangeState(() => this.changeEmitter.fire(undefined)));
    }
    this.changeEmitter.fire(undefined);
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const nodes = [...this.pending];
      this.pending.clear();
      if (nodes.length) this.changeEmitter.fire(nodes);
    }, REFRESH_COALESCE_MS);
  }

  private refreshLiveRows(): void {
    for (const connection of this.connections) {
      for (const run of connection.state.runs.values()) {
        if ((run.state === 'running' || run.state === 'retrying') && connection.state.runForIssue(run.issue_id)?.id === run.id) this.pending.add(this.issueNode(connection, run.issue_id));
      }
    }
    if (this.pending.size) this.scheduleFlush();
  }

  getTreeItem(node: TaskNode): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.connection.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.key;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.description = node.connection.supervisor.state === 'ready' ? undefined : node.connection.supervisor.state;
      item.contextValue = 'folder';
      return item;
    }
    const state = node.connection.state;
    const issue = state.issues.get(node.issueId);
    if (!issue) return new vscode.TreeItem(node.issueId);
    const run = state.runForIssue(issue.id);
    const pending = run ? state.pendingApprovalFor(run.id) : undefined;
    const presentation = presentIssue(issue, run, pending, Date.now());
    const hasChildren = this.childIssues(node.connection, issue.id).length > 0;
    const item = new vscode.TreeItem(`${issue.identifier}: ${issue.title}`, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = node.key;
    item.description = presentation.description;
    item.iconPath = presentation.icon;
    item.contextValue = presentation.contextValue;
    item.accessibilityInformation = { label: `${issue.identifier} ${issue.title}, ${presentation.description}` };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TaskNode): vscode.TreeItem {
    if (node.kind !== 'issue') return item;
    const issue = node.connection.state.issues.get(node.issueId);
    if (issue) item.tooltip = issueTooltip(issue, node.connection.state.runForIssue(issue.id));
    return item;
  }

  getChildren(node?: TaskNode): TaskNode[] {
    if (!node) {
      this.visible.clear();
      if (this.connections.length === 1) return this.rootIssues(this.connections[0]!);
      return this.connections.map((connection) => this.folderNode(connection));
    }
    if (node.kind === 'folder') return this.rootIssues(node.connection);
    return this.childIssues(node.connection, node.issueId).map((issue) => this.issueNode(node.connection, issue.id));
  }

  getParent(node: TaskNode): TaskNode | undefined {
    if (node.kind === 'folder') return undefined;
    const issue = node.connection.state.issues.get(node.issueId);
    if (issue?.parent_id && node.connection.state.issues.has(issue.parent_id)) return this.issueNode(node.connection, issue.parent_id);
    return this.connections.length > 1 ? this.folderNode(node.connection) : undefined;
  }

  /** The node for an issue, for reveal() and commands. */
  issueNode(connection: FolderConnection, issueId: string): TaskNode {
    const key = `${connection.folder.uri.toString()}#${issueId}`;
    let node = this.nodes.get(key);
    if (!node) { node = { kind: 'issue', key, connection, issueId }; this.nodes.set(key, node); }
    return node;
  }

  private folderNode(connection: FolderConnection): TaskNode {
    const key = connection.folder.uri.toString();
    let node = this.nodes.get(key);
    if (!node) { node = { kind: 'folder', key, connection }; this.nodes.set(key, node); }
    return node;
  }

  private rootIssues(connection: FolderConnection): TaskNode[] {
    return this.childIssues(connection, undefined).map((issue) => this.issueNode(connection, issue.id));
  }

  private childIssues(connection: FolderConnection, parentId: string | undefined): Issue[] {
    const { issues } = connection.state;
    const children = connection.state.childIds(parentId).map((id) => issues.get(id)).filter((issue): issue is Issue => issue !== undefined);
    return sortIssues(children.filter((issue) => this.isVisible(connection, issue)));
  }

  /** Filtered views show matches and their ancestors; computed once per full refresh. */
  private isVisible(connection: FolderConnection, issue: Issue): boolean {
    if (!isFiltering(this.filterValue)) return true;
    let visible = this.visible.get(connection);
    if (!visible) {
      const { state } = connection;
      visible = visibleIssueIds(state.issues, (candidate) => {
        const run = state.runForIssue(candidate.id);
        return matchesFilter(this.filterValue, candidate, runtimeStateOf(run, run ? state.pendingApprovalFor(run.id) !== undefined : false));
      });
      this.visible.set(connection, visible);
    }
    return visible.has(issue.id);
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    clearInterval(this.clockTimer);
    for (const disposable of this.disposables) disposable.dispose();
    this.changeEmitter.dispose();
  }
}

function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => a.identifier.localeCompare(b.identifier, undefined, { numeric: true }));
}
