import * as vscode from 'vscode';
import type { Approval } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';

export interface ApprovalNode {
  connection: FolderConnection;
  approval: Approval;
}

const RECENT_LIMIT = 50;

/**
 * Pending and recent approval requests of every folder, so nothing is lost when a notification
 * is dismissed; a request decided elsewhere (another window, a browser) leaves the pending list.
 */
export class ApprovalsTreeProvider implements vscode.TreeDataProvider<ApprovalNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private connections: readonly FolderConnection[] = [];

  setConnections(connections: readonly FolderConnection[]): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.connections = connections;
    for (const connection of connections) {
      this.disposables.push(connection.onDidChange((change) => {
        if (change.approvalsRequested.length || change.approvalsResolved.length) this.changeEmitter.fire();
      }));
    }
    this.changeEmitter.fire();
  }

  getChildren(node?: ApprovalNode): ApprovalNode[] {
    if (node) return [];
    const all = this.connections.flatMap((connection) => [...connection.state.approvals.values()].map((approval) => ({ connection, approval })));
    const pending = all.filter((entry) => entry.approval.state === 'pending').sort((a, b) => a.approval.requested_at.localeCompare(b.approval.requested_at));
    const recent = all.filter((entry) => entry.approval.state !== 'pending')
      .sort((a, b) => (b.approval.decided_at ?? '').localeCompare(a.approval.decided_at ?? '')).slice(0, RECENT_LIMIT);
    return [...pending, ...recent];
  }

  getTreeItem({ approval }: ApprovalNode): vscode.TreeItem {
    const what = approval.kind === 'command' ? approval.command ?? '(command)' : approval.files.join(', ') || '(files)';
    const item = new vscode.TreeItem(`${approval.issue_identifier}: ${what}`);
    item.id = approval.id;
    item.description = approval.state === 'pending' ? 'awaiting your decision' : approval.state;
    item.iconPath = new vscode.ThemeIcon(approval.state === 'pending' ? 'bell-dot' : approval.state === 'approved' ? 'check' : approval.state === 'denied' ? 'close' : 'circle-slash');
    item.contextValue = `approval.${approval.state}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${approval.issue_identifier}** asks to ${approval.kind === 'command' ? 'run' : 'change files'}\n\n`);
    tooltip.appendCodeblock(what, approval.kind === 'command' ? 'shellscript' : 'text');
    if (approval.cwd) tooltip.appendMarkdown(`\nin \`${approval.cwd}\``);
    if (approval.reason) tooltip.appendMarkdown(`\n\nReason: ${approval.reason}`);
    item.tooltip = tooltip;
    return item;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.changeEmitter.dispose();
  }
}
