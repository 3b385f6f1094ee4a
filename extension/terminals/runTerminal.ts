import * as vscode from 'vscode';
import type { Run } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';

/**
 * A pseudoterminal showing one run's terminal stream: replayed from its start, then live.
 * Closing the terminal only detaches; the run goes on.
 */
export class RunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private subscription: { dispose(): void } | undefined;
  private readonly decoder = new TextDecoder();
  private readonly connection: FolderConnection;
  private readonly run: Run;
  private readonly onClosed: () => void;

  constructor(connection: FolderConnection, run: Run, onClosed: () => void) {
    this.connection = connection;
    this.run = run;
    this.onClosed = onClosed;
  }

  open(): void {
    this.writeEmitter.fire(`\x1b[2mOpenSymphony · ${this.run.issue_identifier} · run ${this.run.id.slice(0, 8)}\x1b[0m\r\n`);
    const client = this.connection.client;
    if (!client) {
      this.writeEmitter.fire('\x1b[33mThe host is not connected; reopen this terminal once it is ready.\x1b[0m\r\n');
      return;
    }
    this.subscription = client.subscribeTerminal({
      streamId: this.run.terminal_stream_id,
      cursor: 0,
      onChunk: (chunk) => this.writeEmitter.fire(this.decoder.decode(chunk.data, { stream: true })),
    });
  }

  close(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.onClosed();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.writeEmitter.dispose();
  }
}

/** One terminal per run; asking again shows the existing one. */
export class RunTerminalManager implements vscode.Disposable {
  private readonly terminals = new Map<string, { terminal: vscode.Terminal; pty: RunTerminal }>();

  show(connection: FolderConnection, run: Run, preserveFocus = false): vscode.Terminal {
    const existing = this.terminals.get(run.id);
    if (existing) { existing.terminal.show(preserveFocus); return existing.terminal; }
    const pty = new RunTerminal(connection, run, () => this.forget(run.id));
    const terminal = vscode.window.createTerminal({ name: `OpenSymphony: ${run.issue_identifier}`, pty, iconPath: new vscode.ThemeIcon('robot') });
    this.terminals.set(run.id, { terminal, pty });
    terminal.show(preserveFocus);
    return terminal;
  }

  private forget(runId: string): void {
    const entry = this.terminals.get(runId);
    this.terminals.delete(runId);
    entry?.pty.dispose();
  }

  dispose(): void {
    for (const { terminal, pty } of this.terminals.values()) { terminal.dispose(); pty.dispose(); }
    this.terminals.clear();
  }
}
