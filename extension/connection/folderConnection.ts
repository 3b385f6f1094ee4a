import type * as vscode from 'vscode';
import type { GatewayClient } from '../../host/client/gatewayClient.ts';
import { RuntimeState, type RuntimeChange } from '../state/runtimeState.ts';
import { loadTaskGraph } from '../state/taskGraphLoader.ts';
import { ConnectionEmitter } from './connectionEmitter.ts';
import type { HostLink } from './hostLink.ts';

/**
 * The extension's live view of one workspace folder's host: a snapshot, then the event stream
 * from the snapshot's cursor, folded into RuntimeState. Views listen to `onDidChange`.
 *
 * It always streams from the link's current client: every state change re-reads it, and a read
 * still running for a client that was replaced (a restart, a reattach) is dropped, so it can
 * neither stream from a gone host nor end the stream from the current one.
 */
export class FolderConnection implements vscode.Disposable {
  readonly state = new RuntimeState();
  readonly supervisor: HostLink;
  private readonly changeEmitter = new ConnectionEmitter<RuntimeChange>();
  readonly onDidChange = this.changeEmitter.event;
  private subscription: { dispose(): void } | undefined;
  /** The client the snapshot and stream are read from, once `attach` began with it. */
  private source: GatewayClient | undefined;
  /** Bumped whenever the source changes: an attach that finds it moved on stops. */
  private attachment = 0;
  private readonly log: Pick<vscode.LogOutputChannel, 'error'>;
  private readonly disposables: { dispose(): void }[] = [];
  streamStatus: 'connected' | 'reconnecting' | 'closed' = 'closed';

  constructor(supervisor: HostLink, log: Pick<vscode.LogOutputChannel, 'error'>) {
    this.supervisor = supervisor;
    this.log = log;
    this.disposables.push(supervisor.onDidChangeState(() => this.follow()));
  }

  get folder(): HostLink['folder'] {
    return this.supervisor.folder;
  }

  get client(): GatewayClient | undefined {
    return this.supervisor.client;
  }

  /** Whether the event stream comes from the link's current client (false while it has none). */
  get streamsFromCurrentClient(): boolean {
    return this.subscription !== undefined && this.source !== undefined && this.source === this.supervisor.client;
  }

  /** Re-reads the snapshot (after a resync or on user request). */
  async refresh(): Promise<void> {
    this.detach();
    const client = this.supervisor.client;
    if (client) await this.attach(client);
  }

  private follow(): void {
    const client = this.supervisor.client;
    if (client === this.source) return;
    this.detach();
    if (client) void this.attach(client);
  }

  private async attach(client: GatewayClient): Promise<void> {
    const attachment = ++this.attachment;
    this.source = client;
    const current = () => attachment === this.attachment;
    try {
      const snapshot = await client.snapshot();
      if (!current()) return;
      this.changeEmitter.fire(this.state.loadSnapshot(snapshot));
      await this.readTaskGraph(client, current);
      if (!current()) return;
      this.subscription = client.subscribeEvents({
        cursor: snapshot.seq,
        onEvents: (events) => this.changeEmitter.fire(this.state.apply(events)),
        onStatus: (status) => { this.streamStatus = status; },
      });
    } catch (error) {
      if (!current()) return;
      // The next state change tries again.
      this.source = undefined;
      this.log.error(`[${this.folder.name}] could not read the host snapshot: ${(error as Error).message}`);
    }
  }

  /** Read before streaming starts, so no node event can be lost between the pages and the stream. */
  private async readTaskGraph(client: GatewayClient, current: () => boolean): Promise<void> {
    try {
      const load = await loadTaskGraph(client);
      if (current()) this.changeEmitter.fire(this.state.loadTaskGraph(load));
    } catch (error) {
      if (!current()) return;
      const message = (error as Error).message;
      this.log.error(`[${this.folder.name}] could not read the task graph: ${message}`);
      this.changeEmitter.fire(this.state.failTaskGraph(message));
    }
  }

  private detach(): void {
    this.attachment++;
    this.source = undefined;
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
