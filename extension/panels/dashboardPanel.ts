import * as vscode from 'vscode';
import type { DashboardView, FromDashboardMessage, ToDashboardMessage } from '../../host/protocol/index.ts';
import { DASHBOARD_VIEW_TYPE, FromDashboardMessageSchema } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import type { RunTerminalManager } from '../terminals/runTerminal.ts';
import { sendApprovalDecision } from '../approvals/approvalDecision.ts';
import { DashboardFeed } from './dashboardFeed.ts';
import { buildFolderView } from './dashboardModel.ts';
import { WebviewChannel } from './webviewChannel.ts';
import { webviewHtml, webviewResourceRoots } from './webviewHtml.ts';

const RENDER_COALESCE_MS = 100;
const TITLE = 'OpenSymphony Dashboard';

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  connections: () => readonly FolderConnection[];
  terminals: RunTerminalManager;
  log: vscode.LogOutputChannel;
}

/**
 * The dashboard: one panel per window. Nothing is posted before the webview says `ready`; updates
 * are coalesced; every message from the webview is validated before it is acted on. While the
 * panel is visible it keeps a feed per host (snapshot + recent events); hidden, it keeps nothing.
 */
export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private readonly deps: DashboardDeps;
  private readonly channel: WebviewChannel<FromDashboardMessage, ToDashboardMessage>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly feeds = new Map<FolderConnection, DashboardFeed>();
  private watched: vscode.Disposable[] = [];
  private renderTimer: ReturnType<typeof setTimeout> | undefined;

  static show(deps: DashboardDeps): DashboardPanel {
    if (DashboardPanel.current) { DashboardPanel.current.panel.reveal(); return DashboardPanel.current; }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri),
    });
    return new DashboardPanel(panel, deps);
  }

  /** The dashboard VS Code restored after a reload (see panelSerializers.ts). */
  static revive(deps: DashboardDeps, panel: vscode.WebviewPanel): DashboardPanel {
    DashboardPanel.current?.dispose();
    return new DashboardPanel(panel, deps);
  }

  private constructor(panel: vscode.WebviewPanel, deps: DashboardDeps) {
    this.panel = panel;
    this.deps = deps;
    DashboardPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'opensymphony.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri) };
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'dashboard', TITLE);
    this.channel = new WebviewChannel(panel.webview, FromDashboardMessageSchema, {
      name: 'dashboard', log: deps.log, onReady: () => this.onReady(), onMessage: (message) => this.receive(message),
    });
    this.disposables.push(this.channel, panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => { if (!panel.visible) this.onHidden(); }));
  }

  private onReady(): void {
    this.watch();
    this.render();
  }

  /** Feeds and listeners for the current connections (the list changes when folders or profiles do). */
  private watch(): void {
    for (const disposable of this.watched.splice(0)) disposable.dispose();
    const connections = this.deps.connections();
    for (const [connection, feed] of this.feeds) if (!connections.includes(connection)) { feed.dispose(); this.feeds.delete(connection); }
    for (const connection of connections) {
      if (!this.feeds.has(connection)) this.feeds.set(connection, new DashboardFeed(connection, () => this.scheduleRender()));
      this.watched.push(connection.onDidChange(() => this.scheduleRender()), connection.supervisor.onDidChangeState(() => this.scheduleRender()));
    }
  }

  private onHidden(): void {
    this.channel.markGone();
    for (const disposable of this.watched.splice(0)) disposable.dispose();
    for (const feed of this.feeds.values()) feed.dispose();
    this.feeds.clear();
  }

  private receive(message: FromDashboardMessage): void {
    if (message.type === 'ready' || message.type === 'log') return;
    (handlers[message.type] as (panel: DashboardPanel, message: FromDashboardMessage) => void)(this, message);
  }

  connection(folder: string): FolderConnection | undefined {
    return this.deps.connections().find((connection) => connection.folder.uri.toString() === folder);
  }

  feed(folder: string): DashboardFeed | undefined {
    const connection = this.connection(folder);
    return connection ? this.feeds.get(connection) : undefined;
  }

  get terminals(): RunTerminalManager { return this.deps.terminals; }
  get log(): vscode.LogOutputChannel { return this.deps.log; }

  private scheduleRender(): void {
    if (!this.channel.isReady || this.renderTimer) return;
    this.renderTimer = setTimeout(() => { this.renderTimer = undefined; this.render(); }, RENDER_COALESCE_MS);
  }

  private render(): void {
    if (this.deps.connections().some((connection) => !this.feeds.has(connection))) this.watch();
    this.channel.post({ type: 'view', view: this.buildView() });
  }

  private buildView(): DashboardView {
    const now = new Date();
    return {
      generated_at: now.toISOString(),
      folders: this.deps.connections().map((connection) => buildFolderView({
        name: connection.folder.name,
        key: connection.folder.uri.toString(),
        hostState: connection.supervisor.state,
        hostError: connection.supervisor.error,
        startToReadyMs: connection.supervisor.startToReadyMs,
        streamStatus: connection.streamStatus,
        state: connection.state,
        feed: this.feeds.get(connection)?.state ?? { snapshot: undefined, snapshotAt: null, error: null, events: [] },
        now,
      })),
    };
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    clearTimeout(this.renderTimer);
    this.onHidden();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}

type Handled = Exclude<FromDashboardMessage['type'], 'ready' | 'log'>;
type Handler<T extends Handled> = (panel: DashboardPanel, message: Extract<FromDashboardMessage, { type: T }>) => void;

const handlers: { [T in Handled]: Handler<T> } = {
  openTerminal: (panel, message) => {
    const connection = panel.connection(message.folder);
    const run = connection?.state.runs.get(message.run_id);
    if (connection && run) panel.terminals.show(connection, run);
  },
  openRunDetails: (_panel, message) => {
    void vscode.commands.executeCommand('opensymphony.openRunDetails', { folder: message.folder, run_id: message.run_id });
  },
  decideApproval: (panel, message) => {
    const connection = panel.connection(message.folder);
    const approval = connection?.state.approvals.get(message.approval_id);
    if (connection && approval) void sendApprovalDecision(connection, approval, message.decision, panel.log);
  },
  refresh: (panel, message) => { void panel.feed(message.folder)?.refresh(); },
};
