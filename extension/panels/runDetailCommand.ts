import * as vscode from 'vscode';
import type { RunTarget } from '../../host/protocol/runView.ts';
import { RunTargetSchema } from '../../host/protocol/runView.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import type { PanelDeps } from './runDetailPanel.ts';
import { RunDetailPanel } from './runDetailPanel.ts';

/** A Task Graph issue row (its latest run is shown), or a run named directly (dashboard, tests). */
export type RunDetailArgument = { kind: 'issue'; connection: FolderConnection; issueId: string } | (RunTarget & { approval_id?: string }) | undefined;

/** An approval request to scroll to, when the caller (a notification's Details) named one. */
function focusedApproval(argument: unknown): string | undefined {
  const id = (argument as { approval_id?: unknown } | undefined)?.approval_id;
  return typeof id === 'string' && id ? id : undefined;
}

/** `opensymphony.openRunDetails`: the detail panel of an issue's latest run, or of the named run. */
export function openRunDetails(deps: PanelDeps, argument: RunDetailArgument | { kind: string }): void {
  const direct = RunTargetSchema.safeParse(argument);
  if (direct.success) { RunDetailPanel.show(deps, direct.data, undefined, focusedApproval(argument)); return; }
  const node = argument as { kind?: string; connection?: FolderConnection; issueId?: string } | undefined;
  if (node?.kind !== 'issue' || !node.connection || !node.issueId) {
    void vscode.window.showInformationMessage('OpenSymphony: choose an issue with a run in the Task Graph, then Open Run Details.');
    return;
  }
  const run = node.connection.state.runForIssue(node.issueId);
  if (!run) { void vscode.window.showInformationMessage('OpenSymphony: this issue has no run yet; start one first.'); return; }
  RunDetailPanel.show(deps, { folder: node.connection.folder.uri.toString(), run_id: run.id }, `${run.issue_identifier} · Run`);
}
