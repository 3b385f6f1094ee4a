import * as vscode from 'vscode';
import type { Run } from '../../host/protocol/index.ts';
import { MAX_RUN_MESSAGE_CHARS } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import { SwitchableTerminalSource, TerminalFeed } from './terminalFeed.ts';
import type { TerminalLink } from './terminalFeed.ts';
import { TerminalLineEditor } from './terminalLineEditor.ts';

const dim = (text: string) => `\x1b[2m${text}\x1b[0m\r\n`;
const warn = (text: string) => `\x1b[33m${text}\x1b[0m\r\n`;

/**
 * A pseudoterminal showing one run's terminal stream: replayed from its start, then live, across
 * host restarts. A line typed into it and ended with Enter goes to the agent as a user message
 * (see TerminalLineEditor for the keys). Closing the terminal only detaches; the run goes on.
 */
export class RunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private feed: TerminalFeed | undefined;
  private source: SwitchableTerminalSource | undefined;
  private readonly editor = new TerminalLineEditor(MAX_RUN_MESSAGE_CHARS);
  private connection: FolderConnection;
  private readonly run: Run;
  private readonly onClosed: () => void;

  constructor(connection: FolderConnection, run: Run, onClosed: () => void) {
    this.connection = connection;
    this.run = run;
    this.onClosed = onClosed;
  }

  open(): void {
    this.writeEmitter.fire(dim(`OpenSymphony · ${this.run.issue_identifier} · run ${this.run.id.slice(0, 8)} · type a line and press Enter to message the agent`));
    this.source = new SwitchableTerminalSource(linkOf(this.connection));
    this.feed = new TerminalFeed({
      streamId: this.run.terminal_stream_id,
      source: this.source,
      onOutput: (text) => this.write(text),
      onNotice: (text) => this.write(dim(text)),
    });
  }

  /** The run's folder, which the terminal stays with when its connection is replaced. */
  get folder(): string {
    return this.connection.folder.uri.toString();
  }

  /** Follows the folder's new connection (the window went to a remote gateway and back), from the last chunk shown. */
  rebind(connection: FolderConnection): void {
    if (connection === this.connection) return;
    this.connection = connection;
    this.source?.switchTo(linkOf(connection));
  }

  handleInput(data: string): void {
    const { echo, lines } = this.editor.input(data);
    if (echo) this.writeEmitter.fire(echo);
    for (const line of lines) void this.send(line);
  }

  /** Sends one typed line to the agent; a refusal (run over, host away) is written in the terminal. */
  private async send(text: string): Promise<void> {
    const client = this.connection.client;
    if (!client) { this.write(warn('not sent: the host is not connected; type it again once it is back.')); return; }
    try {
      const receipt = await client.sendMessage({ run_id: this.run.id, text });
      this.write(receipt.accepted ? dim('(sent to the agent)') : warn(`not sent: ${receipt.reason ?? 'the host refused the message'}`));
    } catch (error) {
      this.write(warn(`not sent: ${(error as Error).message}`));
    }
  }

  private write(text: string): void {
    this.writeEmitter.fire(this.editor.output(text));
  }

  close(): void {
    this.feed?.dispose();
    this.feed = undefined;
    this.source?.dispose();
    this.source = undefined;
    this.onClosed();
  }

  dispose(): void {
    this.feed?.dispose();
    this.source?.dispose();
    this.writeEmitter.dispose();
  }
}

function linkOf(connection: FolderConnection): TerminalLink {
  return {
    get client() { return connection.client; },
    get state() { return connection.supervisor.state; },
    onDidChangeState: (listener) => connection.supervisor.onDidChangeState(listener),
  };
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

  /** The window's connections were replaced: each open terminal follows its folder's new one. */
  follow(connections: readonly FolderConnection[]): void {
    for (const { pty } of this.terminals.values()) {
      const next = connections.find((connection) => connection.folder.uri.toString() === pty.folder);
      if (next) pty.rebind(next);
    }
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
