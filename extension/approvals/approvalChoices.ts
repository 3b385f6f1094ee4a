import * as vscode from 'vscode';
import type { Approval } from '../../host/protocol/index.ts';
import { MAX_APPROVAL_FEEDBACK_CHARS } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import { sendApprovalDecision } from './approvalDecision.ts';
import { ApprovalButton, type ApprovalButtonLabel, settledElsewhereText } from './approvalPrompt.ts';
import { collectAnswers } from './answerCollection.ts';
import { vscodeAnswerPrompter } from './answerPrompter.ts';

/** One request and where it lives; what every approval command acts on. */
export interface ApprovalTarget {
  connection: FolderConnection;
  approval: Approval;
}

/**
 * Carries out what the user chose for a request, from a notification, a modal or the Approvals
 * view. A request settled meanwhile (another window, a browser, a rule) is not decided again: the
 * user is told who settled it. Details always opens.
 */
export async function actOnApprovalChoice(target: ApprovalTarget, choice: ApprovalButtonLabel, log: vscode.LogOutputChannel): Promise<void> {
  if (choice === ApprovalButton.details) { await openApprovalDetails(target); return; }
  if (!stillPending(target)) return;
  const { connection, approval } = target;
  switch (choice) {
    case ApprovalButton.approve: await sendApprovalDecision(connection, approval, 'approve', log); return;
    case ApprovalButton.approveAlways: await sendApprovalDecision(connection, approval, 'approve_always', log); return;
    case ApprovalButton.deny: case ApprovalButton.decline: await sendApprovalDecision(connection, approval, 'deny', log); return;
    case ApprovalButton.denyWithFeedback: await denyWithFeedback(target, log); return;
    case ApprovalButton.answer: await answerQuestions(target, log);
  }
}

/** True while the host still waits; otherwise says who settled it (the click changes nothing). */
function stillPending({ connection, approval }: ApprovalTarget): boolean {
  const current = connection.state.approvals.get(approval.id) ?? approval;
  if (current.state === 'pending') return true;
  void vscode.window.showInformationMessage(settledElsewhereText(current));
  return false;
}

async function denyWithFeedback(target: ApprovalTarget, log: vscode.LogOutputChannel): Promise<void> {
  const feedback = await vscode.window.showInputBox({
    title: `Deny ${target.approval.issue_identifier}'s request`,
    prompt: 'Tell the agent why, or what to do instead (sent with the denial).',
    ignoreFocusOut: true,
    validateInput: (value) => (value.length > MAX_APPROVAL_FEEDBACK_CHARS ? `At most ${MAX_APPROVAL_FEEDBACK_CHARS} characters.` : undefined),
  });
  // Escape leaves the request pending (it stays in the Approvals view); an empty Enter denies plainly.
  if (feedback === undefined || !stillPending(target)) return;
  await sendApprovalDecision(target.connection, target.approval, 'deny', log, feedback.trim() ? { feedback: feedback.trim() } : {});
}

async function answerQuestions(target: ApprovalTarget, log: vscode.LogOutputChannel): Promise<void> {
  const answers = await collectAnswers(target.approval.questions ?? [], vscodeAnswerPrompter(target.approval.issue_identifier));
  if (!answers || !stillPending(target)) return;
  await sendApprovalDecision(target.connection, target.approval, 'approve', log, { answers });
}

/** The run detail panel of the request's run, scrolled to the request. */
export async function openApprovalDetails({ connection, approval }: ApprovalTarget): Promise<void> {
  await vscode.commands.executeCommand('opensymphony.openRunDetails', {
    folder: connection.folder.uri.toString(), run_id: approval.run_id, approval_id: approval.id,
  });
}
