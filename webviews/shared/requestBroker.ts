import type { z } from 'zod';
import type { WebviewError, WebviewResponse } from '../../host/protocol/webviewBridge.ts';
import { WebviewErrorCode } from '../../host/protocol/webviewBridge.ts';

/** A failed request, with the code the extension (or the gateway behind it) gave. */
export class RequestError extends Error {
  readonly code: string;

  constructor(error: WebviewError) {
    super(error.message);
    this.code = error.code;
  }

  toJSON(): WebviewError {
    return { code: this.code, message: this.message };
  }
}

/** A WebviewError for anything a request rejected with. */
export function asWebviewError(error: unknown): WebviewError {
  if (error instanceof RequestError) return error.toJSON();
  return { code: WebviewErrorCode.internal, message: error instanceof Error ? error.message : String(error) };
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: RequestError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The result schema of every method of R. */
export type ResultSchemas<R extends { method: string }> = { readonly [M in R['method']]: z.ZodType };

export interface RequestBrokerOptions<R extends { method: string }, S extends ResultSchemas<R>> {
  /** Posts `{ type: 'request', id, request }` to the extension. */
  post: (message: { type: 'request'; id: number; request: R }) => void;
  /** Replies are validated against these before a caller sees them. */
  results: S;
  timeoutMs?: number;
}

/**
 * Request/response over postMessage: each request gets an id, the reply with that id settles it
 * (validated against the method's result schema), and a request without a reply fails after a
 * deadline instead of hanging the panel.
 */
export class RequestBroker<R extends { method: string }, S extends ResultSchemas<R>> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly options: RequestBrokerOptions<R, S>;

  constructor(options: RequestBrokerOptions<R, S>) {
    this.options = options;
  }

  request<M extends R['method']>(request: Extract<R, { method: M }>): Promise<z.infer<S[M]>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timeoutMs = this.options.timeoutMs ?? 60_000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError({ code: WebviewErrorCode.timeout, message: `no answer to "${request.method}" within ${timeoutMs / 1000} s` }));
      }, timeoutMs);
      this.pending.set(id, { method: request.method, resolve: resolve as (value: unknown) => void, reject, timer });
      this.options.post({ type: 'request', id, request });
    });
  }

  /** Settles the request a response answers; false for an id that is not pending (late or foreign). */
  settle(response: WebviewResponse): boolean {
    const pending = this.pending.get(response.id);
    if (!pending) return false;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (!response.ok) { pending.reject(new RequestError(response.error)); return true; }
    const schema: z.ZodType = this.options.results[pending.method as R['method']];
    const parsed = schema.safeParse(response.result);
    if (parsed.success) pending.resolve(parsed.data);
    else pending.reject(new RequestError({ code: WebviewErrorCode.invalidReply, message: `the reply to "${pending.method}" does not match its schema: ${parsed.error.issues[0]?.message ?? ''}` }));
    return true;
  }

  /** Fails every pending request (the extension side went away). */
  rejectAll(error: WebviewError): void {
    for (const pending of this.pending.values()) { clearTimeout(pending.timer); pending.reject(new RequestError(error)); }
    this.pending.clear();
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}
