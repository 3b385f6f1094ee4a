import * as vscode from 'vscode';
import type { GatewayClient } from '../../host/client/gatewayClient.ts';
import { RuntimeState, type RuntimeChange } from '../state/runtimeState.ts';
import { loadTaskGraph } from '../state/taskGraphLoader.ts';
import type { HostLink } from './hostLink.ts';

/**
 * The extension's live view of one workspace folder's host: a snapshot, then the event stream
 * from the snapshot's cursor, folded into RuntimeState. Views listen to `onDidChange`.
 */
export class FolderConnection implements vscode.Disposable {
  readonly state = new RuntimeState();
  readonly supervisor: HostLink;
  private readonly changeEmitter = new vscode.EventEmitter<RuntimeChange>();
  readonly onDidChange = this.changeEmitter.event;
  private subscription: { dispose(): void } | undefined;
  private readonly log: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];
  streamStatus: 'connected' | 'reconnecting' | 'closed' = 'closed';

  constructor(supervisor: HostLink, log: vscode.LogOutputChannel) {
    this.supervisor = supervisor;
    this.log = log;
    this.disposables.push(supervisor.onDidChangeState((state) => {
      if (state === 'ready') void this.attach();
      else this.detach();
    }));
  }

  get folder(): HostLink['folder'] {
    return this.supervisor.folder;
  }

  get client(): GatewayClient | undefined {
    return this.supervisor.client;
  }

  /** Re-reads the snapshot (after a resync or on user request). */
  async refresh(): Promise<void> {
    this.detach();
    await this.attach();
  }

  private async attach(): Promise<void> {
    const client = this.supervisor.client;
    if (!client) return;
    try {
      const snapshot = await client.snapshot();
      this.changeEmitter.fire(this.state.loadSnapshot(snapshot));
      await this.readTaskGraph(client);
      this.subscription?.dispose();
      this.subscription = client.subscribeEvents({
        cursor: snapshot.seq,
        onEvents: (events) => this.changeEmitter.fire(this.state.apply(events)),
        onStatus: (status) => { this.streamStatus = status; },
      });
    } catch (error) {
      this.log.error(`[${this.folder.name}] could not read the host snapshot: ${(error as Error).message}`);
    }
  }

  /** Read before streaming starts, so no node event can be lost between the pages and the stream. */
  private async readTaskGraph(client: GatewayClient): Promise<void> {
    try {
      this.changeEmitter.fire(this.state.loadTaskGraph(await loadTaskGraph(client)));
    } catch (error) {
      const message = (error as Error).message;
      this.log.error(`[${this.folder.name}] could not read the task graph: ${message}`);
      this.changeEmitter.fire(this.state.failTaskGraph(message));
    }
  }

  private detach(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.streamStatus = 'closed';
  }

  dispose(): void {
    this.detach();
    for (const disposable of this.disposables) disposable.dispose();
    this.supervisor.dispose();
    this.changeEmitter.dispose();
  }
}
