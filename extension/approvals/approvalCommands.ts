import * as vscode from 'vscode';
import type { ApprovalTarget } from './approvalChoices.ts';
import { actOnApprovalChoice } from './approvalChoices.ts';
import { ApprovalButton, type ApprovalButtonLabel } from './approvalPrompt.ts';

/** Approvals-view item commands, each the same choice a notification offers. */
const COMMAND_CHOICES: Record<string, ApprovalButtonLabel> = {
  'opensymphony.approve': ApprovalButton.approve,
  'opensymphony.approveAlways': ApprovalButton.approveAlways,
  'opensymphony.deny': ApprovalButton.deny,
  'opensymphony.denyWithFeedback': ApprovalButton.denyWithFeedback,
  'opensymphony.answerApproval': ApprovalButton.answer,
  'opensymphony.showApprovalDetails': ApprovalButton.details,
};

/** Registers the Approvals view's item commands; an item is the request and its connection. */
export function registerApprovalCommands(log: vscode.LogOutputChannel): vscode.Disposable[] {
  return Object.entries(COMMAND_CHOICES).map(([command, choice]) =>
    vscode.commands.registerCommand(command, async (target?: ApprovalTarget) => {
      if (!target?.approval || !target.connection) return;
      await actOnApprovalChoice(target, choice, log);
    }));
}
