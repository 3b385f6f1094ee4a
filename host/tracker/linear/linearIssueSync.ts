import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import type { Milestone } from '../../protocol/index.ts';
import type { LinearAnswer, LinearApiClient } from './linearApiClient.ts';
import type { LinearIssueCache, WatchedIssueIds } from './linearIssueCache.ts';
import { normalizeLinearIssue } from './linearIssueNormalizer.ts';
import type { LinearIssueRecord } from './linearIssueNormalizer.ts';
import { collectPages, readConnection } from './linearPager.ts';
import { collectMilestones, firstPageMilestones, readProjectNode } from './linearProjectStructure.ts';
import type { ProjectNode, ProjectStructure } from './linearProjectStructure.ts';
import { LINEAR_PAGE_SIZE, SYNC_ISSUES_QUERY } from './linearQueries.ts';

/** Timing of the cache sync; see LinearTrackerOptions for the defaults and why. */
export interface LinearSyncTiming {
  fullResyncIntervalMs: number;
  overlapMs: number;
}

interface SyncPass {
  filter: Record<string, unknown>;
  includeArchived: boolean;
}

/**
 * Keeps the issue cache and the project structure current with as few requests as possible.
 * A full sync lists the whole project (pages of 50) and replaces the cache; it runs first and then
 * every `fullResyncIntervalMs`, which is what removes issues that left the project or were deleted
 * without being watched. Between full syncs a delta sync asks only for issues of the project updated
 * after the previous sync began by Linear's clock (its `Date` header) minus `overlapMs`, for writes
 * that become visible late, plus the watched ids wherever they are now. When nothing changed in that
 * window it is ONE request, which also carries the project and its first 50 milestones. Issues
 * changed just before a sync fall in the next window too, so they are read at most twice.
 */
export class LinearIssueSync {
  private readonly api: LinearApiClient;
  private readonly cache: LinearIssueCache;
  private readonly watched: WatchedIssueIds;
  private readonly projectSlug: string;
  private readonly timing: LinearSyncTiming;
  private readonly clock: Clock;
  private readonly log: Logger | undefined;
  private lastFullAt: number | null = null;
  /** Server time of the last sync's first page minus the overlap: where the next delta starts. */
  private nextSince: number | null = null;
  /** The project and milestones as of the last sync; null before the first one. */
  structure: ProjectStructure | null = null;

  constructor(deps: { api: LinearApiClient; cache: LinearIssueCache; watched: WatchedIssueIds; projectSlug: string; timing: LinearSyncTiming; clock: Clock; log?: Logger }) {
    this.api = deps.api;
    this.cache = deps.cache;
    this.watched = deps.watched;
    this.projectSlug = deps.projectSlug;
    this.timing = deps.timing;
    this.clock = deps.clock;
    this.log = deps.log;
  }

  get lastFullSyncAt(): number | null {
    return this.lastFullAt;
  }

  /** One sync, full when due. Atomic: a failure on any page leaves cache and structure as they were. */
  async run(): Promise<void> {
    const startedAt = this.clock.now();
    if (this.lastFullAt === null || startedAt - this.lastFullAt >= this.timing.fullResyncIntervalMs) {
      await this.fullSync();
      this.lastFullAt = startedAt;
    } else {
      await this.deltaSync();
    }
  }

  private async fullSync(): Promise<void> {
    const { records, project, serverTime } = await this.listIssues({ filter: this.scope(), includeArchived: false });
    const milestones = await collectMilestones(this.api, project.project.id, project.milestones);
    const issues = records.filter((record) => !record.removed).map((record) => record.issue);
    this.cache.replaceAll(issues);
    this.structure = { projects: [project.project], milestones };
    this.nextSince = serverTime - this.timing.overlapMs;
    this.log?.log('debug', 'tracker.linear', 'full sync', { issues: issues.length, milestones: milestones.length });
  }

  private async deltaSync(): Promise<void> {
    const watch = this.watched.current(this.clock.now());
    const since = this.nextSince ?? 0;
    const changed = { ...this.scope(), updatedAt: { gt: new Date(since).toISOString() } };
    const filter = watch.length > 0 ? { or: [changed, { id: { in: watch } }] } : changed;
    const { records, project, serverTime } = await this.listIssues({ filter, includeArchived: true });
    const returned = new Set<string>();
    for (const record of records) {
      returned.add(record.issue.id);
      if (record.removed || record.projectSlug !== this.projectSlug) this.cache.remove(record.issue.id);
      else this.cache.upsert(record.issue);
    }
    for (const id of watch) if (!returned.has(id)) this.cache.remove(id);
    this.cache.coverOnly(watch);
    this.structure = { projects: [project.project], milestones: this.mergeMilestones(project) };
    this.nextSince = serverTime - this.timing.overlapMs;
  }

  /** All pages of one listing, with the project node from the first page. */
  private async listIssues(pass: SyncPass): Promise<{ records: LinearIssueRecord[]; project: ProjectNode; serverTime: number }> {
    const first = await this.page(pass, null, true);
    const project = readProjectNode(first.data, this.projectSlug);
    const nextPage = async (after: string) => readConnection((await this.page(pass, after, false)).data.issues, 'the issue sync');
    const records = await collectPages(readConnection(first.data.issues, 'the issue sync'), nextPage, `the issues of project "${this.projectSlug}"`, normalizeLinearIssue);
    return { records, project, serverTime: first.serverTime };
  }

  private page(pass: SyncPass, after: string | null, withStructure: boolean): Promise<LinearAnswer> {
    return this.api.request('sync', SYNC_ISSUES_QUERY, {
      filter: pass.filter, first: LINEAR_PAGE_SIZE, after, includeArchived: pass.includeArchived, projectSlug: this.projectSlug, withStructure,
    });
  }

  /** A delta re-reads the first 50 milestones; later pages stay as the last full sync saw them. */
  private mergeMilestones(project: ProjectNode): Milestone[] {
    const fresh = firstPageMilestones(project.project.id, project.milestones);
    if (!project.milestones.hasNextPage) return fresh;
    const ids = new Set(fresh.map((milestone) => milestone.id));
    return [...fresh, ...(this.structure?.milestones ?? []).filter((milestone) => !ids.has(milestone.id))];
  }

  private scope(): Record<string, unknown> {
    return { project: { slugId: { eq: this.projectSlug } } };
  }
}
