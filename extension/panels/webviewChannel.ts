import type * as vscode from 'vscode';
import type { z } from 'zod';
import type { WebviewError, WebviewResponse } from '../../host/protocol/webviewBridge.ts';
import { WebviewErrorCode } from '../../host/protocol/webviewBridge.ts';

/** Messages every webview may send besides its own: the handshake and its log lines. */
type BridgeMessage = { type: 'ready' } | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/**
 * The extension's end of a webview's message bridge. Incoming messages are validated (invalid
 * ones are dropped and logged); nothing is posted before the webview said `ready`, nor after it
 * went away (hidden webviews are destroyed: they say `ready` again when shown).
 */
export class WebviewChannel<From extends { type: string }, To> implements vscode.Disposable {
  private ready = false;
  private readonly webview: vscode.Webview;
  private readonly log: vscode.LogOutputChannel;
  private readonly name: string;
  private readonly subscription: vscode.Disposable;

  constructor(webview: vscode.Webview, schema: z.ZodType<From>, options: { name: string; log: vscode.LogOutputChannel; onReady: () => void; onMessage: (message: From) => void }) {
    this.webview = webview;
    this.log = options.log;
    this.name = options.name;
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) { this.log.warn(`${this.name}: dropped an invalid message from the webview: ${parsed.error.issues[0]?.message ?? parsed.error.message}`); return; }
      const message = parsed.data as From & Partial<BridgeMessage>;
      if (message.type === 'ready') { this.ready = true; options.onReady(); return; }
      if (message.type === 'log') { this.writeLog(message as unknown as Extract<BridgeMessage, { type: 'log' }>); return; }
      options.onMessage(message);
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The webview is gone (hidden or disposed); posting waits for its next `ready`. */
  markGone(): void {
    this.ready = false;
  }

  /** Posts when the webview is ready; returns whether it was posted. */
  post(message: To): boolean {
    if (!this.ready) return false;
    void this.webview.postMessage(message).then(undefined, (error: unknown) => this.log.warn(`${this.name}: post failed: ${String(error)}`));
    return true;
  }

  /** Runs a request's handler and posts its result, or the error it failed with, under the request's id. */
  async respond(id: number, handle: () => Promise<unknown>): Promise<void> {
    let response: WebviewResponse;
    try {
      response = { type: 'response', id, ok: true, result: await handle() };
    } catch (error) {
      response = { type: 'response', id, ok: false, error: webviewErrorOf(error) };
      this.log.warn(`${this.name}: request ${id} failed: ${response.error.code}: ${response.error.message}`);
    }
    this.post(response as To);
  }

  private writeLog(message: Extract<BridgeMessage, { type: 'log' }>): void {
    const line = `${this.name} (webview): ${message.message}`;
    if (message.level === 'error') this.log.error(line);
    else if (message.level === 'warn') this.log.warn(line);
    else this.log.info(line);
  }

  dispose(): void {
    this.ready = false;
    this.subscription.dispose();
  }
}

/** A gateway error keeps its code (`not_found`, `gateway_unreachable`, …); anything else is `internal`. */
export function webviewErrorOf(error: unknown): WebviewError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : WebviewErrorCode.internal, message: error.message };
  }
  return { code: WebviewErrorCode.internal, message: String(error) };
}

/** An error with a code the webview shows as is. */
export class PanelError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
