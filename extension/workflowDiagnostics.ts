import * as vscode from 'vscode';
import type { FolderConnection } from './connection/folderConnection.ts';

/**
 * Shows the host's verdict on each folder's WORKFLOW.md as a diagnostic at the reported line, so
 * an invalid edit is visible where it was made (the host keeps running on the last good config).
 */
export class WorkflowDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('opensymphony');

  update(connections: readonly FolderConnection[]): void {
    for (const connection of connections) {
      const workflow = connection.state.workflow;
      const paths = connection.supervisor.paths;
      if (!paths) continue; // a remote gateway's WORKFLOW.md is not a file of this window
      const uri = vscode.Uri.file(paths.workflowPath);
      const error = workflow?.error;
      if (!error) { this.collection.delete(uri); continue; }
      const line = Math.max(0, (error.line ?? 1) - 1);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
        `${error.message} (OpenSymphony keeps running on the last valid configuration)`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'OpenSymphony';
      diagnostic.code = error.code;
      this.collection.set(uri, [diagnostic]);
    }
  }

  dispose(): void {
    this.collection.dispose();
  }
}
