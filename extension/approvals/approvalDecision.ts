import * as vscode from 'vscode';
import type { Approval, ApprovalDecision } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';

/** Sends a human decision to the host; the key makes a double click or a retry harmless. */
export async function sendApprovalDecision(connection: FolderConnection, approval: Approval, decision: ApprovalDecision, log: vscode.LogOutputChannel): Promise<void> {
  const client = connection.client;
  if (!client) { void vscode.window.showErrorMessage('OpenSymphony: the host is not connected; the decision was not sent.'); return; }
  try {
    const receipt = await client.decideApproval({ approval_id: approval.id, decision }, { idempotencyKey: `approval-${approval.id}-${decision}` });
    if (!receipt.accepted) void vscode.window.showWarningMessage(`OpenSymphony: ${receipt.reason ?? 'the decision was not accepted'}`);
  } catch (error) {
    log.error(`approval decision failed: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`OpenSymphony: could not send the decision: ${(error as Error).message}`);
  }
}
