import type * as vscode from 'vscode';
import { ExtensionRuntime } from './extensionRuntime.ts';
import { registerCommands } from './commands.ts';

let runtime: ExtensionRuntime | undefined;

/** The API other extensions (and the in-host tests) can read. */
export interface OpenSymphonyApi {
  hostState(folderPath?: string): string;
}

/** Cheap on purpose: hosts start in the background; nothing here waits for them. */
export function activate(context: vscode.ExtensionContext): OpenSymphonyApi {
  runtime = new ExtensionRuntime(context);
  context.subscriptions.push(runtime, ...registerCommands(runtime));
  runtime.startHosts();
  const current = runtime;
  return { hostState: (folderPath) => current.hostState(folderPath) };
}

export function deactivate(): void {
  runtime = undefined;
}
