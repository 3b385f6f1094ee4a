import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { systemClock } from '../base/clock.ts';
import type { Clock } from '../base/clock.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import {
  ActionReceiptSchema, CapabilitiesSchema, DashboardSnapshotSchema, EventPageSchema, IDEMPOTENCY_HEADER, IssueDetailSchema, MilestoneDetailSchema,
  ProjectDetailSchema, ProjectListSchema, RunDetailSchema, RunDiffSchema, RunEventPageSchema, RunFilesSchema, RunLogPageSchema, SubIssuePageSchema,
  TaskGraphPageSchema, TerminalSnapshotSchema,
} from '../protocol/index.ts';
import type {
  ActionReceipt, ApprovalDecisionRequest, EventEnvelope, Capabilities, CommentRequest, CreateFollowupRequest, CreateIssueRequest, CreateMilestoneRequest,
  CreateSubIssueRequest, DashboardSnapshot, DispatchRequest, EventPage, IssueDetail, MilestoneDetail, ProjectDetail, ProjectList, RehydrateRequest,
  RunDetail, RunDiff, RunEventPage, RunFiles, RunLogPage, RunTargetRequest, SendMessageRequest, SubIssuePage, TaskGraphPage, TerminalSnapshot,
  TransitionIssueRequest,
} from '../protocol/index.ts';
import { Backoff, DEFAULT_RECONNECT_BACKOFF, delay } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { GatewayClientError, GatewayClientErrorCode } from './gatewayClientError.ts';
import { remoteTransport, unixSocketTransport } from './gatewayTransport.ts';
import type { GatewayTransport, RemoteTlsOptions } from './gatewayTransport.ts';
import { EventSubscription } from './eventSubscription.ts';
import type { SubscribeEventsOptions, SubscribePlanningEventsOptions, SubscribeRunEventsOptions } from './eventSubscription.ts';
export type { SubscribePlanningEventsOptions, SubscribeRunEventsOptions } from './eventSubscription.ts';
import { nodePath, planningStreamPath, runDiffPath, runEventsPath, runPath, runStreamPath, terminalSnapshotPath } from './gatewayPaths.ts';
import type { NodePageQuery, RunEventQuery } from './gatewayPaths.ts';
import { HealthStatusSchema, ReadyStatusSchema } from '../protocol/index.ts';
import type { HealthStatus, ReadyStatus } from '../protocol/index.ts';
import { RestRequester } from './restRequest.ts';
import type { StreamSettings, StreamSubscription } from './streamSubscription.ts';
import { awaitReceiptEvents } from './receiptEvents.ts';
import type { AwaitReceiptEventsOptions } from './receiptEvents.ts';
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
  /**
   * Reads and streams only: every mutation fails with `read_only` before anything is sent (e.g. a
   * remote gateway watched from a workspace the user has not trusted).
   */
  readOnly?: boolean;
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
  private readonly readOnly: boolean;
  private readonly subscriptions = new Set<StreamSubscription>();
  private disposed = false;

  constructor(options: GatewayClientOptions) {
    this.transport = transportOf(options);
    this.token = options.token;
    this.clock = options.clock ?? systemClock;
    this.rest = new RestRequester(this.transport, options.token, options.requestTimeoutMs ?? 30_000);
    this.mutationRetries = options.mutationRetries ?? 2;
    this.readOnly = options.readOnly ?? false;
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

  /** Every project with its counts. */
  projects(signal?: AbortSignal): Promise<ProjectList> {
    return this.get('/api/v1/projects', ProjectListSchema, signal);
  }

  /** A project, its milestones and one page of its issues. */
  projectTaskGraph(projectId: string, page: NodePageQuery = {}, signal?: AbortSignal): Promise<TaskGraphPage> {
    return this.get(nodePath('projects', projectId, '/taskgraph', page), TaskGraphPageSchema, signal);
  }

  /** A project node (with counts) and its milestones. */
  project(projectId: string, signal?: AbortSignal): Promise<ProjectDetail> {
    return this.get(nodePath('projects', projectId), ProjectDetailSchema, signal);
  }

  /** A milestone and one page of its top-level issues. */
  milestone(milestoneId: string, page: NodePageQuery = {}, signal?: AbortSignal): Promise<MilestoneDetail> {
    return this.get(nodePath('milestones', milestoneId, '', page), MilestoneDetailSchema, signal);
  }

  /** An issue with its runtime overlay and the host's runs of it (newest first). */
  issue(issueId: string, signal?: AbortSignal): Promise<IssueDetail> {
    return this.get(nodePath('issues', issueId), IssueDetailSchema, signal);
  }

  /** One page of an issue's sub-issues. */
  subIssues(issueId: string, page: NodePageQuery = {}, signal?: AbortSignal): Promise<SubIssuePage> {
    return this.get(nodePath('sub-issues', issueId, '', page), SubIssuePageSchema, signal);
  }

  /** What a run-detail view opens with; stream the run from `last_event_seq`. */
  runDetail(runId: string, signal?: AbortSignal): Promise<RunDetail> {
    return this.get(runPath(runId), RunDetailSchema, signal);
  }

  /** A page of a run's events; `direction: 'backward'` loads the newest page first. */
  runEvents(runId: string, query: RunEventQuery = {}, signal?: AbortSignal): Promise<RunEventPage> {
    return this.get(runEventsPath(runId, 'events', query), RunEventPageSchema, signal);
  }

  /** A page of a run's log lines (its events' summaries with levels), paged like its events. */
  runLogs(runId: string, query: RunEventQuery = {}, signal?: AbortSignal): Promise<RunLogPage> {
    return this.get(runEventsPath(runId, 'logs', query), RunLogPageSchema, signal);
  }

  /** Files the run changed in its workspace. */
  runFiles(runId: string, signal?: AbortSignal): Promise<RunFiles> {
    return this.get(runPath(runId, '/files'), RunFilesSchema, signal);
  }

  /** The unified diff of one changed file (a path as `runFiles` lists it). */
  runDiff(runId: string, path: string, signal?: AbortSignal): Promise<RunDiff> {
    return this.get(runDiffPath(runId, path), RunDiffSchema, signal);
  }

  /** Stored terminal output of a run after `cursor` (chunks as base64). */
  terminalSnapshot(runId: string, terminalId: string, page: { cursor?: number; limit?: number } = {}, signal?: AbortSignal): Promise<TerminalSnapshot> {
    return this.get(terminalSnapshotPath(runId, terminalId, page.cursor, page.limit), TerminalSnapshotSchema, signal);
  }

  dispatch(request: DispatchRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/dispatch', request, options);
  }

  decideApproval(request: ApprovalDecisionRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/approval-decision', request, options);
  }

  /** Starts the run's issue again; refused (`conflict`) while the issue has a queued or running run. */
  retry(request: RunTargetRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/retry', request, options);
  }

  /** Cancels a queued, running or retrying run. */
  cancel(request: RunTargetRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/cancel', request, options);
  }

  /** Pauses a running run's agent (harnesses that can). */
  pause(request: RunTargetRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/pause', request, options);
  }

  /** Resumes a paused run's agent. */
  resume(request: RunTargetRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/resume', request, options);
  }

  /** Passes a message to a running agent. */
  sendMessage(request: SendMessageRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/send-message', request, options);
  }

  /** Re-reads an issue from the tracker now and journals it. */
  rehydrate(request: RehydrateRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/rehydrate', request, options);
  }

  /** Adds a comment to an issue in the tracker. */
  comment(request: CommentRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/comment', request, options);
  }

  /** Moves an issue to a tracker state, by name. */
  transitionIssue(request: TransitionIssueRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/transition-issue', request, options);
  }

  /** Creates a follow-up issue under `issue_id`. */
  createFollowup(request: CreateFollowupRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/actions/create-followup', request, options);
  }

  /** Admin: a new milestone in a project. */
  createMilestone(request: CreateMilestoneRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/taskgraph/milestones', request, options);
  }

  /** Admin: a new top-level issue in a project. */
  createIssue(request: CreateIssueRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/taskgraph/issues', request, options);
  }

  /** Admin: a new sub-issue of an issue. */
  createSubIssue(request: CreateSubIssueRequest, options: MutationOptions = {}): Promise<ActionReceipt> {
    return this.mutate('/api/v1/taskgraph/sub-issues', request, options);
  }

  /** Live events after `cursor`, each exactly once and in order, across reconnects. */
  subscribeEvents(options: SubscribeEventsOptions): StreamSubscription {
    return this.track(() => new EventSubscription(this.transport, this.token, options, this.streamSettings));
  }

  /** One run's events after `cursor` (a journal seq), each exactly once and in order, across reconnects. */
  subscribeRunEvents(options: SubscribeRunEventsOptions): StreamSubscription {
    return this.track(() => new EventSubscription(this.transport, this.token, options, this.streamSettings, runStreamPath(options.runId)));
  }

  /** One planning session's events after `cursor` (a journal seq), each exactly once and in order, across reconnects. */
  subscribePlanningEvents(options: SubscribePlanningEventsOptions): StreamSubscription {
    return this.track(() => new EventSubscription(this.transport, this.token, options, this.streamSettings, planningStreamPath(options.sessionId)));
  }

  /**
   * Optional: waits until the events a receipt announced (`expected_events`, carrying its
   * correlation id) have arrived, and returns those events; `since` is a cursor read before the
   * mutation. Resolves at once for a refused receipt or one that expects nothing.
   */
  awaitReceiptEvents(receipt: ActionReceipt, options: AwaitReceiptEventsOptions): Promise<EventEnvelope[]> {
    return awaitReceiptEvents((subscribe) => this.subscribeEvents(subscribe), this.clock, receipt, options);
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

  private get<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    return this.rest.call({ method: 'GET', path, schema, signal });
  }

  /** Sends a mutation; retries with the same key are safe because the gateway replays the receipt. */
  private async mutate(path: string, body: object, options: MutationOptions): Promise<ActionReceipt> {
    if (this.readOnly) throw new GatewayClientError(GatewayClientErrorCode.readOnly, `this connection is read-only; ${path} was not sent`);
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
