import * as vscode from 'vscode';
import type { FolderConnection } from './folderConnection.ts';
import { type ConnectionFacts, type ConnectionProblem, connectionProblems, type ProblemAction } from './connectionProblems.ts';
import { RemoteHostLink } from './remoteHostLink.ts';

/** The facts problems are computed from, read off a live connection. */
export function factsOf(connection: FolderConnection): ConnectionFacts {
  return {
    name: connection.folder.name,
    remote: connection.supervisor instanceof RemoteHostLink,
    hostState: connection.supervisor.state,
    hostError: connection.supervisor.error,
    workflowError: connection.state.workflow?.error ? { path: connection.state.workflow.path, ...connection.state.workflow.error } : null,
    trackerError: connection.state.trackerError,
  };
}

/**
 * Announces each connection problem once, as a notification with the action that fixes it. A
 * problem that goes away is forgotten, so it is announced again if it comes back.
 */
export class ProblemNotifier {
  private announced = new Set<string>();

  update(connections: readonly FolderConnection[]): void {
    const problems = connectionProblems(connections.map(factsOf));
    const current = new Set(problems.map((problem) => problem.key));
    for (const problem of problems) if (!this.announced.has(problem.key)) void this.announce(problem);
    this.announced = current;
  }

  private async announce(problem: ConnectionProblem): Promise<void> {
    const show = problem.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const labels = problem.actions.map((action) => action.label);
    const choice = await show(problem.message, ...labels);
    const action = problem.actions.find((candidate) => candidate.label === choice);
    if (action) await run(action);
  }
}

async function run(action: ProblemAction): Promise<void> {
  if (action.command) { await vscode.commands.executeCommand(action.command); return; }
  if (!action.open) return;
  const line = Math.max(0, (action.open.line ?? 1) - 1);
  await vscode.window.showTextDocument(vscode.Uri.file(action.open.path), { selection: new vscode.Range(line, 0, line, 0) });
}
