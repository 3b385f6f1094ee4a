import type * as vscode from 'vscode';
import { ExtensionRuntime } from './extensionRuntime.ts';
import { registerCommands } from './commands.ts';
import { registerPanels } from './panels/registerPanels.ts';
import { registerApprovalCommands } from './approvals/approvalCommands.ts';
import { storeRemoteConnection } from './connection/connectionSettings.ts';

let runtime: ExtensionRuntime | undefined;

/** The API other extensions (and the in-host tests) can read. */
export interface OpenSymphonyApi {
  hostState(folderPath?: string): string;
  /** What the Task Graph view currently tells the user (errors and what to do), if anything. */
  viewMessage(): string | undefined;
  /** The hosts this window is attached to. */
  connections(): { name: string; description: string; state: string; issues: number }[];
  /** Attaches this workspace to a remote gateway (the token goes to SecretStorage), as the command does. */
  connectRemote(url: string, token: string): Promise<void>;
}

/** Cheap on purpose: hosts start in the background; nothing here waits for them. */
export function activate(context: vscode.ExtensionContext): OpenSymphonyApi {
  runtime = new ExtensionRuntime(context);
  context.subscriptions.push(runtime, ...registerCommands(runtime), ...registerPanels(runtime), ...registerApprovalCommands(runtime.log));
  runtime.syncFolders();
  const current = runtime;
  return {
    hostState: (folderPath) => current.hostState(folderPath),
    viewMessage: () => current.treeView.message,
    connections: () => current.connections.map((connection) => ({
      name: connection.folder.name, description: connection.supervisor.description, state: connection.supervisor.state, issues: connection.state.issues.size,
    })),
    connectRemote: (url, token) => storeRemoteConnection(context.secrets, url, token),
  };
}

export function deactivate(): void {
  runtime = undefined;
}
