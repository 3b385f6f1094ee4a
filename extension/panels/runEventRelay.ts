import type * as vscode from 'vscode';
import type { EventEnvelope } from '../../host/protocol/index.ts';
import type { StreamStatus } from '../../host/protocol/webviewBridge.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';

export interface RunEventRelayOptions {
  runId: string;
  onEvents: (events: EventEnvelope[]) => void;
  onStatus: (status: StreamStatus, message: string | null) => void;
  log: vscode.LogOutputChannel;
}

/**
 * Relays one run's live events from the gateway to its panel, from a cursor. The gateway client
 * resumes its socket by itself; when the host goes away and comes back (a new client), the relay
 * subscribes again from the last seq it relayed, so the webview sees no gap and no duplicate.
 */
export class RunEventRelay implements vscode.Disposable {
  private readonly options: RunEventRelayOptions;
  private connection: FolderConnection | undefined;
  private stateSubscription: vscode.Disposable | undefined;
  private subscription: { dispose(): void } | undefined;
  /** The highest seq relayed, or undefined before the webview asked for events. */
  private cursor: number | undefined;

  constructor(options: RunEventRelayOptions) {
    this.options = options;
  }

  /** (Re)starts relaying after `cursor` through `connection`. */
  start(connection: FolderConnection, cursor: number): void {
    this.cursor = cursor;
    this.attach(connection);
    this.subscribe();
  }

  /**
   * Follows the connection's host: offline while it is not ready, resubscribed when it is again. A
   * different connection (the window went to a remote gateway and back) takes over at once, from
   * the last seq relayed.
   */
  attach(connection: FolderConnection): void {
    const state = connection.supervisor.state;
    if (state !== 'ready') this.options.onStatus('offline', `host ${state}`);
    if (this.connection === connection) return;
    const replaced = this.connection !== undefined;
    this.stateSubscription?.dispose();
    this.connection = connection;
    this.stateSubscription = connection.supervisor.onDidChangeState((state) => {
      if (state === 'ready') {
        if (this.cursor === undefined) this.options.onStatus('reconnecting', 'the host is ready again');
        else this.subscribe();
      } else {
        this.unsubscribe();
        this.options.onStatus('offline', `host ${state}`);
      }
    });
    if (replaced && state === 'ready' && this.cursor !== undefined) this.subscribe();
  }

  /** The folder has no connection any more: stop following one, and say why. */
  detach(reason: string): void {
    this.unsubscribe();
    this.stateSubscription?.dispose();
    this.stateSubscription = undefined;
    this.connection = undefined;
    this.options.onStatus('offline', reason);
  }

  private subscribe(): void {
    this.unsubscribe();
    const client = this.connection?.client;
    if (!client || this.connection?.supervisor.state !== 'ready' || this.cursor === undefined) {
      this.options.onStatus('offline', 'the host is not connected');
      return;
    }
    this.options.onStatus('reconnecting', null);
    try {
      this.subscription = client.subscribeRunEvents({
        runId: this.options.runId,
        cursor: this.cursor,
        onEvents: (events) => {
          const last = events.at(-1);
          if (last) this.cursor = Math.max(this.cursor ?? 0, last.seq);
          this.options.onEvents(events);
        },
        onStatus: (status) => this.options.onStatus(status === 'connected' ? 'live' : status === 'reconnecting' ? 'reconnecting' : 'offline', null),
      });
    } catch (error) {
      this.options.log.warn(`run ${this.options.runId}: cannot relay live events: ${(error as Error).message}`);
      this.options.onStatus('offline', (error as Error).message);
    }
  }

  private unsubscribe(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
  }

  /** Stops relaying (the webview went away); `start` resumes. */
  stop(): void {
    this.unsubscribe();
    this.cursor = undefined;
  }

  dispose(): void {
    this.unsubscribe();
    this.stateSubscription?.dispose();
  }
}
