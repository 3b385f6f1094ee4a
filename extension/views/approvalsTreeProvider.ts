import * as vscode from 'vscode';
import type { Approval } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import { expiryText, shownCommand, wrappedCommand } from '../approvals/approvalPrompt.ts';

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
    const question = approval.kind === 'user_input';
    const what = question ? approval.questions?.[0]?.question ?? '(question)'
      : approval.kind === 'command' ? shownCommand(approval) : approval.files.join(', ') || '(files)';
    const item = new vscode.TreeItem(`${approval.issue_identifier}: ${what}`);
    item.id = approval.id;
    item.description = approval.state === 'pending' ? pendingDescription(approval) : approval.state;
    item.iconPath = new vscode.ThemeIcon(approval.state === 'pending' ? (question ? 'question' : 'bell-dot') : approval.state === 'approved' ? 'check' : approval.state === 'denied' ? 'close' : 'circle-slash');
    // `approval.pending` (command, file change) or `approval.pending.question`: menus offer what fits.
    item.contextValue = `approval.${approval.state}${question && approval.state === 'pending' ? '.question' : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${approval.issue_identifier}** ${question ? 'asks' : `asks to ${approval.kind === 'command' ? 'run' : 'change files'}`}\n\n`);
    tooltip.appendCodeblock(what, approval.kind === 'command' ? 'shellscript' : 'text');
    const wrapped = approval.kind === 'command' ? wrappedCommand(approval) : null;
    if (wrapped) {
      tooltip.appendMarkdown('as the agent asked for it:');
      tooltip.appendCodeblock(wrapped, 'shellscript');
    }
    if (approval.risk) tooltip.appendMarkdown(`\n\n**${approval.risk.level} risk**: ${approval.risk.summary}`);
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

function pendingDescription(approval: Approval): string {
  const parts = [approval.kind === 'user_input' ? 'awaiting your answer' : 'awaiting your decision'];
  if (approval.risk && approval.risk.level !== 'low') parts.push(`${approval.risk.level} risk`);
  const expiry = expiryText(approval.expires_at, Date.now());
  if (expiry) parts.push(expiry);
  return parts.join(' · ');
}
