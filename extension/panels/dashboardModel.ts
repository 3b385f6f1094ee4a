import { z } from 'zod';
import type {
  BlockedIssue, DashboardFolder, DashboardSnapshot, EventEnvelope, HealthCard, Issue, LinearBudget, RecentEvent, Run, TokenPoint,
} from '../../host/protocol/index.ts';
import type { WebviewError } from '../../host/protocol/webviewBridge.ts';
import type { RuntimeState } from '../state/runtimeState.ts';

/** Recent events the dashboard lists, and points its token chart keeps. */
export const RECENT_EVENTS = 30;
const MAX_POINTS = 200;
/** Blocker states that no longer block (the default terminal states; the host's config may name others). */
const DONE_STATES = new Set(['closed', 'cancelled', 'canceled', 'duplicate', 'done']);

/** What the dashboard knows about one folder's host besides its RuntimeState. */
export interface FolderFeedState {
  snapshot: DashboardSnapshot | undefined;
  snapshotAt: string | null;
  error: WebviewError | null;
  /** Oldest first, at most RECENT_EVENTS. */
  events: readonly EventEnvelope[];
}

export interface FolderModelInput {
  name: string;
  key: string;
  hostState: string;
  hostError: string | null;
  startToReadyMs: number | null;
  /** The extension's event stream from this host. */
  streamStatus: 'connected' | 'reconnecting' | 'closed';
  state: RuntimeState;
  feed: FolderFeedState;
  now: Date;
}

export function buildFolderView(input: FolderModelInput): DashboardFolder {
  const { state, feed } = input;
  const snapshot = feed.snapshot;
  const runs = [...state.runs.values()];
  return {
    name: input.name,
    key: input.key,
    host_state: input.hostState,
    host_error: input.hostError,
    workflow_error: state.workflow?.error?.message ?? null,
    tracker_error: state.trackerError,
    issue_count: state.issues.size,
    runs: [...runs].sort((a, b) => b.queued_at.localeCompare(a.queued_at)).slice(0, 50),
    pending_approvals: state.pendingApprovals(),
    snapshot_error: feed.error,
    snapshot_at: feed.snapshotAt,
    health: {
      host: hostHealth(input),
      gateway: gatewayHealth(input),
      harness: harnessHealth(snapshot),
      tracker: trackerHealth(snapshot, state.trackerError),
    },
    active_runs: snapshot?.running ?? [],
    queue_depth: runs.filter((run) => run.state === 'queued').length,
    blocked: blockedWork([...state.issues.values()]),
    retrying: [...(snapshot?.retrying ?? [])].sort((a, b) => a.due_at.localeCompare(b.due_at)),
    recent_events: [...feed.events].reverse().map(recentEvent),
    token_series: tokenSeries(runs, input.now),
    totals: {
      input_tokens: snapshot?.codex_totals.input_tokens ?? sum(runs, (run) => run.tokens.input_tokens),
      output_tokens: snapshot?.codex_totals.output_tokens ?? sum(runs, (run) => run.tokens.output_tokens),
      total_tokens: snapshot?.codex_totals.total_tokens ?? sum(runs, (run) => run.tokens.total_tokens),
      seconds_running: snapshot?.codex_totals.seconds_running ?? 0,
      cost_usd: null,
    },
    linear_budget: linearBudget(snapshot?.tracker.stats ?? null),
  };
}

function sum(runs: readonly Run[], value: (run: Run) => number): number {
  return runs.reduce((total, run) => total + value(run), 0);
}

function hostHealth(input: FolderModelInput): HealthCard {
  const level = input.hostState === 'ready' ? 'ok' : input.hostState === 'failed' ? 'error' : input.hostState === 'starting' ? 'warn' : 'unknown';
  const ready = input.startToReadyMs !== null && input.hostState === 'ready' ? ` (ready in ${(input.startToReadyMs / 1000).toFixed(1)} s)` : '';
  return { level, summary: `${input.hostState}${ready}`, details: input.hostError ? [input.hostError] : [] };
}

function gatewayHealth(input: FolderModelInput): HealthCard {
  const { feed } = input;
  const gateway = feed.snapshot?.gateway;
  const details = [
    ...(gateway?.listeners ?? []).map((listener) => (listener.kind === 'socket' ? `socket ${listener.socketPath}` : `${listener.secure ? 'https' : 'http'} ${listener.url}`)),
    ...Object.entries(gateway?.streams ?? {}).map(([kind, stream]) => `${kind}: ${stream.subscribers} subscriber(s), lag ${stream.max_lag}, ${stream.resyncs} resync(s)`),
  ];
  if (feed.error) return { level: 'error', summary: `snapshot failed: ${feed.error.message}`, details };
  if (input.hostState !== 'ready') return { level: 'unknown', summary: 'not connected', details };
  const level = input.streamStatus === 'connected' ? 'ok' : input.streamStatus === 'reconnecting' ? 'warn' : 'error';
  const lagging = Object.values(gateway?.streams ?? {}).some((stream) => stream.max_lag > 1000);
  return { level: level === 'ok' && lagging ? 'warn' : level, summary: `events stream ${input.streamStatus}${lagging ? ', a subscriber lags' : ''}`, details };
}

function harnessHealth(snapshot: DashboardSnapshot | undefined): HealthCard {
  if (!snapshot) return { level: 'unknown', summary: 'reading the host snapshot…', details: [] };
  const sessions = snapshot.running?.length ?? snapshot.counts.running;
  const preflight = snapshot.preflight;
  if (preflight && !preflight.ok) return { level: 'error', summary: 'dispatch paused: preflight fails', details: preflight.errors };
  return { level: 'ok', summary: `${sessions} session(s) running`, details: rateLimitLines(snapshot.rate_limits) };
}

const RateWindowSchema = z.object({ usedPercent: z.number().optional(), used_percent: z.number().optional(), windowDurationMins: z.number().nullable().optional() });
const RateLimitsSchema = z.object({ rateLimits: z.object({ primary: RateWindowSchema.nullable().optional(), secondary: RateWindowSchema.nullable().optional() }).optional() });

/** The agent's reported rate-limit windows (Codex `account/rateLimits/updated`) as short lines. */
export function rateLimitLines(rateLimits: unknown): string[] {
  const parsed = RateLimitsSchema.safeParse(rateLimits);
  if (!parsed.success || !parsed.data.rateLimits) return rateLimits ? ['the agent reported rate limits'] : [];
  return (['primary', 'secondary'] as const).flatMap((name) => {
    const window = parsed.data.rateLimits?.[name];
    const used = window?.usedPercent ?? window?.used_percent;
    if (used === undefined) return [];
    const span = window?.windowDurationMins ? ` of the ${window.windowDurationMins >= 60 ? `${Math.round(window.windowDurationMins / 60)} h` : `${window.windowDurationMins} min`} window` : '';
    return [`model rate limit (${name}): ${Math.round(used)}% used${span}`];
  });
}

function trackerHealth(snapshot: DashboardSnapshot | undefined, trackerError: string | null): HealthCard {
  const tracker = snapshot?.tracker;
  const error = trackerError ?? tracker?.error ?? null;
  const kind = tracker?.kind ?? 'tracker';
  const synced = tracker?.last_sync_at ? `synced ${new Date(tracker.last_sync_at).toLocaleTimeString()}` : 'not synced yet';
  const budget = linearBudget(tracker?.stats ?? null);
  if (error) return { level: 'error', summary: `${kind}: ${error}`, details: [] };
  if (budget?.rate_limited_until) return { level: 'warn', summary: `${kind}: rate limited until ${new Date(budget.rate_limited_until).toLocaleTimeString()}`, details: [] };
  if (!tracker) return { level: 'unknown', summary: 'reading the host snapshot…', details: [] };
  return { level: tracker.last_sync_at ? 'ok' : 'warn', summary: `${kind}: ${synced}`, details: budget ? [`${budget.requests} request(s) sent, ${budget.failed_requests} failed`] : [] };
}

/** Issues held back by a blocker that is not done yet (and not done themselves). */
export function blockedWork(issues: readonly Issue[]): BlockedIssue[] {
  const stateOf = new Map(issues.map((issue) => [issue.id, issue.state]));
  const open = (state: string | null | undefined) => !DONE_STATES.has((state ?? '').toLowerCase());
  return issues
    .filter((issue) => open(issue.state))
    .map((issue) => ({ issue, blockers: issue.blocked_by.filter((blocker) => open(blocker.id ? stateOf.get(blocker.id) ?? blocker.state : blocker.state)) }))
    .filter(({ blockers }) => blockers.length > 0)
    .map(({ issue, blockers }) => ({ issue_id: issue.id, identifier: issue.identifier, title: issue.title, blockers: blockers.map((blocker) => blocker.identifier ?? blocker.id ?? '?') }))
    .sort((a, b) => a.identifier.localeCompare(b.identifier));
}

/**
 * Cumulative tokens over time: each run counts at its end (or now, while it runs), so the line
 * rises as runs finish and its last point is the current total.
 */
export function tokenSeries(runs: readonly Run[], now: Date): TokenPoint[] {
  const finished = runs
    .map((run) => ({ at: run.ended_at ?? now.toISOString(), tokens: run.tokens.total_tokens, started: run.started_at ?? run.queued_at }))
    .sort((a, b) => a.at.localeCompare(b.at));
  if (finished.length === 0) return [];
  const points: TokenPoint[] = [{ at: finished.reduce((first, run) => (run.started < first ? run.started : first), finished[0]!.started), total_tokens: 0, cost_usd: null }];
  let total = 0;
  for (const run of finished) {
    total += run.tokens;
    const last = points.at(-1)!;
    if (last.at === run.at) last.total_tokens = total;
    else points.push({ at: run.at, total_tokens: total, cost_usd: null });
  }
  return points.slice(-MAX_POINTS);
}

const BudgetStatsSchema = z.object({
  requests: z.number(),
  failed_requests: z.number().optional(),
  rate_limited_until: z.string().nullable().optional(),
  rate_limit: z.object({ requests: z.object({ limit: z.number().nullable(), remaining: z.number().nullable(), reset_at: z.number().nullable() }) }).nullable().optional(),
});

/** The Linear adapter's request stats (snapshot `tracker.stats`), when the tracker reports them. */
export function linearBudget(stats: Record<string, unknown> | null): LinearBudget | null {
  const parsed = BudgetStatsSchema.safeParse(stats);
  if (!parsed.success) return null;
  const budget = parsed.data.rate_limit?.requests;
  return {
    requests: parsed.data.requests,
    failed_requests: parsed.data.failed_requests ?? 0,
    limit: budget?.limit ?? null,
    remaining: budget?.remaining ?? null,
    reset_at: budget?.reset_at ? new Date(budget.reset_at).toISOString() : null,
    rate_limited_until: parsed.data.rate_limited_until ?? null,
  };
}

function recentEvent(event: EventEnvelope): RecentEvent {
  return { seq: event.seq, type: event.type, timestamp: event.timestamp, summary: event.summary, run_id: event.entity_refs.find((ref) => ref.kind === 'run')?.id ?? null };
}
