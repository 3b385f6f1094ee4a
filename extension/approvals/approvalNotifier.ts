import * as vscode from 'vscode';
import type { Approval } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import { sendApprovalDecision } from './approvalDecision.ts';

/**
 * Shows each pending approval as a notification with Approve / Deny and sends the choice to the
 * host as an approval decision. A request is asked once per window.
 */
export class ApprovalNotifier implements vscode.Disposable {
  private readonly asked = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly log: vscode.LogOutputChannel;

  constructor(log: vscode.LogOutputChannel) {
    this.log = log;
  }

  watch(connection: FolderConnection): void {
    this.disposables.push(connection.onDidChange((change) => {
      for (const approval of change.approvalsRequested) void this.ask(connection, approval);
    }));
  }

  private async ask(connection: FolderConnection, approval: Approval): Promise<void> {
    if (this.asked.has(approval.id) || approval.state !== 'pending') return;
    if (!vscode.workspace.getConfiguration('opensymphony').get<boolean>('approvals.notify', true)) return;
    this.asked.add(approval.id);
    const what = approval.kind === 'command'
      ? `wants to run: ${approval.command ?? '(unknown command)'}`
      : `wants to change ${approval.files.length ? approval.files.join(', ') : 'files'}`;
    const detail = approval.reason ? ` (${approval.reason})` : '';
    const choice = await vscode.window.showInformationMessage(`OpenSymphony: ${approval.issue_identifier} ${what}${detail}`, 'Approve', 'Deny');
    // Decided meanwhile in another window, a browser or the Approvals view: nothing left to ask.
    if (!choice || connection.state.approvals.get(approval.id)?.state !== 'pending') return;
    await sendApprovalDecision(connection, approval, choice === 'Approve' ? 'approve' : 'deny', this.log);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
