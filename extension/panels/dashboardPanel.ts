import * as vscode from 'vscode';
import type { DashboardView, FromDashboardMessage, ToDashboardMessage } from '../../host/protocol/index.ts';
import { FromDashboardMessageSchema } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import type { RunTerminalManager } from '../terminals/runTerminal.ts';
import { sendApprovalDecision } from '../approvals/approvalDecision.ts';
import { webviewHtml, webviewResourceRoots } from './webviewHtml.ts';

const RENDER_COALESCE_MS = 100;

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  connections: () => readonly FolderConnection[];
  terminals: RunTerminalManager;
  log: vscode.LogOutputChannel;
}

/**
 * The dashboard: one panel per window. Nothing is posted before the webview says `ready`; updates
 * are coalesced, and every message from the webview is validated before it is acted on.
 */
export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private readonly deps: DashboardDeps;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private renderTimer: NodeJS.Timeout | undefined;

  static show(deps: DashboardDeps): DashboardPanel {
    if (DashboardPanel.current) { DashboardPanel.current.panel.reveal(); return DashboardPanel.current; }
    const panel = vscode.window.createWebviewPanel('opensymphony.dashboard', 'OpenSymphony Dashboard', vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri),
    });
    DashboardPanel.current = new DashboardPanel(panel, deps);
    return DashboardPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, deps: DashboardDeps) {
    this.panel = panel;
    this.deps = deps;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'opensymphony.svg');
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'dashboard', 'OpenSymphony Dashboard');
    this.disposables.push(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
    for (const connection of deps.connections()) {
      this.disposables.push(connection.onDidChange(() => this.scheduleRender()), connection.supervisor.onDidChangeState(() => this.scheduleRender()));
    }
  }

  private receive(raw: unknown): void {
    const parsed = FromDashboardMessageSchema.safeParse(raw);
    if (!parsed.success) { this.deps.log.warn(`dashboard: dropped an invalid message: ${parsed.error.message}`); return; }
    handlers[parsed.data.type](this, parsed.data as never);
  }

  markReady(): void {
    this.ready = true;
    this.render();
  }

  connection(folder: string): FolderConnection | undefined {
    return this.deps.connections().find((connection) => connection.folder.uri.toString() === folder);
  }

  get terminals(): RunTerminalManager { return this.deps.terminals; }
  get log(): vscode.LogOutputChannel { return this.deps.log; }

  private scheduleRender(): void {
    if (!this.ready || this.renderTimer) return;
    this.renderTimer = setTimeout(() => { this.renderTimer = undefined; this.render(); }, RENDER_COALESCE_MS);
  }

  private render(): void {
    const message: ToDashboardMessage = { type: 'view', view: buildView(this.deps.connections()) };
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    clearTimeout(this.renderTimer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}

type Handler<T extends FromDashboardMessage['type']> = (panel: DashboardPanel, message: Extract<FromDashboardMessage, { type: T }>) => void;

const handlers: { [T in FromDashboardMessage['type']]: Handler<T> } = {
  ready: (panel) => panel.markReady(),
  openTerminal: (panel, message) => {
    const connection = panel.connection(message.folder);
    const run = connection?.state.runs.get(message.run_id);
    if (connection && run) panel.terminals.show(connection, run);
  },
  decideApproval: (panel, message) => {
    const connection = panel.connection(message.folder);
    const approval = connection?.state.approvals.get(message.approval_id);
    if (connection && approval) void sendApprovalDecision(connection, approval, message.decision, panel.log);
  },
};

function buildView(connections: readonly FolderConnection[]): DashboardView {
  return {
    generated_at: new Date().toISOString(),
    folders: connections.map((connection) => ({
      name: connection.folder.name,
      key: connection.folder.uri.toString(),
      host_state: connection.supervisor.state,
      host_error: connection.supervisor.error,
      workflow_error: connection.state.workflow?.error?.message ?? null,
      tracker_error: connection.state.trackerError,
      issue_count: connection.state.issues.size,
      runs: [...connection.state.runs.values()].sort((a, b) => b.queued_at.localeCompare(a.queued_at)).slice(0, 50),
      pending_approvals: connection.state.pendingApprovals(),
    })),
  };
}
