import * as vscode from 'vscode';
import type { ExtensionRuntime } from './extensionRuntime.ts';
import type { TaskNode } from './views/taskGraphTreeProvider.ts';

/** Registers the contributed commands; each handler is a small function over the runtime. */
export function registerCommands(runtime: ExtensionRuntime): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('opensymphony.startRun', (node?: TaskNode) => startRun(runtime, node)),
    vscode.commands.registerCommand('opensymphony.openTerminal', (node?: TaskNode) => openTerminal(runtime, node)),
    vscode.commands.registerCommand('opensymphony.refresh', () => Promise.all(runtime.connections.map((connection) => connection.refresh()))),
    vscode.commands.registerCommand('opensymphony.openDashboard', () => runtime.openDashboard()),
    vscode.commands.registerCommand('opensymphony.showLogs', () => runtime.log.show(true)),
    vscode.commands.registerCommand('opensymphony.restartHost', () => Promise.all(runtime.connections.map((connection) => connection.supervisor.restart()))),
  ];
}

async function startRun(runtime: ExtensionRuntime, node: TaskNode | undefined): Promise<void> {
  if (node?.kind !== 'issue') { void vscode.window.showInformationMessage('OpenSymphony: choose an issue in the Task Graph, then Start Run.'); return; }
  const { connection } = node;
  const client = connection.client;
  if (!client) { void vscode.window.showErrorMessage(`OpenSymphony: the host for ${connection.folder.name} is not ready.`); return; }
  const issue = connection.state.issues.get(node.issueId);
  try {
    const receipt = await client.dispatch({ issue_id: node.issueId });
    if (!receipt.accepted) {
      void vscode.window.showWarningMessage(`OpenSymphony: ${issue?.identifier ?? node.issueId} was not started: ${receipt.reason ?? 'rejected'}`);
      return;
    }
    const run = await runtime.waitForRun(connection, String(receipt.result?.run_id ?? ''));
    if (run) runtime.terminals.show(connection, run, true);
  } catch (error) {
    runtime.log.error(`start run failed: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`OpenSymphony: could not start ${issue?.identifier ?? node.issueId}: ${(error as Error).message}`);
  }
}

function openTerminal(runtime: ExtensionRuntime, node: TaskNode | undefined): void {
  if (node?.kind !== 'issue') return;
  const run = node.connection.state.runForIssue(node.issueId);
  if (!run) { void vscode.window.showInformationMessage('OpenSymphony: this issue has no run yet.'); return; }
  runtime.terminals.show(node.connection, run);
}
