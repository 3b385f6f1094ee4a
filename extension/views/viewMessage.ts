import type { FolderConnection } from '../connection/folderConnection.ts';
import { isCredentialProblem, trackerAdvice } from '../connection/connectionProblems.ts';

/** The tree's message line: what is wrong and what to do, or nothing when all is well. */
export function viewMessage(connections: readonly FolderConnection[]): string | undefined {
  const lines: string[] = [];
  const prefix = (connection: FolderConnection) => (connections.length > 1 ? `${connection.folder.name}: ` : '');
  for (const connection of connections) {
    const { supervisor, state } = connection;
    if (supervisor.state === 'failed') lines.push(`${prefix(connection)}${supervisor.error ?? 'the host failed'} — run "OpenSymphony: Show Host Logs".`);
    else if (supervisor.state === 'starting') lines.push(`${prefix(connection)}${supervisor.error ?? 'starting the OpenSymphony host…'}`);
    const workflowError = state.workflow?.error;
    if (workflowError) lines.push(`${prefix(connection)}WORKFLOW.md${workflowError.line ? ` line ${workflowError.line}` : ''}: ${workflowError.message} (running on the last valid configuration)`);
    if (state.trackerError) lines.push(`${prefix(connection)}Tracker: ${state.trackerError}${isCredentialProblem(state.trackerError) ? ` ${trackerAdvice(state.trackerError)}` : ''}`);
    if (state.graphError) lines.push(`${prefix(connection)}The task graph could not be read: ${state.graphError} — run "OpenSymphony: Refresh" to try again.`);
  }
  return lines.length ? lines.join('\n') : undefined;
}
