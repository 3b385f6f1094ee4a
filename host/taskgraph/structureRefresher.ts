import type { Clock } from '../base/clock.ts';
import { errorMessage } from '../base/errors.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import type { Logger } from '../base/logger.ts';
import type { Milestone, Project } from '../protocol/index.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { TaskGraphStructure } from './issuePlacement.ts';

export interface StructureRefresherOptions {
  tracker: () => Tracker | undefined;
  clock: Clock;
  log: Logger;
  /** The slow periodic refresh; projects and milestones change rarely. */
  intervalMs: number;
  /** The next try after a failed fetch (sooner than the interval, so names come back quickly). */
  failureRetryMs: number;
  /** Called after a fetch that changed the structure, with the new one. */
  onDidChange: (structure: { projects: Project[]; milestones: Milestone[] }) => void;
}

/**
 * The tracker's projects and milestones, fetched at start, when an issue mentions one not seen
 * yet, after a workflow reload and at a slow interval; one fetch at a time, a request made during
 * a fetch runs once after it. A failed fetch keeps the last structure and is retried after
 * `failureRetryMs`.
 */
export class StructureRefresher implements IDisposable {
  private readonly options: StructureRefresherOptions;
  private projects = new Map<string, Project>();
  private milestones = new Map<string, Milestone>();
  /** Ids that were unknown after the last fetch: asking again before the next interval would waste requests. */
  private readonly triedUnknown = new Set<string>();
  private inFlight: Promise<void> | undefined;
  /** The tracker of the last fetch: a workflow reload that keeps it needs no new fetch. */
  private source: Tracker | undefined;
  private again = false;
  private timer: IDisposable | undefined;
  private disposed = false;

  constructor(options: StructureRefresherOptions) {
    this.options = options;
  }

  get structure(): TaskGraphStructure {
    return { projects: this.projects, milestones: this.milestones };
  }

  /** Takes a structure journaled by an earlier fetch (a restart); returns whether it differs. */
  restore(structure: { projects: Project[]; milestones: Milestone[] }): boolean {
    return this.replace(structure.projects, structure.milestones);
  }

  /** Fetches now and starts the slow interval. */
  start(): void {
    void this.refresh();
  }

  /** Fetches (again) as soon as possible; resolves when the structure reflects the request. */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.fetchLoop().finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  /** Resolves when no fetch is under way (at once when idle). */
  settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  /** Fetches when the workflow now names another tracker than the last fetch used. */
  trackerMayHaveChanged(): void {
    const tracker = this.options.tracker();
    if (tracker && tracker !== this.source) void this.refresh();
  }

  /**
   * Fetches when an issue mentions a project or milestone this refresher has not seen and not yet
   * looked for; a fetch already under way counts as looking.
   */
  noteReferences(projectIds: Iterable<string>, milestoneIds: Iterable<string>): void {
    const unknown = [...[...projectIds].filter((id) => !this.projects.has(id)), ...[...milestoneIds].filter((id) => !this.milestones.has(id))];
    const fresh = unknown.filter((id) => !this.triedUnknown.has(id));
    if (!fresh.length) return;
    for (const id of fresh) this.triedUnknown.add(id);
    if (!this.inFlight) void this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
  }

  private async fetchLoop(): Promise<void> {
    do {
      this.again = false;
      this.schedule();
      await this.fetchOnce();
    } while (this.again && !this.disposed);
  }

  private schedule(delayMs = this.options.intervalMs): void {
    this.timer?.dispose();
    this.timer = this.options.clock.setTimeout(() => {
      this.triedUnknown.clear();
      void this.refresh();
    }, delayMs);
  }

  private async fetchOnce(): Promise<void> {
    const tracker = this.options.tracker();
    if (!tracker) return;
    this.source = tracker;
    let fetched: { projects: Project[]; milestones: Milestone[] };
    try {
      fetched = await tracker.fetchStructure();
    } catch (error) {
      this.options.log.log('warn', 'taskgraph', 'fetching projects and milestones failed; keeping the last ones', { error: errorMessage(error), retry_in_ms: this.options.failureRetryMs });
      if (!this.disposed) this.schedule(this.options.failureRetryMs);
      return;
    }
    if (this.disposed) return;
    if (this.replace(fetched.projects, fetched.milestones)) this.options.onDidChange(fetched);
  }

  private replace(fetchedProjects: readonly Project[], fetchedMilestones: readonly Milestone[]): boolean {
    const projects = new Map(fetchedProjects.map((project) => [project.id, project]));
    const milestones = new Map(fetchedMilestones.map((milestone) => [milestone.id, milestone]));
    const changed = JSON.stringify([...projects, ...milestones]) !== JSON.stringify([...this.projects, ...this.milestones]);
    this.projects = projects;
    this.milestones = milestones;
    return changed;
  }
}
