import * as vscode from 'vscode';
import type { FolderConnection } from '../connection/folderConnection.ts';

const DEBOUNCE_MS = 1_500;

/**
 * While the window is unfocused, collects what needs the user (a run asking for approval, a run
 * that finished) across all runs and raises one summary notification after a short quiet period,
 * so ten finishing runs do not raise ten alerts. Focused windows get the per-request toasts only.
 */
export class AttentionCue implements vscode.Disposable {
  private readonly pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly focused: () => boolean;

  constructor(focused: () => boolean = () => vscode.window.state.focused) {
    this.focused = focused;
    this.disposables.push(vscode.window.onDidChangeWindowState((state) => { if (state.focused) this.clear(); }));
  }

  watch(connection: FolderConnection): void {
    this.disposables.push(connection.onDidChange((change) => {
      if (this.focused()) return;
      for (const approval of change.approvalsRequested) this.note(`${approval.issue_identifier} needs your approval`);
      for (const run of change.runs) {
        if (run.state === 'completed' || run.state === 'failed') this.note(`${run.issue_identifier} ${run.state}`);
      }
    }));
  }

  private note(text: string): void {
    if (!this.pending.includes(text)) this.pending.push(text);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.raise(), DEBOUNCE_MS);
  }

  private raise(): void {
    const items = this.pending.splice(0);
    if (!items.length || this.focused()) return;
    const shown = items.slice(0, 4).join('; ') + (items.length > 4 ? `; and ${items.length - 4} more` : '');
    void vscode.window.showInformationMessage(`OpenSymphony: ${shown}`, 'Open Dashboard').then((choice) => {
      if (choice) void vscode.commands.executeCommand('opensymphony.openDashboard');
    });
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.pending.length = 0;
  }

  dispose(): void {
    this.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
