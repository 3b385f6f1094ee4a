import type { EventJournal } from '../../../../host/journal/eventJournal.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import type { EligibilityConfig } from '../../../../host/orchestrator/eligibility.ts';
import type { EntityRef, EventEnvelope, Issue, IssueNode, Milestone, NewEvent, Project, Run, TaskGraphNode } from '../../../../host/protocol/index.ts';
import { EventTypes, IssueNodeSchema, TaskGraphNodeChangedSchema, taskGraphNodeId } from '../../../../host/protocol/index.ts';
import { TaskGraphService } from '../../../../host/taskgraph/taskGraphService.ts';
import type { TaskGraphServiceOptions } from '../../../../host/taskgraph/taskGraphService.ts';
import { WorkflowConfigSchema } from '../../../../host/workflow/workflowConfig.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { MemoryTracker } from '../../../fakes/memoryTracker.ts';

export const VOLATILE_DELAY_MS = 1_000;
export const STRUCTURE_INTERVAL_MS = 600_000;

/** A task-graph service over a real SQLite journal, a memory tracker and a manual clock. */
export class TaskGraphHarness {
  readonly journal: EventJournal;
  readonly tracker = new MemoryTracker();
  /** The tracker the service sees; a workflow reload may swap it. */
  trackerInUse: MemoryTracker | undefined = this.tracker;
  readonly clock = new ManualClock();
  config: EligibilityConfig | undefined = aConfig();
  /** Every `taskgraph.*` event committed since the harness opened. */
  readonly graphEvents: EventEnvelope[] = [];
  readonly logs: string[] = [];
  private service: TaskGraphService | undefined;

  constructor(path = ':memory:') {
    this.journal = openSqliteJournal(path);
    this.journal.onDidAppend((events) => this.graphEvents.push(...events.filter((event) => event.type.startsWith('taskgraph.'))));
  }

  /** Starts a service (a host start) and waits for its first structure fetch. */
  async start(options: Partial<TaskGraphServiceOptions> = {}): Promise<TaskGraphService> {
    this.service?.dispose();
    this.service = new TaskGraphService({
      journal: this.journal, tracker: () => this.trackerInUse, config: () => this.config, clock: this.clock,
      log: { log: (level, component, message) => { this.logs.push(`${level} ${component} ${message}`); } },
      structureIntervalMs: STRUCTURE_INTERVAL_MS, volatileDelayMs: VOLATILE_DELAY_MS, ...options,
    });
    this.service.start();
    await this.settle();
    return this.service;
  }

  get graph(): TaskGraphService {
    if (!this.service) throw new Error('start the harness first');
    return this.service;
  }

  /** Appends events and waits until everything they caused (node events, structure fetches) is committed. */
  async append(...events: NewEvent[]): Promise<EventEnvelope[]> {
    const stored = await this.journal.append(events);
    await this.settle();
    return stored;
  }

  /** Waits for structure fetches, then for the service's own appends to commit (a marker joins their batch). */
  async settle(): Promise<void> {
    await this.service?.structureSettled();
    await this.journal.append([{ type: 'test.settled', actor: { kind: 'system' }, summary: 'settled', payload: {} }]);
  }

  /** The issue node as the service serves it now. */
  issueNode(issueId: string, projectId: string): IssueNode {
    const page = this.graph.projectGraph(projectId, { cursor: null, limit: 1000 });
    const node = page?.issues.find((candidate) => candidate.id === issueId);
    if (!node) throw new Error(`issue ${issueId} is not in project ${projectId}`);
    return IssueNodeSchema.parse(node);
  }

  /** The nodes of the `node_changed` events after `afterSeq`, validated against the protocol. */
  changedNodes(afterSeq = 0): TaskGraphNode[] {
    return this.graphEvents
      .filter((event) => event.seq > afterSeq && event.type === EventTypes.taskGraphNodeChanged)
      .map((event) => TaskGraphNodeChangedSchema.parse(event.payload).node);
  }

  get head(): number {
    return this.journal.head();
  }

  async close(): Promise<void> {
    this.service?.dispose();
    this.tracker.dispose();
    await this.journal.close();
  }
}

/** Workflow settings with defaults (active: Todo, In Progress; terminal: Done, …). */
export function aConfig(tracker: Record<string, unknown> = {}): EligibilityConfig {
  return WorkflowConfigSchema.parse({ tracker });
}

export function aProject(id: string, name = `Project ${id}`): Project {
  return { id, name, slug: null, url: null, state: null };
}

export function aMilestone(id: string, projectId: string, sortOrder: number | null = null, name = `Milestone ${id}`): Milestone {
  return { id, project_id: projectId, name, target_date: null, sort_order: sortOrder };
}

/** The orchestrator's `tracker.synced` event; `total` defaults to a diff (not the full list). */
export function synced(upserted: Issue[], removed: string[] = [], total = upserted.length + 1000): NewEvent {
  return { type: EventTypes.trackerSynced, actor: { kind: 'tracker' }, summary: 'synced', payload: { upserted, removed, total } };
}

/** A `run.*` event carrying the whole run DTO, as the orchestrator journals it. */
export function runEvent(type: string, issue: Issue, overrides: Partial<Run> & { id: string }): NewEvent {
  const run: Run = {
    issue_id: issue.id, issue_identifier: issue.identifier, state: 'queued', attempt: null, workspace_path: null,
    terminal_stream_id: `run-${overrides.id}`, thread_id: null, turn_count: 0, max_turns: 20, queued_at: '2026-11-21T12:00:00.000Z',
    started_at: null, ended_at: null, error: null, tokens: { input_tokens: 0, output_tokens: 0, total_tokens: 0 }, ...overrides,
  };
  return { type, actor: { kind: 'orchestrator' }, summary: type, payload: { run }, entity_refs: refs(issue, run.id) };
}

/** An agent event of a run, as the run worker journals harness events. */
export function agentEvent(type: string, issue: Issue, runId: string, payload: Record<string, unknown> = {}): NewEvent {
  return { type, actor: { kind: 'agent' }, summary: type, payload: { ...payload, run_id: runId }, entity_refs: refs(issue, runId) };
}

export function approvalEvent(type: string, issue: Issue, runId: string, approvalId: string, state: string): NewEvent {
  const approval = { id: approvalId, run_id: runId, issue_id: issue.id, issue_identifier: issue.identifier, kind: 'command', command: 'ls', cwd: null, files: [], reason: null, state, requested_at: '2026-11-21T12:00:00.000Z', decided_at: null };
  return { type, actor: { kind: 'agent' }, summary: type, payload: { approval }, entity_refs: [{ kind: 'approval', id: approvalId }, ...refs(issue, runId)] };
}

export function hostStarted(): NewEvent {
  return { type: EventTypes.hostStarted, actor: { kind: 'host' }, summary: 'host started', payload: {} };
}

export function workflowLoaded(): NewEvent {
  return { type: EventTypes.workflowLoaded, actor: { kind: 'host' }, summary: 'WORKFLOW.md loaded', payload: {} };
}

export const issueNodeId = (id: string): string => taskGraphNodeId('issue', id);

function refs(issue: Issue, runId: string): EntityRef[] {
  return [{ kind: 'run', id: runId }, { kind: 'issue', id: issue.id, identifier: issue.identifier }];
}
