import type * as vscode from 'vscode';
import type { EventEnvelope } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import type { FolderFeedState } from './dashboardModel.ts';
import { RECENT_EVENTS } from './dashboardModel.ts';
import { webviewErrorOf } from './webviewChannel.ts';

/** The snapshot is read again at most this often while events arrive. */
const SNAPSHOT_INTERVAL_MS = 2000;

/**
 * What the dashboard shows about one host beyond the extension's RuntimeState: its snapshot
 * (health, retry queue, running sessions, tracker stats), re-read as events arrive, and the last
 * few events from a stream of its own. Lives only while the dashboard is visible.
 */
export class DashboardFeed implements vscode.Disposable {
  readonly state: FolderFeedState = { snapshot: undefined, snapshotAt: null, error: null, events: [] };
  private readonly connection: FolderConnection;
  private readonly onChange: () => void;
  private subscription: { dispose(): void } | undefined;
  private readonly stateSubscription: vscode.Disposable;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(connection: FolderConnection, onChange: () => void) {
    this.connection = connection;
    this.onChange = onChange;
    this.stateSubscription = connection.supervisor.onDidChangeState((state) => {
      if (state === 'ready') void this.refresh();
      else this.unsubscribe();
    });
    void this.refresh();
  }

  /** Reads the snapshot now, and starts the event feed after the first good read. */
  async refresh(): Promise<void> {
    const client = this.connection.client;
    if (!client || this.connection.supervisor.state !== 'ready') return;
    try {
      const snapshot = await client.snapshot();
      if (this.disposed) return;
      Object.assign(this.state, { snapshot, snapshotAt: new Date().toISOString(), error: null });
      if (!this.subscription) {
        this.subscription = client.subscribeEvents({ cursor: Math.max(0, snapshot.seq - RECENT_EVENTS), onEvents: (events) => this.onEvents(events) });
      }
    } catch (error) {
      if (this.disposed) return;
      this.state.error = webviewErrorOf(error);
    }
    this.onChange();
  }

  private onEvents(events: readonly EventEnvelope[]): void {
    this.state.events = [...this.state.events, ...events].slice(-RECENT_EVENTS);
    this.onChange();
    if (this.refreshTimer === undefined) {
      this.refreshTimer = setTimeout(() => { this.refreshTimer = undefined; void this.refresh(); }, SNAPSHOT_INTERVAL_MS);
    }
  }

  private unsubscribe(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.refreshTimer);
    this.unsubscribe();
    this.stateSubscription.dispose();
  }
}
