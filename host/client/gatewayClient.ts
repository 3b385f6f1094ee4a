import { randomUUID } from 'node:crypto';
import { systemClock } from '../base/clock.ts';
import type { Clock } from '../base/clock.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import {
  ActionReceiptSchema, CapabilitiesSchema, DashboardSnapshotSchema, EventPageSchema, IDEMPOTENCY_HEADER,
} from '../protocol/index.ts';
import type {
  ActionReceipt, ApprovalDecisionRequest, Capabilities, DashboardSnapshot, DispatchRequest, EventPage,
} from '../protocol/index.ts';
import { Backoff, DEFAULT_RECONNECT_BACKOFF, delay } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { GatewayClientError, GatewayClientErrorCode } from './gatewayClientError.ts';
import { remoteTransport, unixSocketTransport } from './gatewayTransport.ts';
import type { GatewayTransport, RemoteTlsOptions } from './gatewayTransport.ts';
import { EventSubscription } from './eventSubscription.ts';
import type { SubscribeEventsOptions } from './eventSubscription.ts';
import { HealthStatusSchema, ReadyStatusSchema } from '../protocol/index.ts';
import type { HealthStatus, ReadyStatus } from '../protocol/index.ts';
import { RestRequester } from './restRequest.ts';
import type { StreamSettings, StreamSubscription } from './streamSubscription.ts';
import { TerminalSubscription } from './terminalSubscription.ts';
import type { SubscribeTerminalOptions } from './terminalSubscription.ts';
import { waitForReady } from './waitForReady.ts';
import type { WaitForReadyOptions } from './waitForReady.ts';

/** Where the gateway is: exactly one of `socketPath` (the local host) and `baseUrl` (a remote gateway). */
export interface GatewayClientOptions {
  /** The host's Unix domain socket (named pipe on Windows). */
  socketPath?: string;
  /** A remote gateway: `https://host:port` (or http, ws, wss; a path is kept as a prefix). */
  baseUrl?: string;
  /** TLS trust for `baseUrl`: the CA of a self-signed gateway certificate. */
  tls?: RemoteTlsOptions;
  token: string;
  /** Per REST request; default 30 s. */
  requestTimeoutMs?: number;
  /** Stream reconnect backoff; default 250 ms doubling to 5 s. */
  reconnectBackoff?: Partial<BackoffOptions>;
  /** A stream connection open this long resets its backoff; default 1 s. */
  healthyAfterMs?: number;
  /** How often a mutation is retried (same idempotency key) when the gateway is unreachable; default 2. */
  mutationRetries?: number;
  clock?: Clock;
}

/** Options of a mutation. */
export interface MutationOptions {
  /** Reuse the same key when retrying the same user intent; generated when absent. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

const MUTATION_RETRY_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 1000, factor: 2, jitter: 0.2 };

/** Talks to one gateway: typed REST calls and self-resuming streams. Dispose to close everything. */
export class GatewayClient implements IDisposable {
  private readonly transport: GatewayTransport;
  private readonly rest: RestRequester;
  private readonly token: string;
  private readonly clock: Clock;
  private readonly streamSettings: StreamSettings;
  private readonly mutationRetries: number;
  private readonly subscriptions = new Set<StreamSubscription>();
  private disposed = false;

  constructor(options: GatewayClientOptions) {
    this.transport = transportOf(options);
    this.token = options.token;
    this.clock = options.clock ?? systemClock;
    this.rest = new RestRequester(this.transport, options.token, options.requestTimeoutMs ?? 30_000);
    this.mutationRetries = options.mutationRetries ?? 2;
    this.streamSettings = {
      backoff: { ...DEFAULT_RECONNECT_BACKOFF, ...options.reconnectBackoff },
      clock: this.clock,
      healthyAfterMs: options.healthyAfterMs ?? 1000,
    };
  }

  /** `GET /healthz`: the host process answers. */
  health(signal?: AbortSignal): Promise<HealthStatus> {
    return this.rest.call({ method: 'GET', path: '/healthz', schema: HealthStatusSchema, signal });
  }

  /** `GET /readyz`: resolves when ready; rejects with code `unavailable` while the host starts. */
  ready(signal?: AbortSignal): Promise<ReadyStatus> {
    return this.rest.call({ method: 'GET', path: '/readyz', schema: ReadyStatusSchema, signal });
  }

  capabilities(signal?: AbortSignal): Promise<Capabilities> {
    return this.rest.call({ method: 'GET', path: '/api/v1/capabilities', schema: CapabilitiesSchema, signal });
  }

  /** The dashboard state; stream events from its `seq` to stay current. */
  snapshot(signal?: AbortSignal): Promise<DashboardSnapshot> {
    return this.rest.call({ method: 'GET', path: '/api/v1/dashboard/snapshot', schema: DashboardSnapshotSchema, signal });
  }

  /** One page of events after `cursor` (limit 1..1000, default 200). */
  events(cursor = 0, limit?: number, signal?: AbortSignal): Promise<EventPage> {
    const query = new URLSearchParams({ cursor: String(cursor) });
    if (limit !== undefined) query.set('limit', String(limit));
    return this.rest.call({ method: 'GET', path: `/api/v1/events?${query}`, schema: EventPageSchema, signal });
  }

  dispatch(request: DispatchRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/dispatch', request, options);
  }

  decideApproval(request: ApprovalDecisionRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/approval-decision', request, options);
  }

  /** Live events after `cursor`, each exactly once and in order, across reconnects. */
  subscribeEvents(options: SubscribeEventsOptions): StreamSubscription {
    return this.track(() => new EventSubscription(this.transport, this.token, options, this.streamSettings));
  }

  /** A run's terminal output after `cursor`, each chunk exactly once and in order, across reconnects. */
  subscribeTerminal(options: SubscribeTerminalOptions): StreamSubscription {
    return this.track(() => new TerminalSubscription(this.transport, this.token, options, this.streamSettings));
  }

  /** Polls `/readyz` with backoff until the host is ready (after spawning it). */
  waitForReady(options: WaitForReadyOptions): Promise<void> {
    return waitForReady((signal) => this.ready(signal), options, this.clock);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions.clear();
    this.transport.dispose();
  }

  /** Sends a mutation; retries with the same key are safe because the gateway replays the receipt. */
  private async mutate(path: string, body: object, options: MutationOptions): Promise<ActionReceipt> {
    const headers = { [IDEMPOTENCY_HEADER]: options.idempotencyKey ?? randomUUID() };
    const backoff = new Backoff(MUTATION_RETRY_BACKOFF);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.rest.call({ method: 'POST', path, schema: ActionReceiptSchema, body, headers, signal: options.signal });
      } catch (error) {
        const retryable = error instanceof GatewayClientError && error.code === GatewayClientErrorCode.unreachable;
        if (!retryable || attempt >= this.mutationRetries) throw error;
        await delay(this.clock, backoff.next(), options.signal);
      }
    }
  }

  private track(create: () => StreamSubscription): StreamSubscription {
    if (this.disposed) throw new GatewayClientError('client_disposed', 'this GatewayClient was disposed; create a new one');
    const subscription = create();
    this.subscriptions.add(subscription);
    const dispose = subscription.dispose.bind(subscription);
    return {
      get cursor() { return subscription.cursor; },
      dispose: () => { this.subscriptions.delete(subscription); dispose(); },
    };
  }
}

function transportOf(options: GatewayClientOptions): GatewayTransport {
  if ((options.socketPath === undefined) === (options.baseUrl === undefined)) {
    throw new GatewayClientError('invalid_client_options', 'give the GatewayClient exactly one of socketPath (the local host) or baseUrl (a remote gateway)');
  }
  return options.socketPath !== undefined ? unixSocketTransport(options.socketPath) : remoteTransport(options.baseUrl as string, options.tls);
}
