import * as vscode from 'vscode';
import type { FolderConnection } from './connection/folderConnection.ts';

/** Host state, running runs and pending approvals at a glance. */
export class HostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('opensymphony.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'OpenSymphony';
    this.item.command = 'opensymphony.openDashboard';
  }

  update(connections: readonly FolderConnection[]): void {
    if (!connections.length) { this.item.hide(); return; }
    const states = connections.map((connection) => connection.supervisor.state);
    let running = 0;
    let queued = 0;
    let approvals = 0;
    for (const connection of connections) {
      for (const run of connection.state.runs.values()) {
        if (run.state === 'running') running++;
        if (run.state === 'queued') queued++;
      }
      approvals += connection.state.pendingApprovals().length;
    }
    if (states.includes('failed')) {
      this.item.text = '$(error) OpenSymphony: host failed';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (states.includes('starting')) {
      this.item.text = '$(loading~spin) OpenSymphony: starting';
      this.item.backgroundColor = undefined;
    } else {
      const parts = [`${running} running`];
      if (queued) parts.push(`${queued} queued`);
      if (approvals) parts.push(`${approvals} awaiting approval`);
      this.item.text = `$(${approvals ? 'bell-dot' : 'pulse'}) OpenSymphony: ${parts.join(', ')}`;
      this.item.backgroundColor = approvals ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }
    const remote = connections.find((connection) => connection.supervisor.description.startsWith('remote'));
    if (remote) this.item.text = this.item.text.replace('OpenSymphony', `OpenSymphony (${remote.supervisor.description})`);
    this.item.tooltip = connections.map((connection) => `${connection.folder.name}: ${connection.supervisor.description} ${connection.supervisor.state}`).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
