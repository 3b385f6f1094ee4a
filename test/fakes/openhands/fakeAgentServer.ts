import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentServerOpenApi } from './agentServerOpenApi.ts';
import type { SchemaIssue } from './jsonSchemaValidator.ts';
import { defaultFaults, takeRequestFault } from './fakeAgentFaults.ts';
import type { FakeAgentFaults } from './fakeAgentFaults.ts';
import { fakeAgentRoutes } from './fakeAgentRoutes.ts';
import type { FakeRoute, FakeRouteState, RouteAnswer } from './fakeAgentRoutes.ts';
import { echoScript } from './fakeAgentScript.ts';
import type { FakeAgentScript } from './fakeAgentScript.ts';
import { FakeConversation } from './fakeConversation.ts';
import { FakeEventFactory } from './fakeEvents.ts';
import { FakeEventSocketEndpoint } from './fakeEventSocketEndpoint.ts';

export interface FakeAgentServerOptions {
  /** Accepted `X-Session-API-Key` values; none means auth is off (A3). */
  sessionApiKeys?: string[];
  script?: FakeAgentScript;
  /** Pause between agent steps, so sockets can drop mid-run. */
  stepDelayMs?: number;
  /** `/ready` answers 503 for this long after start (A2). */
  initializingMs?: number;
  host?: string;
  port?: number;
  faults?: Partial<FakeAgentFaults>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string without `?`. */
  query: string;
  status: number | 'hang';
  body: unknown;
}

/**
 * A protocol-faithful OpenHands agent-server v1.14.0 built from the pinned OpenAPI and the wire
 * notes (harness-protocols.md A2–A12). Request bodies are validated against the OpenAPI (422 like
 * FastAPI), and every response and frame it serves is checked too: `schemaViolations` lists what
 * did not match, so each test can assert the fake stayed faithful.
 */
export class FakeAgentServer {
  readonly faults: FakeAgentFaults;
  readonly conversations = new Map<string, FakeConversation>();
  readonly requests: RecordedRequest[] = [];
  readonly schemaViolations: string[] = [];
  readonly sockets: FakeEventSocketEndpoint;
  private readonly options: FakeAgentServerOptions;
  private readonly http: Server;
  private readonly events = new FakeEventFactory();
  private readonly hanging = new Set<ServerResponse>();
  private readonly startedAt = Date.now();
  private port = 0;

  static async start(options: FakeAgentServerOptions = {}): Promise<FakeAgentServer> {
    const server = new FakeAgentServer(options);
    await new Promise<void>((resolve, reject) => {
      server.http.once('error', reject);
      server.http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    server.port = (server.http.address() as AddressInfo).port;
    return server;
  }

  private constructor(options: FakeAgentServerOptions) {
    this.options = options;
    this.faults = defaultFaults(options.faults);
    this.sockets = new FakeEventSocketEndpoint({
      faults: this.faults,
      sessionApiKeys: options.sessionApiKeys ?? [],
      find: (id) => this.find(id),
      checkFrame: (frame) => this.record('WS frame', agentServerOpenApi().validateComponent('Event', JSON.parse(frame))),
    });
    this.http = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        // A bug in the fake must fail the test, not hang a request.
        this.schemaViolations.push(`the fake crashed on ${request.method} ${request.url}: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ detail: 'Internal Server Error', exception: String(error) }));
      });
    });
    this.http.on('upgrade', (request, socket, head) => this.sockets.handleUpgrade(request, socket, head));
  }

  get baseUrl(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  /** The single conversation of a test; throws when there is not exactly one. */
  onlyConversation(): FakeConversation {
    const all = [...this.conversations.values()];
    if (all.length !== 1) throw new Error(`expected one conversation, the fake has ${all.length}`);
    return all[0]!;
  }

  find(id: string): FakeConversation | undefined {
    return this.conversations.get(normalizeId(id));
  }

  async close(): Promise<void> {
    for (const conversation of this.conversations.values()) conversation.dispose();
    for (const response of this.hanging) response.destroy();
    this.sockets.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const text = await readBody(request);
    const found = matchRoute(method, url.pathname);
    const fault = found ? takeRequestFault(this.faults, method, url.pathname) : null;
    if (fault === 'hang') {
      this.requests.push({ method, path: url.pathname, query: url.search.slice(1), status: 'hang', body: parseJson(text) });
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    const key = request.headers['x-session-api-key'];
    const answer = fault ?? this.answer(method, url, text, found, typeof key === 'string' ? key : null);
    this.requests.push({ method, path: url.pathname, query: url.search.slice(1), status: answer.status, body: parseJson(text) });
    if (found && !fault) this.checkResponse(method, found.route.template, answer);
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  }

  private answer(method: string, url: URL, text: string, found: ReturnType<typeof matchRoute>, key: string | null): RouteAnswer {
    if (!found) return pathExists(url.pathname) ? { status: 405, body: { detail: 'Method Not Allowed' } } : { status: 404, body: { detail: 'Not Found' } };
    if (url.pathname.startsWith('/api/') && !this.authorized(key)) return { status: 401, body: { detail: 'Unauthorized' } };
    const idProblem = found.params.conversation_id !== undefined && !/^[0-9a-f]{32}$/i.test(normalizeId(found.params.conversation_id));
    if (idProblem) return validationFailure([{ path: '$', message: 'Input should be a valid UUID' }], ['path', 'conversation_id']);
    const schema = agentServerOpenApi().requestSchema(method, found.route.template);
    let body: unknown = undefined;
    if (schema) {
      body = parseJson(text);
      if (body === undefined) return validationFailure([{ path: '$', message: 'JSON decode error' }], ['body']);
      const issues = agentServerOpenApi().validator.validate(schema, body);
      if (issues.length) return validationFailure(issues, ['body']);
    }
    return found.route.handle({ params: found.params, query: url.searchParams, body }, this.routeState());
  }

  /** Only enforced when keys are configured (A3). */
  private authorized(key: string | null): boolean {
    const keys = this.options.sessionApiKeys ?? [];
    return !keys.length || (key !== null && keys.includes(key));
  }

  private routeState(): FakeRouteState {
    return {
      startedAt: this.startedAt,
      isReady: () => Date.now() - this.startedAt >= (this.options.initializingMs ?? 0),
      find: (id) => this.find(id),
      create: (id, request) => {
        const conversation = new FakeConversation({ id, request, script: this.options.script ?? echoScript, stepDelayMs: this.options.stepDelayMs ?? 2, events: this.events });
        this.conversations.set(normalizeId(id), conversation);
        return conversation;
      },
      remove: (conversation) => {
        conversation.dispose();
        this.conversations.delete(normalizeId(conversation.id));
        this.sockets.dropSockets(conversation.id);
      },
    };
  }

  private checkResponse(method: string, template: string, answer: RouteAnswer): void {
    const body = this.withoutNonconforming(template, answer.body);
    this.record(`${method} ${template} ${answer.status}`, agentServerOpenApi().validateResponse(method, template, answer.status, body));
  }

  /** Events a script published outside the OpenAPI on purpose are not the fake's fault. */
  private withoutNonconforming(template: string, body: unknown): unknown {
    if (!template.endsWith('/events/search') || !Array.isArray((body as { items?: unknown } | null)?.items)) return body;
    const page = body as { items: { id: string }[] };
    const skip = (id: string): boolean => [...this.conversations.values()].some((conversation) => conversation.nonconformingIds.has(id));
    return { ...page, items: page.items.filter((item) => !skip(item.id)) };
  }

  private record(what: string, issues: SchemaIssue[]): void {
    for (const issue of issues) this.schemaViolations.push(`${what}: ${issue.path}: ${issue.message}`);
  }
}

/** Path parameters accept UUIDs with or without dashes (A6). */
function normalizeId(id: string): string {
  return id.replaceAll('-', '').toLowerCase();
}

function matchRoute(method: string, path: string): { route: FakeRoute; params: Record<string, string> } | null {
  for (const route of fakeAgentRoutes) {
    if (route.method !== method) continue;
    const params = matchTemplate(route.template, path);
    if (params) return { route, params };
  }
  return null;
}

function pathExists(path: string): boolean {
  return fakeAgentRoutes.some((route) => matchTemplate(route.template, path) !== null);
}

function matchTemplate(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_whole, name: string) => { names.push(name); return '([^/]+)'; });
  const match = new RegExp(`^${pattern}$`).exec(path);
  if (!match) return null;
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
}

/** FastAPI's 422 `HTTPValidationError`. */
function validationFailure(issues: SchemaIssue[], location: string[]): RouteAnswer {
  const detail = issues.map((issue) => ({
    type: 'value_error',
    loc: [...location, ...issue.path.split('.').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part))],
    msg: issue.message,
    input: null,
  }));
  return { status: 422, body: { detail } };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
