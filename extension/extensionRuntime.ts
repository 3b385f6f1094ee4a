import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../host/protocol/index.ts';
import { FolderConnection } from './connection/folderConnection.ts';
import { HostSupervisor } from './connection/hostSupervisor.ts';
import { LinearCredentials } from './connection/linearCredentials.ts';
import { ModelCredentials } from './connection/modelCredentials.ts';
import { RemoteHostLink } from './connection/remoteHostLink.ts';
import { connectionPlan } from './connection/connectionPlan.ts';
import { connectionProfile, exposedGatewayPort, remoteToken } from './connection/connectionSettings.ts';
import { hostPathsFor } from './connection/hostPaths.ts';
import { TaskGraphTreeProvider } from './views/taskGraphTreeProvider.ts';
import { ApprovalsTreeProvider } from './views/approvalsTreeProvider.ts';
import { RunTerminalManager } from './terminals/runTerminal.ts';
import { ApprovalNotifier } from './approvals/approvalNotifier.ts';
import { HostStatusBar } from './statusBar.ts';
import { writeTestStatus } from './testStatusFile.ts';
import { viewMessage } from './views/viewMessage.ts';
import { WorkflowDiagnostics } from './workflowDiagnostics.ts';
import { DashboardPanel } from './panels/dashboardPanel.ts';
import { AttentionCue } from './approvals/attentionCue.ts';
import { ProblemNotifier } from './connection/problemNotifier.ts';
import { SettingsChangeBatch } from './connection/settingsChangeBatch.ts';

const RUN_VISIBLE_TIMEOUT_MS = 10_000;

/** Everything the extension owns for one window; built by activate(), freed on deactivate. */
export class ExtensionRuntime implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel('OpenSymphony', { log: true });
  readonly tree = new TaskGraphTreeProvider();
  readonly terminals = new RunTerminalManager();
  readonly approvals = new ApprovalNotifier(this.log);
  readonly statusBar = new HostStatusBar();
  readonly diagnostics = new WorkflowDiagnostics();
  readonly attention = new AttentionCue();
  readonly problems = new ProblemNotifier();
  readonly treeView = vscode.window.createTreeView('opensymphony.taskGraph', { treeDataProvider: this.tree, showCollapseAll: true });
  readonly approvalsTree = new ApprovalsTreeProvider();
  readonly approvalsView = vscode.window.createTreeView('opensymphony.approvals', { treeDataProvider: this.approvalsTree });
  private readonly connectionsChanged = new vscode.EventEmitter<readonly FolderConnection[]>();
  /** Fires when the set of connections changes: folders come and go, or the window switches between local hosts and a remote gateway. */
  readonly onDidChangeConnections = this.connectionsChanged.event;
  connections: FolderConnection[] = [];
  readonly context: vscode.ExtensionContext;
  private readonly disposables: vscode.Disposable[] = [];
  /** Connection settings are followed once an editing burst settles (see SettingsChangeBatch). */
  private readonly settingsChanges = new SettingsChangeBatch((change) => {
    if (change.connection) this.syncFolders();
    // Hosts that syncFolders just started fold this restart into their first spawn.
    if (change.gateway) void this.restartHosts();
  });

  readonly credentials: LinearCredentials;
  readonly modelCredentials: ModelCredentials;

  constructor(context: vscode.ExtensionContext) {
    this.context = context;
    this.credentials = new LinearCredentials(context.secrets);
    this.modelCredentials = new ModelCredentials(context.secrets);
    const watcher = vscode.workspace.createFileSystemWatcher('**/WORKFLOW.md', false, true, false);
    this.disposables.push(watcher, watcher.onDidCreate(() => this.syncFolders()), watcher.onDidDelete(() => this.syncFolders()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.syncFolders()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.syncFolders()),
      vscode.workspace.onDidChangeConfiguration((event) => this.settingsChanges.note({
        connection: event.affectsConfiguration('opensymphony.connection') || event.affectsConfiguration('opensymphony.remote'),
        gateway: event.affectsConfiguration('opensymphony.gateway'),
      })),
      this.settingsChanges);
  }

  /**
   * Keeps one host per workspace folder that has a WORKFLOW.md: starts hosts for new ones, stops
   * those whose folder or WORKFLOW.md went away. Never waits for a host to be ready.
   */
  syncFolders(): void {
    const plan = connectionPlan(vscode.workspace.isTrusted, connectionProfile());
    void vscode.commands.executeCommand('setContext', 'opensymphony.readOnly', plan.kind === 'remote' && plan.readOnly);
    if (plan.kind === 'remote') { this.useRemote(plan.url, plan.readOnly); return; }
    if (plan.kind === 'none') {
      // Restricted Mode: no host, agent or hook may run; the welcome view explains and links to trust.
      for (const connection of this.connections) connection.dispose();
      this.replaceConnections([], []);
      return;
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => existsSync(join(folder.uri.fsPath, 'WORKFLOW.md')));
    void vscode.commands.executeCommand('setContext', 'opensymphony.hasWorkflow', folders.length > 0);
    const wanted = new Set(folders.map((folder) => folder.uri.toString()));
    const local = (connection: FolderConnection) => connection.supervisor instanceof HostSupervisor;
    for (const connection of this.connections.filter((candidate) => !local(candidate) || !wanted.has(candidate.folder.uri.toString()))) connection.dispose();
    const kept = this.connections.filter((connection) => local(connection) && wanted.has(connection.folder.uri.toString()));
    const known = new Set(kept.map((connection) => connection.folder.uri.toString()));
    const added = folders.filter((folder) => !known.has(folder.uri.toString())).map((folder) => this.connect(folder));
    this.replaceConnections([...kept, ...added], added);
  }

  /** One connection to a remote hosted gateway instead of local hosts; `readOnly` in Restricted Mode. */
  private useRemote(url: string, readOnly: boolean): void {
    const current = this.connections[0]?.supervisor;
    if (this.connections.length === 1 && current instanceof RemoteHostLink && current.url === url && current.readOnly === readOnly) return;
    for (const connection of this.connections) connection.dispose();
    void vscode.commands.executeCommand('setContext', 'opensymphony.hasWorkflow', true);
    const connection = new FolderConnection(new RemoteHostLink(url, () => remoteToken(this.context.secrets, url), { readOnly }), this.log);
    this.watch(connection);
    this.replaceConnections([connection], [connection]);
  }

  private replaceConnections(connections: FolderConnection[], added: FolderConnection[]): void {
    this.connections = connections;
    this.tree.setConnections(this.connections);
    this.approvalsTree.setConnections(this.connections);
    this.terminals.follow(this.connections);
    this.render();
    for (const connection of added) this.start(connection);
    this.connectionsChanged.fire(this.connections);
  }

  /** Restarts every host, e.g. after the Linear credential changed. */
  async restartHosts(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.supervisor.restart().catch((error: Error) => {
      this.log.error(`[${connection.folder.name}] restart failed: ${error.message}`);
    })));
  }

  private connect(folder: vscode.WorkspaceFolder): FolderConnection {
    const storage = (this.context.storageUri ?? this.context.globalStorageUri).fsPath;
    const supervisor = new HostSupervisor(folder, hostPathsFor(folder.uri.fsPath, storage), {
      hostScript: this.context.asAbsolutePath(join('dist', 'host.js')),
      log: this.log,
      logLevel: () => vscode.workspace.getConfiguration('opensymphony').get<string>('host.logLevel', 'info'),
      environment: async () => ({ ...await this.modelCredentials.hostEnvironment(), ...await this.credentials.hostEnvironment() }),
      exposedPort: () => exposedGatewayPort(),
    });
    const connection = new FolderConnection(supervisor, this.log);
    this.watch(connection);
    return connection;
  }

  private start(connection: FolderConnection): void {
    void connection.supervisor.start().catch((error: Error) => {
      this.log.error(`[${connection.folder.name}] ${error.message}`);
      void this.offerLogs(`OpenSymphony could not start its host for ${connection.folder.name}: ${error.message}`);
    });
  }

  /** Resolves with the run once the event stream has shown it (or undefined after a bound). */
  waitForRun(connection: FolderConnection, runId: string): Promise<Run | undefined> {
    const known = connection.state.runs.get(runId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { subscription.dispose(); resolve(undefined); }, RUN_VISIBLE_TIMEOUT_MS);
      const subscription = connection.onDidChange(() => {
        const run = connection.state.runs.get(runId);
        if (!run) return;
        clearTimeout(timer);
        subscription.dispose();
        resolve(run);
      });
    });
  }

  hostState(folderPath?: string): string {
    const connection = folderPath ? this.connections.find((candidate) => candidate.folder.uri.fsPath === folderPath) : this.connections[0];
    return connection?.supervisor.state ?? 'stopped';
  }

  private watch(connection: FolderConnection): void {
    this.approvals.watch(connection);
    this.attention.watch(connection);
    this.disposables.push(connection.onDidChange(() => this.render()));
    this.disposables.push(connection.supervisor.onDidChangeState(() => this.render()));
  }

  private render(): void {
    this.statusBar.update(this.connections);
    this.treeView.message = viewMessage(this.connections);
    const pending = this.connections.reduce((sum, connection) => sum + connection.state.pendingApprovals().length, 0);
    const badge = pending ? { value: pending, tooltip: `${pending} request(s) awaiting approval` } : undefined;
    // One view only: the activity bar adds up its views' badges, so two would show each request twice.
    this.approvalsView.badge = badge;
    this.diagnostics.update(this.connections);
    this.problems.update(this.connections);
    const missingKey = this.connections.some((connection) => /missing_tracker_api_key/.test(connection.state.trackerError ?? ''));
    void vscode.commands.executeCommand('setContext', 'opensymphony.missingLinearKey', missingKey);
    void vscode.commands.executeCommand('setContext', 'opensymphony.notConnected', this.connections.length > 0 && this.connections.every((connection) => connection.supervisor.state !== 'ready'));
    writeTestStatus(this.connections);
  }

  openDashboard(): void {
    DashboardPanel.show({ extensionUri: this.context.extensionUri, connections: () => this.connections, terminals: this.terminals, log: this.log });
  }

  private async offerLogs(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Restart Host', 'Show Logs');
    if (choice === 'Show Logs') this.log.show(true);
    if (choice === 'Restart Host') await vscode.commands.executeCommand('opensymphony.restartHost');
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    // The views first: a connection that closes changes state, and a view still listening would ask
    // VS Code for a refresh that the extension host's shutdown cancels (logged as an error).
    for (const view of [this.treeView, this.tree, this.approvalsView, this.approvalsTree]) view.dispose();
    for (const connection of this.connections) connection.dispose();
    for (const owned of [this.terminals, this.approvals, this.statusBar, this.diagnostics, this.attention, this.credentials, this.connectionsChanged, this.log]) owned.dispose();
  }
}
