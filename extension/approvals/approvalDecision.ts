import * as vscode from 'vscode';
import type { Approval, ApprovalDecision } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';

/** Text that goes with a decision: feedback for a denial, answers for a `user_input` request. */
export interface DecisionExtras {
  feedback?: string;
  answers?: Record<string, string>;
}

/**
 * Sends a human decision to the host; the key makes a double click or a retry harmless. Resolves
 * true when the host accepted it.
 */
export async function sendApprovalDecision(connection: FolderConnection, approval: Approval, decision: ApprovalDecision, log: vscode.LogOutputChannel, extras: DecisionExtras = {}): Promise<boolean> {
  const client = connection.client;
  if (!client) { void vscode.window.showErrorMessage('OpenSymphony: the host is not connected; the decision was not sent. The request stays in the Approvals view.'); return false; }
  try {
    const receipt = await client.decideApproval({ approval_id: approval.id, decision, ...extras }, { idempotencyKey: `approval-${approval.id}-${decision}` });
    if (!receipt.accepted) void vscode.window.showWarningMessage(`OpenSymphony: ${receipt.reason ?? 'the decision was not accepted'}`);
    return receipt.accepted;
  } catch (error) {
    log.error(`approval decision failed: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`OpenSymphony: could not send the decision: ${(error as Error).message}. The request stays in the Approvals view.`);
    return false;
  }
}
