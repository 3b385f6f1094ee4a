import type { Clock } from '../base/clock.ts';
import { errorMessage } from '../base/errors.ts';
import { Disposable, toDisposable } from '../base/lifecycle.ts';
import type { Logger } from '../base/logger.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { EligibilityConfig } from '../orchestrator/eligibility.ts';
import type { EventEnvelope, NewEvent, ProjectList, TaskGraphNode, TaskGraphPage } from '../protocol/index.ts';
import { EventTypes, SCHEMA_VERSION, TaskGraphStructureSyncedSchema } from '../protocol/index.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { IssueMirror } from './issueMirror.ts';
import { NodeChangeFeed } from './nodeChangeFeed.ts';
import { RuntimeOverlays } from './runtimeOverlays.ts';
import { StructureRefresher } from './structureRefresher.ts';
import type { TaskGraphInputs } from './taskGraphModel.ts';
import { TaskGraphModel } from './taskGraphModel.ts';
import { pageIssues } from './taskGraphPaging.ts';
import type { ChildIssuePage, TaskGraphPageRequest, TaskGraphReader } from './taskGraphReader.ts';

export interface TaskGraphServiceOptions {
  journal: EventJournal;
  /** The current tracker adapter (it changes with WORKFLOW.md); used only for projects and milestones. */
  tracker: () => Tracker | undefined;
  /** The loaded workflow's settings; undefined until WORKFLOW.md loads. */
  config: () => EligibilityConfig | undefined;
  clock: Clock;
  log: Logger;
  /** Periodic refresh of projects and milestones; default 10 minutes. */
  structureIntervalMs?: number;
  /** How long token and last-event changes may wait to be coalesced into one event; default 1 s. */
  volatileDelayMs?: number;
}

export const DEFAULT_STRUCTURE_INTERVAL_MS = 10 * 60_000;
export const DEFAULT_VOLATILE_DELAY_MS = 1_000;
/** After a failed structure fetch, the next try (unless the interval is shorter). */
export const STRUCTURE_FAILURE_RETRY_MS = 60_000;
/** Journal events read per page while rebuilding at start. */
const REPLAY_PAGE = 1_000;

/** What one journal batch changed. */
interface Dirty {
  all: boolean;
  issues: Set<string>;
  workflow: boolean;
}

/**
 * The task graph: tracker projects, milestones and issues joined with runtime overlays. Issues
 * come from the orchestrator's `tracker.synced` events (no tracker read of its own; the structure
 * is fetched rarely and journaled as `taskgraph.structure_synced`), overlays from run, retry,
 * approval and token events. State is rebuilt from the journal at start, then follows it; every
 * node whose DTO changes is published as `taskgraph.node_changed` (or `taskgraph.node_removed`).
 */
export class TaskGraphService extends Disposable implements TaskGraphReader {
  private readonly options: TaskGraphServiceOptions;
  private readonly issues = new IssueMirror();
  private readonly overlays = new RuntimeOverlays();
  private readonly model = new TaskGraphModel();
  private readonly structure: StructureRefresher;
  private readonly feed: NodeChangeFeed;
  private appliedSeq = 0;
  private started = false;

  constructor(options: TaskGraphServiceOptions) {
    super();
    this.options = options;
    this.structure = this.register(new StructureRefresher({
      tracker: options.tracker, clock: options.clock, log: options.log,
      intervalMs: options.structureIntervalMs ?? DEFAULT_STRUCTURE_INTERVAL_MS,
      failureRetryMs: Math.min(STRUCTURE_FAILURE_RETRY_MS, options.structureIntervalMs ?? DEFAULT_STRUCTURE_INTERVAL_MS),
      onDidChange: (structure) => {
        this.publish([{ type: EventTypes.taskGraphStructureSynced, actor: { kind: 'tracker' }, summary: `tracker: ${structure.projects.length} project(s), ${structure.milestones.length} milestone(s)`, payload: structure }]);
        this.applyDirty({ all: true, issues: new Set(), workflow: false });
      },
    }));
    this.feed = this.register(new NodeChangeFeed({
      clock: options.clock,
      volatileDelayMs: options.volatileDelayMs ?? DEFAULT_VOLATILE_DELAY_MS,
      lookup: (nodeId) => this.model.node(nodeId),
      publish: (events) => this.publish(events),
    }));
  }

  /** The journal position the graph reflects. */
  get seq(): number {
    return this.appliedSeq;
  }

  /** Rebuilds from the journal, follows it from then on, and fetches the structure. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const dirty = this.replay();
    this.model.rebuild(this.inputs());
    this.feed.baseline(this.model.nodeIds());
    this.register(this.options.journal.onDidAppend((events) => this.onEvents(events)));
    this.register(toDisposable(() => { this.started = false; }));
    this.structure.start();
    if (dirty.all) this.noteReferences();
  }

  /** Resolves once the projects and milestones reflect a fetch made after this call. */
  refreshStructure(): Promise<void> {
    return this.structure.refresh();
  }

  /** Resolves when no fetch of projects and milestones is under way. */
  structureSettled(): Promise<void> {
    return this.structure.settled();
  }

  listProjects(): ProjectList {
    return { schema_version: SCHEMA_VERSION, seq: this.appliedSeq, projects: this.model.projects() };
  }

  projectGraph(projectId: string, page: TaskGraphPageRequest): TaskGraphPage | undefined {
    const contents = this.model.projectContents(projectId);
    if (!contents) return undefined;
    const { issues, next_cursor } = pageIssues(contents.issues, page.cursor, page.limit);
    return {
      schema_version: SCHEMA_VERSION, seq: this.appliedSeq, project: contents.project, milestones: contents.milestones,
      issues, total_issues: contents.issues.length, next_cursor,
    };
  }

  node(nodeId: string): TaskGraphNode | undefined {
    return this.model.node(nodeId);
  }

  childIssues(nodeId: string, page: TaskGraphPageRequest): ChildIssuePage | undefined {
    const parent = this.model.node(nodeId);
    if (!parent) return undefined;
    const siblings = this.model.projectContents(parent.project_id)?.issues.filter((issue) => issue.parent_node_id === nodeId) ?? [];
    const { issues, next_cursor } = pageIssues(siblings, page.cursor, page.limit);
    return { issues, total: siblings.length, next_cursor };
  }

  private replay(): Dirty {
    const dirty = emptyDirty();
    for (let page = this.options.journal.read(this.appliedSeq, REPLAY_PAGE); page.length; page = this.options.journal.read(this.appliedSeq, REPLAY_PAGE)) {
      for (const event of page) this.fold(event, dirty);
    }
    return dirty;
  }

  private onEvents(events: readonly EventEnvelope[]): void {
    const dirty = emptyDirty();
    for (const event of events) this.fold(event, dirty);
    this.applyDirty(dirty);
  }

  /** Folds one event into the mirror and overlays; events already applied are skipped. */
  private fold(event: EventEnvelope, dirty: Dirty): void {
    if (event.seq <= this.appliedSeq) return;
    this.appliedSeq = event.seq;
    if (event.type === EventTypes.trackerSynced && this.issues.applySynced(event.payload)) dirty.all = true;
    if (event.type === EventTypes.taskGraphStructureSynced) {
      const structure = TaskGraphStructureSyncedSchema.safeParse(event.payload);
      if (structure.success && this.structure.restore(structure.data)) dirty.all = true;
    }
    if (event.type === EventTypes.workflowLoaded) {
      dirty.all = true;
      dirty.workflow = true;
    }
    for (const issueId of this.overlays.apply(event)) dirty.issues.add(issueId);
  }

  private applyDirty(dirty: Dirty): void {
    if (!this.started || (!dirty.all && !dirty.issues.size)) return;
    const inputs = this.inputs();
    const touched = dirty.all ? this.model.rebuild(inputs) : this.model.refreshIssues(inputs, dirty.issues);
    this.feed.update(touched);
    if (dirty.all) this.noteReferences();
    if (dirty.workflow) this.structure.trackerMayHaveChanged();
  }

  /** Asks for the structure when issues mention projects or milestones it does not know. */
  private noteReferences(): void {
    const projects = new Set<string>();
    const milestones = new Set<string>();
    for (const issue of this.issues.all()) {
      if (issue.project_id) projects.add(issue.project_id);
      if (issue.milestone_id) milestones.add(issue.milestone_id);
    }
    this.structure.noteReferences(projects, milestones);
  }

  private inputs(): TaskGraphInputs {
    return { issues: this.issues, structure: this.structure.structure, overlays: this.overlays, config: this.options.config() };
  }

  private publish(events: NewEvent[]): void {
    this.options.journal.append(events).catch((error: unknown) => {
      this.options.log.log('error', 'taskgraph', 'journal append failed', { events: events.length, error: errorMessage(error) });
    });
  }
}

function emptyDirty(): Dirty {
  return { all: false, issues: new Set(), workflow: false };
}
