import type * as vscode from 'vscode';
import { ExtensionRuntime } from './extensionRuntime.ts';
import { registerCommands } from './commands.ts';

let runtime: ExtensionRuntime | undefined;

/** The API other extensions (and the in-host tests) can read. */
export interface OpenSymphonyApi {
  hostState(folderPath?: string): string;
  /** What the Task Graph view currently tells the user (errors and what to do), if anything. */
  viewMessage(): string | undefined;
}

/** Cheap on purpose: hosts start in the background; nothing here waits for them. */
export function activate(context: vscode.ExtensionContext): OpenSymphonyApi {
  runtime = new ExtensionRuntime(context);
  context.subscriptions.push(runtime, ...registerCommands(runtime));
  runtime.syncFolders();
  const current = runtime;
  return { hostState: (folderPath) => current.hostState(folderPath), viewMessage: () => current.treeView.message };
}

export function deactivate(): void {
  runtime = undefined;
}
