import type { z } from 'zod';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The webview side of the message bridge: typed sends, validated receives (an invalid message is
 * dropped and logged, here and in the extension's log), and the webview's saved state.
 */
export class VsCodeBridge<In, Out> {
  private readonly api = acquireVsCodeApi();
  private readonly schema: z.ZodType<In>;

  constructor(schema: z.ZodType<In>) {
    this.schema = schema;
  }

  /** Starts receiving; call `post({ type: 'ready' })` after this, never before. */
  listen(onMessage: (message: In) => void): void {
    window.addEventListener('message', (event: MessageEvent) => {
      const parsed = this.schema.safeParse(event.data);
      if (parsed.success) { onMessage(parsed.data); return; }
      const problem = `dropped an invalid message from the extension: ${parsed.error.issues[0]?.message ?? parsed.error.message}`;
      console.warn(`OpenSymphony: ${problem}`);
      this.api.postMessage({ type: 'log', level: 'warn', message: problem.slice(0, 4000) });
    });
  }

  post(message: Out): void {
    this.api.postMessage(message);
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}
