import * as vscode from 'vscode';
import type { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { FromRunViewMessage, RunTarget, ToRunViewMessage } from '../../host/protocol/runView.ts';
import { FromRunViewMessageSchema, RUN_DETAIL_VIEW_TYPE } from '../../host/protocol/runView.ts';
import { WebviewErrorCode } from '../../host/protocol/webviewBridge.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import type { RunBaseContentProvider } from '../diff/runDiffEditor.ts';
import type { RunTerminalManager } from '../terminals/runTerminal.ts';
import { RunEventRelay } from './runEventRelay.ts';
import type { RunRequestContext } from './runRequestHandlers.ts';
import { runRequestHandlers } from './runRequestHandlers.ts';
import { PanelError, WebviewChannel } from './webviewChannel.ts';
import { webviewHtml, webviewResourceRoots } from './webviewHtml.ts';

/** What panels need from the extension. */
export interface PanelDeps {
  extensionUri: vscode.Uri;
  connections: () => readonly FolderConnection[];
  /** The window's connections were replaced (folders changed, or local hosts ↔ a remote gateway). */
  onDidChangeConnections: vscode.Event<readonly FolderConnection[]>;
  terminals: RunTerminalManager;
  diffs: RunBaseContentProvider;
  log: vscode.LogOutputChannel;
}

const keyOf = (target: RunTarget) => `${target.folder}\n${target.run_id}`;

/**
 * One run's detail panel (one per run). The webview asks for what it shows through typed requests;
 * this class answers them from the gateway and relays the run's live events. Without
 * retainContextWhenHidden, a hidden panel's webview is destroyed: it comes back with its saved
 * state, says `ready` again and catches up; after a window reload the serializer revives it.
 */
export class RunDetailPanel implements vscode.Disposable {
  private static readonly open = new Map<string, RunDetailPanel>();
  private readonly panel: vscode.WebviewPanel;
  private readonly deps: PanelDeps;
  private readonly target: RunTarget;
  private readonly channel: WebviewChannel<FromRunViewMessage, ToRunViewMessage>;
  private readonly relay: RunEventRelay;
  private readonly context: RunRequestContext;
  private readonly disposables: vscode.Disposable[] = [];
  /** The approval to show once the webview is ready (a new panel, or one hidden when asked). */
  private focusApprovalId: string | undefined;

  /** Opens (or reveals) the run's panel; `focusApprovalId` scrolls it to that approval request. */
  static show(deps: PanelDeps, target: RunTarget, title?: string, focusApprovalId?: string): RunDetailPanel {
    const existing = RunDetailPanel.open.get(keyOf(target));
    if (existing) {
      existing.focusApprovalId = focusApprovalId;
      if (focusApprovalId) existing.channel.post({ type: 'focus', approval_id: focusApprovalId });
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RUN_DETAIL_VIEW_TYPE, title ?? 'OpenSymphony Run', vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri),
    });
    const created = new RunDetailPanel(panel, deps, target);
    created.focusApprovalId = focusApprovalId;
    return created;
  }

  /** A panel VS Code restored after a reload (see panelSerializers.ts). */
  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, target: RunTarget): RunDetailPanel {
    RunDetailPanel.open.get(keyOf(target))?.dispose();
    return new RunDetailPanel(panel, deps, target);
  }

  static get openPanels(): number {
    return RunDetailPanel.open.size;
  }

  private constructor(panel: vscode.WebviewPanel, deps: PanelDeps, target: RunTarget) {
    this.panel = panel;
    this.deps = deps;
    this.target = target;
    RunDetailPanel.open.set(keyOf(target), this);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'opensymphony.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri) };
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'run', panel.title);
    this.channel = new WebviewChannel(panel.webview, FromRunViewMessageSchema, {
      name: `run panel ${target.run_id}`, log: deps.log, onReady: () => this.onReady(), onMessage: (message) => this.onMessage(message),
    });
    this.relay = new RunEventRelay({
      runId: target.run_id,
      log: deps.log,
      onEvents: (events) => this.channel.post({ type: 'events', events }),
      onStatus: (status, message) => this.channel.post({ type: 'stream', status, message }),
    });
    this.context = {
      target,
      connection: () => this.connection(),
      client: () => this.client(),
      relay: this.relay,
      terminals: deps.terminals,
      diffs: deps.diffs,
      detail: undefined,
    };
    this.disposables.push(this.channel, this.relay,
      deps.onDidChangeConnections(() => this.followConnection()),
      panel.onDidChangeViewState(() => { if (!panel.visible) this.onHidden(); }),
      panel.onDidDispose(() => this.dispose()));
  }

  /** The window's connection for the run's folder, if it has one. */
  private findConnection(): FolderConnection | undefined {
    return this.deps.connections().find((candidate) => candidate.folder.uri.toString() === this.target.folder);
  }

  private connection(): FolderConnection {
    const connection = this.findConnection();
    if (!connection) throw new PanelError(WebviewErrorCode.notConnected, 'this window has no OpenSymphony host for the run\'s folder (was it closed, or switched to another gateway?)');
    return connection;
  }

  private client(): GatewayClient {
    const connection = this.connection();
    if (!connection.client || connection.supervisor.state !== 'ready') {
      throw new PanelError(WebviewErrorCode.notConnected, `the host for ${connection.folder.name} is ${connection.supervisor.state}${connection.supervisor.error ? `: ${connection.supervisor.error}` : ''}`);
    }
    return connection.client;
  }

  /** The window's connections were replaced: relay through the folder's new one, or say there is none. */
  private followConnection(): void {
    const connection = this.findConnection();
    if (connection) this.relay.attach(connection);
    else this.relay.detach('this window has no host for the run\'s folder');
  }

  private onReady(): void {
    this.channel.post({ type: 'init', target: this.target });
    if (this.focusApprovalId) this.channel.post({ type: 'focus', approval_id: this.focusApprovalId });
    try { this.relay.attach(this.connection()); } catch { /* reported by the webview's first request */ }
  }

  private onHidden(): void {
    this.channel.markGone();
    this.relay.stop();
  }

  private onMessage(message: FromRunViewMessage): void {
    if (message.type !== 'request') return;
    const { request } = message;
    void this.channel.respond(message.id, async () => {
      const result = await (runRequestHandlers[request.method] as (context: RunRequestContext, request: unknown) => Promise<unknown>)(this.context, request);
      if (request.method === 'detail' && this.context.detail) this.panel.title = `${this.context.detail.run.issue_identifier} · Run`;
      return result;
    });
  }

  dispose(): void {
    if (RunDetailPanel.open.get(keyOf(this.target)) === this) RunDetailPanel.open.delete(keyOf(this.target));
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}
