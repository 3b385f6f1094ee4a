import * as vscode from 'vscode';
import type { Approval } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import { actOnApprovalChoice } from './approvalChoices.ts';
import { type ApprovalButtonLabel, approvalPrompt, DEFAULT_MODAL_RULES, type ModalRiskRules, type RiskLevel } from './approvalPrompt.ts';

/** `opensymphony.approvals.modalRiskLevel` and `.modalRiskFlags`. */
export function modalRiskRules(): ModalRiskRules {
  const config = vscode.workspace.getConfiguration('opensymphony.approvals');
  return {
    minimumLevel: config.get<RiskLevel | 'off'>('modalRiskLevel', DEFAULT_MODAL_RULES.minimumLevel),
    flags: config.get<string[]>('modalRiskFlags', [...DEFAULT_MODAL_RULES.flags]),
  };
}

/**
 * Shows each pending request once per window: a notification with Approve / Approve Always / Deny
 * / Details (a modal dialog for risky requests, per settings), or Answer… / Decline for questions.
 * The Approvals view keeps every request, so dismissing a notification loses nothing.
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
    if (this.asked.has(approval.id) || approval.state !== 'pending' || connection.supervisor.readOnly) return;
    if (!vscode.workspace.getConfiguration('opensymphony').get<boolean>('approvals.notify', true)) return;
    this.asked.add(approval.id);
    const prompt = approvalPrompt(approval, modalRiskRules(), Date.now());
    const choice: ApprovalButtonLabel | undefined = prompt.modal
      ? await vscode.window.showWarningMessage(prompt.message, { modal: true, detail: prompt.detail }, ...prompt.buttons)
      : await vscode.window.showInformationMessage(prompt.message, ...prompt.buttons);
    if (choice) await actOnApprovalChoice({ connection, approval }, choice, this.log);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
