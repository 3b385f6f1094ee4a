import * as vscode from 'vscode';
import type { Approval } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';

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
    if (!choice) return;
    await this.decide(connection, approval, choice === 'Approve' ? 'approve' : 'deny');
  }

  private async decide(connection: FolderConnection, approval: Approval, decision: 'approve' | 'deny'): Promise<void> {
    const client = connection.client;
    if (!client) { void vscode.window.showErrorMessage('OpenSymphony: the host is not connected; the decision was not sent.'); return; }
    try {
      const receipt = await client.decideApproval({ approval_id: approval.id, decision }, { idempotencyKey: `approval-${approval.id}-${decision}` });
      if (!receipt.accepted) void vscode.window.showWarningMessage(`OpenSymphony: ${receipt.reason ?? 'the decision was not accepted'}`);
    } catch (error) {
      this.log.error(`approval decision failed: ${(error as Error).message}`);
      void vscode.window.showErrorMessage(`OpenSymphony: could not send the decision: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
