import { CodexError, CodexErrorCodes } from './codexErrors.ts';
import type { IncomingMessage, JsonRpcErrorObject, JsonRpcId } from './codexProtocol.ts';

/** JSON-RPC error codes we send back to the server. */
export const JsonRpcErrorCodes = { methodNotFound: -32601, internalError: -32603 } as const;

/** Thrown by a server-request handler to answer with a JSON-RPC error instead of a result. */
export class JsonRpcReplyError extends Error {
  readonly rpcCode: number;

  constructor(rpcCode: number, message: string) {
    super(message);
    this.rpcCode = rpcCode;
  }
}

/** A handler's answer to a server request, with an optional step to run once the reply is written. */
export interface ServerRequestAnswer {
  result: unknown;
  afterReply?: () => void;
}

export interface JsonRpcConnectionOptions {
  /** Writes one serialized message; the connection appends the newline. */
  write(line: string): void;
  /** Default per-request timeout (Symphony `read_timeout_ms`). */
  readTimeoutMs: number;
  onNotification(method: string, params: unknown): void;
  /** Answers a server → client request; a rejection with JsonRpcReplyError becomes an error reply. */
  onRequest(method: string, params: unknown): Promise<ServerRequestAnswer>;
  /** A line that is not a JSON-RPC message; logged, never fatal. */
  onMalformed(line: string, reason: string): void;
}

interface PendingRequest {
  method: string;
  resolve(result: unknown): void;
  reject(error: CodexError): void;
  timer: NodeJS.Timeout;
}

/**
 * A newline-delimited JSON-RPC peer: our requests carry our ids, the server's requests carry the
 * server's own id space and are answered through `onRequest`.
 */
export class JsonRpcConnection {
  private readonly options: JsonRpcConnectionOptions;
  private readonly pending = new Map<JsonRpcId, PendingRequest>();
  private nextId = 1;
  private closedWith: CodexError | null = null;

  constructor(options: JsonRpcConnectionOptions) {
    this.options = options;
  }

  /** Sends a request and resolves with its result; rejects with response_error/response_timeout/port_exit. */
  request<T>(method: string, params: unknown, timeoutMs = this.options.readTimeoutMs): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CodexError(CodexErrorCodes.responseTimeout, `codex app-server did not answer ${method} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject, timer });
      this.send({ id, method, params });
    });
  }

  notify(method: string, params?: unknown): void {
    if (!this.closedWith) this.send(params === undefined ? { method } : { method, params });
  }

  /** Feeds one stdout line. */
  receive(line: string): void {
    const message = parseMessage(line);
    if (typeof message === 'string') {
      this.options.onMalformed(line, message);
      return;
    }
    this.dispatch[message.kind](message as never);
  }

  /** Fails every pending request; later requests fail at once with the same error. */
  close(error: CodexError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const request of this.pending.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.pending.clear();
  }

  private readonly dispatch: { [K in IncomingMessage['kind']]: (message: Extract<IncomingMessage, { kind: K }>) => void } = {
    request: (message) => { void this.answer(message.id, message.method, message.params); },
    notification: (message) => this.options.onNotification(message.method, message.params),
    response: (message) => this.settle(message.id, (request) => request.resolve(message.result)),
    error: (message) => this.settle(message.id, (request) => request.reject(rpcFailure(request.method, message.error))),
  };

  private settle(id: JsonRpcId, action: (request: PendingRequest) => void): void {
    const request = this.pending.get(id);
    if (!request) return; // a late answer to a request that already timed out
    this.pending.delete(id);
    clearTimeout(request.timer);
    action(request);
  }

  private async answer(id: JsonRpcId, method: string, params: unknown): Promise<void> {
    try {
      const answer = await this.options.onRequest(method, params);
      if (!this.closedWith) this.send({ id, result: answer.result });
      answer.afterReply?.();
    } catch (error) {
      const reply = error instanceof JsonRpcReplyError
        ? { code: error.rpcCode, message: error.message }
        : { code: JsonRpcErrorCodes.internalError, message: error instanceof Error ? error.message : String(error) };
      if (!this.closedWith) this.send({ id, error: reply });
    }
  }

  private send(message: Record<string, unknown>): void {
    this.options.write(JSON.stringify(message));
  }
}

function rpcFailure(method: string, error: JsonRpcErrorObject): CodexError {
  return new CodexError(CodexErrorCodes.responseError, `codex app-server rejected ${method}: ${error.message} (code ${error.code}).`);
}

/** Classifies a line by shape (method+id, method, id+result, id+error); a string means malformed. */
export function parseMessage(line: string): IncomingMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const message = value as Record<string, unknown>;
  const id = message.id;
  const hasId = typeof id === 'string' || typeof id === 'number';
  if (typeof message.method === 'string') {
    return hasId
      ? { kind: 'request', id: id as JsonRpcId, method: message.method, params: message.params }
      : { kind: 'notification', method: message.method, params: message.params };
  }
  if (hasId && 'result' in message) return { kind: 'response', id: id as JsonRpcId, result: message.result };
  if (hasId && isErrorObject(message.error)) return { kind: 'error', id: id as JsonRpcId, error: message.error };
  return 'neither a request, a notification nor a response';
}

function isErrorObject(value: unknown): value is JsonRpcErrorObject {
  return typeof value === 'object' && value !== null && typeof (value as JsonRpcErrorObject).message === 'string';
}
