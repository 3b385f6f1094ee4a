import * as vscode from 'vscode';
import type { ExtensionRuntime } from '../extensionRuntime.ts';
import { RUN_BASE_SCHEME, RunBaseContentProvider } from '../diff/runDiffEditor.ts';
import { registerPanelSerializers } from './panelSerializers.ts';
import type { RunDetailArgument } from './runDetailCommand.ts';
import { openRunDetails } from './runDetailCommand.ts';
import type { PanelDeps } from './runDetailPanel.ts';

/**
 * The webview panels' part of activation: the run detail command, the provider of diff bases, and
 * the serializers that restore panels after a reload (they must be registered during activation).
 */
export function registerPanels(runtime: ExtensionRuntime): vscode.Disposable[] {
  const diffs = new RunBaseContentProvider();
  const deps: PanelDeps = {
    extensionUri: runtime.context.extensionUri,
    connections: () => runtime.connections,
    onDidChangeConnections: runtime.onDidChangeConnections,
    terminals: runtime.terminals,
    diffs,
    log: runtime.log,
  };
  return [
    diffs,
    vscode.workspace.registerTextDocumentContentProvider(RUN_BASE_SCHEME, diffs),
    vscode.commands.registerCommand('opensymphony.openRunDetails', (argument?: RunDetailArgument) => openRunDetails(deps, argument)),
    ...registerPanelSerializers(deps),
  ];
}
