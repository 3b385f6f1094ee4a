import * as vscode from 'vscode';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { HostLink, HostState } from './hostLink.ts';
import { remoteFailureText } from './connectionProblems.ts';

const READY_TIMEOUT_MS = 20_000;

/**
 * A remote hosted gateway (`node dist/host.js serve --listen … --tls-cert …` on a server). Nothing
 * runs locally: the same UI speaks to it over HTTPS/WSS with a token from SecretStorage.
 */
export class RemoteHostLink implements HostLink {
  private readonly stateEmitter = new vscode.EventEmitter<HostState>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly folder: HostLink['folder'];
  readonly description: string;
  state: HostState = 'stopped';
  error: string | null = null;
  startToReadyMs: number | null = null;
  private clientInstance: GatewayClient | undefined;
  readonly url: string;
  /** Reads and streams only: the client refuses every mutation (Restricted Mode). */
  readonly readOnly: boolean;
  private readonly token: () => Promise<string | undefined>;

  constructor(url: string, token: () => Promise<string | undefined>, options: { readOnly?: boolean } = {}) {
    this.url = url;
    this.token = token;
    this.readOnly = options.readOnly ?? false;
    const uri = vscode.Uri.parse(url);
    this.folder = { name: uri.authority, uri, index: 0 };
    this.description = `remote ${uri.authority}${this.readOnly ? ' (read-only: workspace not trusted)' : ''}`;
  }

  get client(): GatewayClient | undefined {
    return this.state === 'ready' ? this.clientInstance : undefined;
  }

  async start(): Promise<void> {
    this.setState('starting', null);
    const token = await this.token();
    if (!token) { this.setState('failed', `No token is stored for ${this.url}. Run "OpenSymphony: Connect to Remote Gateway…" to enter it, or "OpenSymphony: Use Local Host".`); return; }
    const started = Date.now();
    let client: GatewayClient | undefined;
    try {
      client = new GatewayClient({ baseUrl: this.url, token, readOnly: this.readOnly });
    } catch (error) {
      this.setState('failed', remoteFailureText(this.url, { code: 'invalid_url', message: (error as Error).message }));
      return;
    }
    try {
      await client.waitForReady({ timeoutMs: READY_TIMEOUT_MS });
    } catch (error) {
      client.dispose();
      const failure = error as Error & { code?: string; status?: number };
      this.setState('failed', remoteFailureText(this.url, { code: failure.code, status: failure.status, message: failure.message }));
      return;
    }
    this.startToReadyMs = Date.now() - started;
    this.clientInstance = client;
    this.setState('ready', null);
  }

  async restart(): Promise<void> {
    this.clientInstance?.dispose();
    this.clientInstance = undefined;
    await this.start();
  }

  private setState(state: HostState, error: string | null): void {
    this.state = state;
    this.error = error;
    this.stateEmitter.fire(state);
  }

  dispose(): void {
    this.clientInstance?.dispose();
    this.state = 'stopped';
    this.stateEmitter.dispose();
  }
}
