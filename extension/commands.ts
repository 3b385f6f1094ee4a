import * as vscode from 'vscode';
import type { ActionReceipt } from '../host/protocol/index.ts';
import type { ExtensionRuntime } from './extensionRuntime.ts';
import type { TaskNode } from './views/taskGraphTreeProvider.ts';
import { createWorkflowFromTemplate } from './workflowTemplates.ts';
import { connectToRemote, exposedGatewayPort, useLocalHost } from './connection/connectionSettings.ts';
import { readFileSync } from 'node:fs';
import { applyFilter, pickFilter } from './views/filterCommand.ts';
import { copyTextOf, trackerUrlOf } from './views/taskNodeTargets.ts';

/** Registers the contributed commands; each handler is a small function over the runtime. */
export function registerCommands(runtime: ExtensionRuntime): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('opensymphony.startRun', (node?: TaskNode) => startRun(runtime, node)),
    ...RUN_ACTIONS.map((action) => vscode.commands.registerCommand(`opensymphony.${action}Run`, (node?: TaskNode) => runAction(runtime, node, action))),
    vscode.commands.registerCommand('opensymphony.openTerminal', (node?: TaskNode) => openTerminal(runtime, node)),
    vscode.commands.registerCommand('opensymphony.refresh', () => Promise.all(runtime.connections.map((connection) => connection.refresh()))),
    vscode.commands.registerCommand('opensymphony.openDashboard', () => runtime.openDashboard()),
    vscode.commands.registerCommand('opensymphony.showLogs', () => runtime.log.show(true)),
    vscode.commands.registerCommand('opensymphony.restartHost', () => runtime.restartHosts()),
    vscode.commands.registerCommand('opensymphony.filter', () => pickFilter(runtime.tree, runtime.treeView, runtime.connections)),
    vscode.commands.registerCommand('opensymphony.clearFilter', () => applyFilter(runtime.tree, runtime.treeView)),
    vscode.commands.registerCommand('opensymphony.connectRemote', () => connectToRemote(runtime.context.secrets)),
    vscode.commands.registerCommand('opensymphony.useLocalHost', () => useLocalHost()),
    vscode.commands.registerCommand('opensymphony.copyGatewayAccess', () => copyGatewayAccess(runtime)),
    vscode.commands.registerCommand('opensymphony.createWorkflow', () => createWorkflowFromTemplate()),
    vscode.commands.registerCommand('opensymphony.setLinearApiKey', async () => { if (await runtime.credentials.promptForApiKey()) await runtime.restartHosts(); }),
    vscode.commands.registerCommand('opensymphony.clearLinearApiKey', async () => { await runtime.credentials.clear(); await runtime.restartHosts(); }),
    vscode.commands.registerCommand('opensymphony.openWorkspace', (node?: TaskNode) => openWorkspace(node)),
    vscode.commands.registerCommand('opensymphony.openInLinear', (node?: TaskNode) => openInTracker(node)),
    vscode.commands.registerCommand('opensymphony.copyIdentifier', (node?: TaskNode) => copyRowText(node)),
    vscode.commands.registerCommand('opensymphony.copyName', (node?: TaskNode) => copyRowText(node)),
  ];
}

async function openWorkspace(node: TaskNode | undefined): Promise<void> {
  if (node?.kind !== 'issue') return;
  const path = node.connection.state.runForIssue(node.issueId)?.workspace_path;
  if (!path) { void vscode.window.showInformationMessage('OpenSymphony: this issue has no workspace yet; start a run first.'); return; }
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(path), { forceNewWindow: true });
}

async function openInTracker(node: TaskNode | undefined): Promise<void> {
  const url = trackerUrlOf(node);
  if (!url) { void vscode.window.showInformationMessage(`OpenSymphony: this ${node?.kind ?? 'row'} has no tracker URL.`); return; }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}

/** An issue's identifier, or a project's or milestone's name. */
async function copyRowText(node: TaskNode | undefined): Promise<void> {
  const text = copyTextOf(node);
  if (text) await vscode.env.clipboard.writeText(text);
}

const RUN_ACTIONS = ['retry', 'cancel', 'pause', 'resume'] as const;

/**
 * Retry, Cancel, Pause, Resume on the issue's latest run, through the gateway; a refusal says why.
 * Resolves with the receipt (for automation), or undefined when nothing was sent.
 */
async function runAction(runtime: ExtensionRuntime, node: TaskNode | undefined, action: (typeof RUN_ACTIONS)[number]): Promise<ActionReceipt | undefined> {
  if (node?.kind !== 'issue') return undefined;
  const run = node.connection.state.runForIssue(node.issueId);
  const client = node.connection.client;
  if (!run || !client) { void vscode.window.showInformationMessage('OpenSymphony: no run to act on, or the host is not connected.'); return undefined; }
  try {
    const receipt = await client[action]({ run_id: run.id });
    if (!receipt.accepted) void vscode.window.showWarningMessage(`OpenSymphony: ${action} ${run.issue_identifier} was refused: ${receipt.reason ?? 'no reason given'}`);
    return receipt;
  } catch (error) {
    runtime.log.error(`${action} failed: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`OpenSymphony: could not ${action} ${run.issue_identifier}: ${(error as Error).message}`);
    return undefined;
  }
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

/** Copies `URL` and `token` of the exposed loopback gateway, for a browser or CLI client. */
async function copyGatewayAccess(runtime: ExtensionRuntime): Promise<void> {
  const port = exposedGatewayPort();
  const tokenFile = runtime.connections[0]?.supervisor.paths?.tokenFile;
  if (port === null || !tokenFile) {
    const choice = await vscode.window.showInformationMessage('OpenSymphony: the gateway is not exposed. Turn on "opensymphony.gateway.expose" to serve it on loopback.', 'Open Setting');
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'opensymphony.gateway');
    return;
  }
  await vscode.env.clipboard.writeText(`OPENSYMPHONY_URL=http://127.0.0.1:${port}\nOPENSYMPHONY_TOKEN=${readFileSync(tokenFile, 'utf8').trim()}\n`);
  void vscode.window.showInformationMessage(`OpenSymphony: gateway URL and token copied (http://127.0.0.1:${port}). Treat the token like a password.`);
}
