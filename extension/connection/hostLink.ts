import type * as vscode from 'vscode';
import type { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { HostPaths } from './hostPaths.ts';

export type HostState = 'starting' | 'ready' | 'failed' | 'stopped';

/** What the extension attaches to: the folder's local host, or a remote hosted gateway. */
export interface HostLink extends vscode.Disposable {
  /** The workspace folder it serves (for a remote gateway: a stand-in named after it). */
  readonly folder: Pick<vscode.WorkspaceFolder, 'name' | 'uri' | 'index'>;
  /** Shown in the status bar: which host this window is attached to. */
  readonly description: string;
  readonly state: HostState;
  /** What went wrong and what to do, while starting or failed. */
  readonly error: string | null;
  readonly client: GatewayClient | undefined;
  readonly onDidChangeState: vscode.Event<HostState>;
  readonly startToReadyMs: number | null;
  /** Reads and streams only (a remote gateway watched from an untrusted workspace): nothing asks for decisions. */
  readonly readOnly?: boolean;
  /** Only for a local host: where its files are. */
  readonly paths?: HostPaths;
  start(): Promise<void>;
  restart(): Promise<void>;
}
