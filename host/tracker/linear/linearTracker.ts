import type { Dispatcher } from 'undici';
import type { Clock } from '../../base/clock.ts';
import { systemClock } from '../../base/clock.ts';
import { Emitter } from '../../base/emitter.ts';
import type { Event } from '../../base/emitter.ts';
import { Disposable, toDisposable } from '../../base/lifecycle.ts';
import type { Logger } from '../../base/logger.ts';
import type { Issue, Milestone, Project } from '../../protocol/index.ts';
import type { NewTrackerIssue, NewTrackerMilestone, Tracker, TrackerComment } from '../tracker.ts';
import { LinearApiClient } from './linearApiClient.ts';
import { queryIssuesByIds, queryIssuesInStates } from './linearDirectReads.ts';
import { LinearIssueCache, WatchedIssueIds } from './linearIssueCache.ts';
import { LinearIssueSync } from './linearIssueSync.ts';
import { LINEAR_PAGE_SIZE } from './linearQueries.ts';
import { LinearRequestMeter } from './linearRequestStats.ts';
import type { LinearRequestStats } from './linearRequestStats.ts';
import { LinearTrackerError } from './linearTrackerError.ts';
import { DEFAULT_LINEAR_ENDPOINT } from './linearTransport.ts';
import { LinearWrites } from './linearWrites.ts';

/** How long one sync answers every read (a poll tick's reads share one request). */
export const DEFAULT_CACHE_TTL_MS = 5_000;
/** How often the whole project is listed again, which drops issues that left it or were deleted. */
export const DEFAULT_FULL_RESYNC_INTERVAL_MS = 10 * 60_000;
/** How far before the previous sync a delta sync starts (Linear's clock), for writes that become visible late. */
export const DEFAULT_SYNC_OVERLAP_MS = 10_000;

/** Settings of the Linear tracker (WORKFLOW.md `tracker.*` after `$VAR` resolution). */
export interface LinearTrackerOptions {
  /** GraphQL endpoint; default `https://api.linear.app/graphql`. */
  endpoint?: string;
  /** Personal API key (`lin_api_…`) or OAuth token. Missing → `missing_tracker_api_key`. */
  apiKey: string | null | undefined;
  /** The project's `slugId`. Missing → `missing_tracker_project_slug`. */
  projectSlug: string | null | undefined;
  activeStates?: readonly string[];
  terminalStates?: readonly string[];
  clock?: Clock;
  /** undici dispatcher for every request (proxy, tests). */
  dispatcher?: Dispatcher;
  /** Whole-request timeout; default 30 s. */
  timeoutMs?: number;
  cacheTtlMs?: number;
  fullResyncIntervalMs?: number;
  syncOverlapMs?: number;
  log?: Logger;
}

/** The Linear adapter: the Tracker port plus request stats and Symphony's direct state query. */
export interface LinearTracker extends Tracker {
  readonly kind: 'linear';
  stats(): LinearRequestStats;
  /** Issues in `states` straight from Linear (not the cache): Symphony's candidate query, used for the startup sweep. */
  fetchIssuesInStates(states: readonly string[]): Promise<Issue[]>;
  /** `fetchIssuesInStates(terminalStates)`: the startup sweep's query. */
  fetchTerminalIssues(): Promise<Issue[]>;
  refreshIssue(issueId: string): Promise<Issue | undefined>;
  createComment(issueId: string, body: string): Promise<TrackerComment>;
  transitionIssue(issueId: string, stateName: string): Promise<Issue>;
  createIssue(input: NewTrackerIssue): Promise<Issue>;
  createMilestone(input: NewTrackerMilestone): Promise<Milestone>;
}

/**
 * Reads one Linear project. Every read is answered from a cache that one sync per `cacheTtlMs`
 * refreshes (see LinearIssueSync), so an idle poll tick costs at most one request whichever reads it
 * makes. `onDidChange` never fires: this build has no Linear webhook, polling finds every change.
 */
class LinearTrackerAdapter extends Disposable implements LinearTracker {
  readonly kind = 'linear';
  readonly onDidChange: Event<void>;
  private readonly clock: Clock;
  private readonly projectSlug: string;
  private readonly terminalStates: readonly string[];
  private readonly cacheTtlMs: number;
  private readonly meter = new LinearRequestMeter();
  private readonly api: LinearApiClient;
  private readonly cache = new LinearIssueCache();
  private readonly watched: WatchedIssueIds;
  private readonly sync: LinearIssueSync;
  private readonly writes: LinearWrites;
  private lastSyncAt: number | null = null;
  private syncing: Promise<void> | undefined;

  constructor(options: LinearTrackerOptions & { apiKey: string; projectSlug: string }) {
    super();
    this.onDidChange = this.register(new Emitter<void>()).event;
    this.clock = options.clock ?? systemClock;
    this.projectSlug = options.projectSlug;
    this.terminalStates = options.terminalStates ?? [];
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    const fullResyncIntervalMs = options.fullResyncIntervalMs ?? DEFAULT_FULL_RESYNC_INTERVAL_MS;
    const lifetime = new AbortController();
    this.register(toDisposable(() => lifetime.abort(new Error('the Linear tracker was disposed'))));
    this.api = new LinearApiClient(
      { endpoint: options.endpoint ?? DEFAULT_LINEAR_ENDPOINT, apiKey: options.apiKey, timeoutMs: options.timeoutMs, clock: this.clock, dispatcher: options.dispatcher },
      this.meter, { log: options.log, signal: lifetime.signal });
    this.watched = new WatchedIssueIds(LINEAR_PAGE_SIZE, fullResyncIntervalMs);
    this.sync = new LinearIssueSync({
      api: this.api, cache: this.cache, watched: this.watched, projectSlug: this.projectSlug, clock: this.clock, log: options.log,
      timing: { fullResyncIntervalMs, overlapMs: options.syncOverlapMs ?? DEFAULT_SYNC_OVERLAP_MS },
    });
    this.writes = new LinearWrites({ api: this.api, projectSlug: this.projectSlug, remember: (issue) => this.cache.upsert(issue) });
  }

  async fetchAllIssues(): Promise<Issue[]> {
    await this.refresh();
    return this.cache.list();
  }

  async fetchIssuesByStates(states: readonly string[]): Promise<Issue[]> {
    if (states.length === 0) return [];
    const wanted = new Set(states.map(normalizeState));
    await this.refresh();
    return this.cache.list().filter((issue) => wanted.has(normalizeState(issue.state)));
  }

  async fetchStructure(): Promise<{ projects: Project[]; milestones: Milestone[] }> {
    await this.refresh();
    return structuredClone(this.sync.structure ?? { projects: [], milestones: [] });
  }

  /**
   * Full snapshots of these ids (a set: duplicates and order do not matter; the answer follows the
   * first occurrence). Ids the last sync settled come from the cache; the rest are asked for by id.
   * Ids not in the project, archived or deleted are left out; a malformed record fails the call.
   */
  async fetchIssuesByIds(ids: readonly string[]): Promise<Issue[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    this.watched.touch(unique, this.clock.now());
    await this.refresh();
    const unsettled = unique.filter((id) => !this.cache.covers(id));
    if (unsettled.length > 0) {
      const found = new Set<string>();
      for (const record of await queryIssuesByIds(this.api, this.projectSlug, unsettled)) {
        found.add(record.issue.id);
        if (record.removed) this.cache.remove(record.issue.id);
        else this.cache.upsert(record.issue);
      }
      for (const id of unsettled) if (!found.has(id)) this.cache.remove(id);
    }
    return unique.map((id) => this.cache.get(id)).filter((issue): issue is Issue => issue !== undefined);
  }

  async fetchIssuesInStates(states: readonly string[]): Promise<Issue[]> {
    if (states.length === 0) return [];
    const records = await queryIssuesInStates(this.api, this.projectSlug, states);
    return records.filter((record) => !record.removed).map((record) => record.issue);
  }

  fetchTerminalIssues(): Promise<Issue[]> {
    return this.fetchIssuesInStates(this.terminalStates);
  }

  /** One by-id query straight to Linear (never the cache); the answer also updates the cache. */
  async refreshIssue(issueId: string): Promise<Issue | undefined> {
    const [record] = await queryIssuesByIds(this.api, this.projectSlug, [issueId]);
    if (!record || record.removed) {
      this.cache.remove(issueId);
      return undefined;
    }
    this.cache.upsert(record.issue);
    return record.issue;
  }

  createComment(issueId: string, body: string): Promise<TrackerComment> {
    return this.writes.createComment(issueId, body);
  }

  transitionIssue(issueId: string, stateName: string): Promise<Issue> {
    return this.writes.transitionIssue(issueId, stateName);
  }

  createIssue(input: NewTrackerIssue): Promise<Issue> {
    return this.writes.createIssue(input);
  }

  createMilestone(input: NewTrackerMilestone): Promise<Milestone> {
    return this.writes.createMilestone(input);
  }

  stats(): LinearRequestStats {
    return this.meter.snapshot({
      rateLimitedUntil: this.api.rateLimitedUntil, cachedIssues: this.cache.size, lastSyncAt: this.lastSyncAt, lastFullSyncAt: this.sync.lastFullSyncAt,
    });
  }

  /** Syncs unless a sync finished less than `cacheTtlMs` ago; concurrent callers share one sync. */
  private refresh(): Promise<void> {
    if (this.syncing) return this.syncing;
    if (this.lastSyncAt !== null && this.clock.now() - this.lastSyncAt < this.cacheTtlMs) return Promise.resolve();
    this.syncing = this.sync.run().then(() => {
      this.lastSyncAt = this.clock.now();
    }).finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }
}

/** Creates the Linear tracker; throws `missing_tracker_api_key` / `missing_tracker_project_slug` (dispatch preflight). */
export function createLinearTracker(options: LinearTrackerOptions): LinearTracker {
  const apiKey = options.apiKey?.trim() ?? '';
  const projectSlug = options.projectSlug?.trim() ?? '';
  if (apiKey === '') {
    throw new LinearTrackerError('missing_tracker_api_key',
      'tracker.kind is linear but no API key is configured. Set tracker.api_key in WORKFLOW.md to $YOUR_VARIABLE, or set LINEAR_API_KEY in the environment of VS Code (Linear: Settings → Account → Security & access → Personal API keys).');
  }
  if (projectSlug === '') {
    throw new LinearTrackerError('missing_tracker_project_slug',
      "tracker.kind is linear but tracker.project_slug is not set. Set it to the project's slug: the last part of the project URL, linear.app/<workspace>/project/<name>-<slug>.");
  }
  return new LinearTrackerAdapter({ ...options, apiKey, projectSlug });
}

function normalizeState(state: string): string {
  return state.trim().toLowerCase();
}
