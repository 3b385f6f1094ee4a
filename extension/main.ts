import type * as vscode from 'vscode';
import { ExtensionRuntime } from './extensionRuntime.ts';
import { registerCommands } from './commands.ts';
import { registerPanels } from './panels/registerPanels.ts';
import { registerApprovalCommands } from './approvals/approvalCommands.ts';
import { storeRemoteConnection } from './connection/connectionSettings.ts';
import { type ActivationTimings, activationTimings, recordActivation, writeTestStatus } from './testStatusFile.ts';

/** The API other extensions (and the in-host tests) can read. */
export interface OpenSymphonyApi {
  hostState(folderPath?: string): string;
  /** What the Task Graph view currently tells the user (errors and what to do), if anything. */
  viewMessage(): string | undefined;
  /** The hosts this window is attached to. */
  connections(): { name: string; description: string; state: string; issues: number }[];
  /** Attaches this workspace to a remote gateway (the token goes to SecretStorage), as the command does. */
  connectRemote(url: string, token: string): Promise<void>;
  /** How long activation took (see testStatusFile.ts). */
  activation(): ActivationTimings | null;
  /** A Task Graph row for the issue, as its context menu commands receive it (for automation and tests). */
  issueNode(identifier: string): { kind: 'issue'; connection: unknown; issueId: string } | undefined;
  /** An Approvals view item for the request, as its commands receive it. */
  approvalNode(approvalId: string): { connection: unknown; approval: { id: string; state: string } } | undefined;
}

/**
 * Cheap on purpose: registers views and commands and returns. The first folder sync (trust check,
 * WORKFLOW.md lookup, starting or reattaching hosts) runs right after, off the activation path,
 * and nothing ever waits for a host to be ready.
 */
export function activate(context: vscode.ExtensionContext): OpenSymphonyApi {
  const started = performance.now();
  const current = new ExtensionRuntime(context);
  context.subscriptions.push(current, ...registerCommands(current), ...registerPanels(current), ...registerApprovalCommands(current.log));
  const activateMs = performance.now() - started;
  recordActivation({ activateMs, firstSyncMs: null });
  const deferred = setTimeout(() => firstSync(current, activateMs), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(deferred) });
  return {
    hostState: (folderPath) => current.hostState(folderPath),
    viewMessage: () => current.treeView.message,
    connections: () => current.connections.map((connection) => ({
      name: connection.folder.name, description: connection.supervisor.description, state: connection.supervisor.state, issues: connection.state.issues.size,
    })),
    connectRemote: (url, token) => storeRemoteConnection(context.secrets, url, token),
    activation: () => activationTimings(),
    issueNode: (identifier) => {
      for (const connection of current.connections) {
        const issue = [...connection.state.issues.values()].find((candidate) => candidate.identifier === identifier);
        if (issue) return { kind: 'issue', connection, issueId: issue.id };
      }
      return undefined;
    },
    approvalNode: (approvalId) => {
      const connection = current.connections.find((candidate) => candidate.state.approvals.has(approvalId));
      const approval = connection?.state.approvals.get(approvalId);
      return connection && approval ? { connection, approval } : undefined;
    },
  };
}

function firstSync(current: ExtensionRuntime, activateMs: number): void {
  const started = performance.now();
  current.syncFolders();
  const firstSyncMs = performance.now() - started;
  recordActivation({ activateMs, firstSyncMs });
  current.log.info(`activated in ${activateMs.toFixed(1)} ms; first folder sync ${firstSyncMs.toFixed(1)} ms`);
  writeTestStatus(current.connections);
}

/** Everything is owned by `context.subscriptions`, which VS Code disposes. */
export function deactivate(): void {}
