import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { errorMessage } from '../../base/errors.ts';
import type { IDisposable } from '../../base/lifecycle.ts';
import { truncateText } from '../codex/compactPayload.ts';
import { OpenHandsError, OpenHandsErrorCodes } from './openHandsErrors.ts';
import type { OpenHandsErrorCode } from './openHandsErrors.ts';
import {
  ConversationInfoSchema, CountSchema, ErrorBodySchema, EventPageSchema, SuccessSchema, WireEventSchema,
} from './openHandsWire.ts';
import type {
  ConfirmationPolicy, ConfirmationResponseRequest, ConversationInfo, SendMessageRequest, StartConversationRequest, WireEvent,
} from './openHandsWire.ts';

export interface AgentServerClientOptions {
  /** e.g. `http://127.0.0.1:8000`; a path part is kept as the server's root path. */
  baseUrl: string;
  /** Sent as `X-Session-API-Key`; null when the server runs without keys. */
  sessionApiKey: string | null;
  /** Limit for each request, answer body included. */
  readTimeoutMs: number;
}

/** One page of `GET …/events/search`; items that are not events are kept apart, raw. */
export interface EventSearchPage {
  events: WireEvent[];
  malformed: unknown[];
  nextPageId: string | null;
}

/** The server caps `limit` at 100 with an assert that answers 500 (A4), so we never ask for more. */
export const MAX_PAGE_LIMIT = 100;
const MAX_RAW_BODY_CHARS = 4_000;

interface Call<S extends z.ZodType> {
  method: Dispatcher.HttpMethod;
  path: string;
  schema: S;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal | undefined;
}

/** REST client of one agent-server (A5): typed answers, typed errors, a read timeout per request. */
export class AgentServerClient implements IDisposable {
  private readonly options: AgentServerClientOptions;
  private readonly base: URL;
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });

  constructor(options: AgentServerClientOptions) {
    this.options = options;
    this.base = new URL(options.baseUrl);
  }

  /** `ws[s]://…/sockets/events/{id}`; the key travels in a header, not in the URL (A3). */
  eventSocketUrl(conversationId: string): string {
    const url = new URL(`${this.basePath()}/sockets/events/${encodeURIComponent(conversationId)}`, this.base);
    url.protocol = this.base.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  authHeaders(): Record<string, string> {
    return this.options.sessionApiKey ? { 'X-Session-API-Key': this.options.sessionApiKey } : {};
  }

  createConversation(request: StartConversationRequest, signal?: AbortSignal): Promise<ConversationInfo> {
    return this.call({ method: 'POST', path: '/api/conversations', body: request, schema: ConversationInfoSchema, signal });
  }

  getConversation(id: string, signal?: AbortSignal): Promise<ConversationInfo> {
    return this.call({ method: 'GET', path: conversationPath(id), schema: ConversationInfoSchema, signal });
  }

  async sendMessage(id: string, text: string, signal?: AbortSignal): Promise<void> {
    const body: SendMessageRequest = { role: 'user', content: [{ type: 'text', text }], run: false };
    await this.call({ method: 'POST', path: `${conversationPath(id)}/events`, body, schema: SuccessSchema, signal });
  }

  /** Starts the agent loop; a 409 means it is already running, which is what we wanted (A9). */
  async run(id: string, signal?: AbortSignal): Promise<'started' | 'already_running'> {
    try {
      await this.call({ method: 'POST', path: `${conversationPath(id)}/run`, schema: SuccessSchema, signal });
      return 'started';
    } catch (error) {
      if (error instanceof OpenHandsError && error.code === OpenHandsErrorCodes.conflict) return 'already_running';
      throw error;
    }
  }

  async pause(id: string, signal?: AbortSignal): Promise<void> {
    await this.call({ method: 'POST', path: `${conversationPath(id)}/pause`, schema: SuccessSchema, signal });
  }

  async deleteConversation(id: string, signal?: AbortSignal): Promise<void> {
    await this.call({ method: 'DELETE', path: conversationPath(id), schema: SuccessSchema, signal });
  }

  async setConfirmationPolicy(id: string, policy: ConfirmationPolicy, signal?: AbortSignal): Promise<void> {
    await this.call({ method: 'POST', path: `${conversationPath(id)}/confirmation_policy`, body: { policy }, schema: SuccessSchema, signal });
  }

  /** Accepts or rejects every pending action at once (A11: there is no per-action choice). */
  async respondToConfirmation(id: string, response: ConfirmationResponseRequest, signal?: AbortSignal): Promise<void> {
    await this.call({ method: 'POST', path: `${conversationPath(id)}/events/respond_to_confirmation`, body: response, schema: SuccessSchema, signal });
  }

  /** One page, ascending by timestamp; `pageId` is the id of the first event wanted (inclusive, A7). */
  async searchEvents(id: string, page: { pageId?: string | null; limit?: number }, signal?: AbortSignal): Promise<EventSearchPage> {
    const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, page.limit ?? MAX_PAGE_LIMIT));
    const answer = await this.call({
      method: 'GET', path: `${conversationPath(id)}/events/search`, schema: EventPageSchema, signal,
      query: { page_id: page.pageId ?? undefined, limit, sort_order: 'TIMESTAMP' },
    });
    const events: WireEvent[] = [];
    const malformed: unknown[] = [];
    for (const item of answer.items) {
      const parsed = WireEventSchema.safeParse(item);
      if (parsed.success) events.push(parsed.data);
      else malformed.push(item);
    }
    return { events, malformed, nextPageId: answer.next_page_id || null };
  }

  countEvents(id: string, signal?: AbortSignal): Promise<number> {
    return this.call({ method: 'GET', path: `${conversationPath(id)}/events/count`, schema: CountSchema, signal });
  }

  /** Pages through the log from `fromPageId` (or the start) until `next_page_id` is empty. */
  async *eventPages(id: string, fromPageId: string | null, signal?: AbortSignal): AsyncGenerator<EventSearchPage> {
    let pageId = fromPageId;
    const visited = new Set<string>();
    for (;;) {
      const page = await this.searchEvents(id, { pageId }, signal);
      yield page;
      if (!page.nextPageId) return;
      if (visited.has(page.nextPageId)) {
        throw new OpenHandsError(OpenHandsErrorCodes.invalidResponse, `event search for ${id} looped back to page ${page.nextPageId}; the server's paging is inconsistent`);
      }
      visited.add(page.nextPageId);
      pageId = page.nextPageId;
    }
  }

  dispose(): void {
    this.dispatcher.destroy().catch(() => {});
  }

  private async call<S extends z.ZodType>(call: Call<S>): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(this.options.readTimeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const what = `${call.method} ${call.path}`;
    let status: number;
    let text: string;
    try {
      const response = await this.dispatcher.request({
        origin: this.base.origin,
        path: this.pathWithQuery(call),
        method: call.method,
        headers: this.headers(call.body !== undefined),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      if (timeout.aborted) {
        throw new OpenHandsError(OpenHandsErrorCodes.responseTimeout, `${what} got no answer within ${this.options.readTimeoutMs} ms from the agent-server at ${this.base.origin} (read_timeout_ms)`, { cause: error });
      }
      throw new OpenHandsError(OpenHandsErrorCodes.unreachable, `cannot reach the agent-server at ${this.base.origin} (${errorMessage(error)}); is it running?`, { cause: error });
    }
    if (status >= 200 && status < 300) return parseAnswer(call.schema, what, status, text);
    throw errorFromAnswer(what, status, text);
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders() };
    if (hasBody) headers['content-type'] = 'application/json';
    return headers;
  }

  private pathWithQuery(call: Call<z.ZodType>): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(key, String(value));
    const search = query.size ? `?${query.toString()}` : '';
    return `${this.basePath()}${call.path}${search}`;
  }

  private basePath(): string {
    return this.base.pathname.replace(/\/+$/, '');
  }
}

function conversationPath(id: string): string {
  return `/api/conversations/${encodeURIComponent(id)}`;
}

function parseAnswer<S extends z.ZodType>(schema: S, what: string, status: number, text: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OpenHandsError(OpenHandsErrorCodes.invalidResponse, `${what} answered ${status} with a body that is not JSON`, { cause: error, status, raw: truncateText(text, MAX_RAW_BODY_CHARS) });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new OpenHandsError(OpenHandsErrorCodes.invalidResponse, `${what} answered ${status} with an unexpected payload (${issue?.message ?? 'schema mismatch'}${where})`, { cause: parsed.error, status, raw: truncateText(text, MAX_RAW_BODY_CHARS) });
  }
  return parsed.data;
}

/** FastAPI's `{"detail": …}` envelope (A4) as a typed error; the body is kept raw. */
export function errorFromAnswer(what: string, status: number, text: string): OpenHandsError {
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  const body = ErrorBodySchema.safeParse(json);
  const detail = body.success ? describeDetail(body.data.detail) : null;
  const exception = body.success && body.data.exception ? ` (${body.data.exception})` : '';
  const message = `${what} answered ${status}${detail ? `: ${detail}` : ''}${exception}`;
  return new OpenHandsError(codeForStatus(status), message, { status, raw: truncateText(text, MAX_RAW_BODY_CHARS) });
}

function codeForStatus(status: number): OpenHandsErrorCode {
  if (status === 401 || status === 403) return OpenHandsErrorCodes.unauthorized;
  if (status === 404) return OpenHandsErrorCodes.notFound;
  if (status === 409) return OpenHandsErrorCodes.conflict;
  if (status === 422) return OpenHandsErrorCodes.invalidRequest;
  if (status >= 500) return OpenHandsErrorCodes.serverError;
  return OpenHandsErrorCodes.responseError;
}

function describeDetail(detail: unknown): string | null {
  if (typeof detail === 'string') return detail;
  if (!Array.isArray(detail)) return null;
  return detail.map((item) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as { loc?: unknown; msg?: unknown };
    const loc = Array.isArray(entry.loc) ? entry.loc.join('.') : '?';
    return `${loc}: ${typeof entry.msg === 'string' ? entry.msg : 'invalid'}`;
  }).join('; ');
}
