import type { z } from 'zod';
import { errorMessage } from '../base/errors.ts';
import { ErrorEnvelopeSchema, GatewayErrorStatus } from '../protocol/index.ts';
import { GatewayClientError, GatewayClientErrorCode } from './gatewayClientError.ts';
import type { GatewayTransport } from './gatewayTransport.ts';

/** One REST call: what to send and the schema the answer must match. */
export interface RestCall<S extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  schema: S;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends authenticated JSON requests and turns every failure into a GatewayClientError. */
export class RestRequester {
  private readonly transport: GatewayTransport;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(transport: GatewayTransport, token: string, timeoutMs: number) {
    this.transport = transport;
    this.token = token;
    this.timeoutMs = timeoutMs;
  }

  async call<S extends z.ZodType>(call: RestCall<S>): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    let status: number;
    let text: string;
    try {
      const response = await this.transport.dispatcher.request({
        origin: this.transport.origin,
        path: this.transport.pathPrefix + call.path,
        method: call.method,
        headers: this.headers(call),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      throw this.transportError(call, error, timeout.aborted);
    }
    if (status >= 200 && status < 300) return parsePayload(call, status, text);
    throw errorFromResponse(status, text);
  }

  private headers(call: RestCall<z.ZodType>): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json', ...call.headers };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }

  private transportError(call: RestCall<z.ZodType>, error: unknown, timedOut: boolean): GatewayClientError {
    if (timedOut) {
      return new GatewayClientError(GatewayClientErrorCode.timeout, `${call.method} ${call.path} got no answer within ${this.timeoutMs} ms from ${this.transport.description}; the host may be overloaded`, { cause: error });
    }
    return new GatewayClientError(
      GatewayClientErrorCode.unreachable,
      `cannot reach ${this.transport.description} (${errorMessage(error)}); is the OpenSymphony host running?`,
      { cause: error },
    );
  }
}

function parsePayload<S extends z.ZodType>(call: RestCall<S>, status: number, text: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidResponse(`${call.method} ${call.path} answered ${status} with a body that is not JSON`, error);
  }
  const parsed = call.schema.safeParse(json);
  if (!parsed.success) {
    throw invalidResponse(`${call.method} ${call.path} answered a payload this client does not understand (${parsed.error.issues[0]?.message ?? 'schema mismatch'}); the host and extension versions may differ`, parsed.error);
  }
  return parsed.data;
}

/** The gateway's error envelope as an error; a body without an envelope still yields a code. */
export function errorFromResponse(status: number, text: string): GatewayClientError {
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  const envelope = ErrorEnvelopeSchema.safeParse(json);
  if (envelope.success) return new GatewayClientError(envelope.data.error.code, envelope.data.error.message, { status });
  const code = Object.entries(GatewayErrorStatus).find(([, value]) => value === status)?.[0] ?? 'internal';
  return new GatewayClientError(code, `the gateway answered HTTP ${status} without an error envelope`, { status });
}

function invalidResponse(message: string, cause: unknown): GatewayClientError {
  return new GatewayClientError(GatewayClientErrorCode.invalidResponse, message, { cause });
}
