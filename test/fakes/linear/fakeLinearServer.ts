import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../host/base/clock.ts';
import { systemClock } from '../../../host/base/clock.ts';
import { executeLinearRequest } from './fakeLinearExecutor.ts';
import type { ExecutionAnswer } from './fakeLinearExecutor.ts';
import { applyFault, rateLimitedAnswer } from './fakeLinearFaults.ts';
import type { FakeLinearFault, FaultyAnswer } from './fakeLinearFaults.ts';
import { FakeLinearGraph } from './fakeLinearGraph.ts';

/** One request as the fake saw it. */
export interface RecordedLinearRequest {
  operationName: string | null;
  variables: Record<string, unknown>;
  authorization: string | undefined;
  contentType: string | undefined;
  status: number;
  /** How many issue nodes the answer's `issues` connection carried (0 when it had none). */
  issueNodes: number;
}

export interface FakeLinearServerOptions {
  /** The credential the fake accepts: a `lin_api_…` key raw, anything else as `Bearer <token>`. */
  apiKey: string;
  graph?: FakeLinearGraph;
  /** Drives the `Date` and rate-limit reset headers; share the adapter's manual clock in tests. */
  clock?: Clock;
  /** Requests per hour before the fake answers RATELIMITED on its own. */
  requestLimit?: number;
}

const HOUR_MS = 3_600_000;

/**
 * A Linear GraphQL endpoint on 127.0.0.1: checks `Authorization`, validates every operation against
 * Linear's real schema, executes it over an in-memory graph, sends Linear's rate-limit headers,
 * records every request, and injects faults on demand (`failNext`).
 */
export class FakeLinearServer {
  readonly graph: FakeLinearGraph;
  readonly requests: RecordedLinearRequest[] = [];
  private readonly server: Server;
  private readonly clock: Clock;
  private readonly apiKey: string;
  private readonly requestLimit: number;
  private readonly faults: { fault: FakeLinearFault | null; times: number }[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private readonly waiters = new Set<() => void>();
  private windowStart: number;
  private usedInWindow = 0;
  private port = 0;

  private constructor(options: FakeLinearServerOptions) {
    this.clock = options.clock ?? systemClock;
    this.graph = options.graph ?? new FakeLinearGraph({ now: () => this.clock.now() });
    this.apiKey = options.apiKey;
    this.requestLimit = options.requestLimit ?? 2500;
    this.windowStart = this.clock.now();
    this.server = createServer((request, response) => { void this.handle(request, response); });
  }

  static async start(options: FakeLinearServerOptions): Promise<FakeLinearServer> {
    const fake = new FakeLinearServer(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  /** Requests whose operation is `name` (e.g. `LinearIssueSync`). */
  requestsFor(name: string): RecordedLinearRequest[] {
    return this.requests.filter((request) => request.operationName === name);
  }

  /** After `skip` normal answers, the next `times` requests get `fault` instead of (or on top of) their normal answer. */
  failNext(fault: FakeLinearFault, times = 1, skip = 0): void {
    if (skip > 0) this.faults.push({ fault: null, times: skip });
    this.faults.push({ fault, times });
  }

  /** Resolves once `count` requests have arrived; rejects after `timeoutMs` (a bound, not a sleep). */
  waitForRequests(count: number, timeoutMs = 5_000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error(`fake Linear: only ${this.requests.length} of ${count} requests arrived within ${timeoutMs} ms`)); }, timeoutMs);
      const check = () => {
        if (this.requests.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const record: RecordedLinearRequest = {
      operationName: null, variables: (body as { variables?: Record<string, unknown> } | undefined)?.variables ?? {},
      authorization: request.headers.authorization, contentType: request.headers['content-type'], status: 0, issueNodes: 0,
    };
    const answer = await this.answer(request, body).catch((error: unknown): FaultyAnswer => ({
      // A bug in the fake or a fault that does not fit the request: fail loudly, never crash the test process.
      status: 500, operationName: null, body: { errors: [{ message: `fake Linear failed: ${(error as Error).message}` }] },
    }));
    record.operationName = answer?.operationName ?? null;
    record.status = answer?.status ?? 0;
    record.issueNodes = (answer?.body.data as { issues?: { nodes?: unknown[] } } | null | undefined)?.issues?.nodes?.length ?? 0;
    this.requests.push(record);
    for (const waiter of [...this.waiters]) waiter();
    if (answer === null) {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    this.send(response, answer);
  }

  /** The answer to one request, or null to hang. */
  private async answer(request: IncomingMessage, body: unknown): Promise<FaultyAnswer | null> {
    if (request.headers.authorization !== this.expectedAuthorization()) return authenticationError();
    this.rollWindow();
    const remaining = this.requestLimit - this.usedInWindow;
    this.usedInWindow += 1;
    const fault = this.takeFault();
    if (fault?.kind === 'hang') return null;
    if (remaining <= 0) return rateLimitedAnswer({ kind: 'rate_limited' }, this.rateHeaders(0));
    const answer = await executeLinearRequest(this.graph, body);
    const variables = (body as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
    return fault ? applyFault(fault, answer, this.rateHeaders(remaining - 1), variables) : { ...answer, headers: this.rateHeaders(remaining - 1) };
  }

  private send(response: ServerResponse, answer: FaultyAnswer): void {
    const payload = answer.raw ?? JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      'content-type': answer.raw === undefined ? 'application/json; charset=utf-8' : 'text/html',
      date: new Date(this.clock.now()).toUTCString(),
      'x-complexity': String(complexityOf(answer.body.data)),
      ...answer.headers,
    });
    response.end(payload);
  }

  private expectedAuthorization(): string {
    return this.apiKey.startsWith('lin_api_') ? this.apiKey : `Bearer ${this.apiKey}`;
  }

  private takeFault(): FakeLinearFault | undefined {
    const head = this.faults[0];
    if (!head) return undefined;
    head.times -= 1;
    if (head.times <= 0) this.faults.shift();
    return head.fault ?? undefined;
  }

  private rateHeaders(remaining: number): Record<string, string> {
    const reset = String(this.windowStart + HOUR_MS);
    return {
      'x-ratelimit-requests-limit': String(this.requestLimit), 'x-ratelimit-requests-remaining': String(Math.max(0, remaining)), 'x-ratelimit-requests-reset': reset,
      'x-ratelimit-complexity-limit': '3000000', 'x-ratelimit-complexity-remaining': '2999000', 'x-ratelimit-complexity-reset': reset,
    };
  }

  /** The request budget refills every hour of the fake's clock. */
  private rollWindow(): void {
    if (this.clock.now() < this.windowStart + HOUR_MS) return;
    this.windowStart = this.clock.now();
    this.usedInWindow = 0;
  }
}

function authenticationError(): ExecutionAnswer {
  return {
    status: 400, operationName: null,
    body: { errors: [{ message: 'Authentication required, not authenticated', extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR', statusCode: 401, userError: true, userPresentableMessage: 'You need to authenticate to access this operation.', http: { status: 401 } } }] },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A rough cost: one point per object in the answer (Linear's real formula is not public). */
function complexityOf(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + complexityOf(item), 0);
  if (value !== null && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + complexityOf(item), 0);
  return 0;
}
