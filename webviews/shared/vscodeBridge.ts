import type { z } from 'zod';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The webview side of the message bridge: typed sends, validated receives (invalid messages are
 * dropped and logged to the webview console), and a `ready` once the listener is in place.
 */
export class VsCodeBridge<In, Out> {
  private readonly api = acquireVsCodeApi();
  private readonly schema: z.ZodType<In>;

  constructor(schema: z.ZodType<In>) {
    this.schema = schema;
  }

  listen(onMessage: (message: In) => void): void {
    window.addEventListener('message', (event: MessageEvent) => {
      const parsed = this.schema.safeParse(event.data);
      if (parsed.success) onMessage(parsed.data);
      else console.warn('OpenSymphony: dropped an invalid message', parsed.error.message);
    });
  }

  post(message: Out): void {
    this.api.postMessage(message);
  }

  getState<T>(): T | undefined {
    return this.api.getState() as T | undefined;
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}
