import type { Approval, DashboardSnapshot, EventEnvelope, Issue, Run, WorkflowStatus } from '../../host/protocol/index.ts';
import { ApprovalSchema, EventTypes, IssueSchema, RunSchema, WorkflowStatusSchema } from '../../host/protocol/index.ts';
import { emptyChange, TaskGraphState, type TaskGraphChange, type TaskGraphLoad } from './taskGraphState.ts';

/** What changed in one update, so views refresh only those nodes. */
export interface RuntimeChange {
  issues: Set<string>;
  /** True when issues were added, removed or re-parented (the Task Graph follows the task graph's own node events instead). */
  structure: boolean;
  runs: Run[];
  approvalsRequested: Approval[];
  approvalsResolved: Approval[];
  workflow: boolean;
  /** Task-graph nodes and levels that changed. */
  graph: TaskGraphChange;
}

/**
 * The client's copy of host state: a snapshot plus the events after it. Reducers are idempotent
 * (events carry whole DTOs), so an event already reflected in the snapshot is harmless.
 */
export class RuntimeState {
  readonly issues = new Map<string, Issue>();
  readonly runs = new Map<string, Run>();
  readonly approvals = new Map<string, Approval>();
  /** Issue id → its latest run id. */
  readonly latestRun = new Map<string, string>();
  /** Run id → its pending approval requests, so a tree row finds its own without a scan. */
  private readonly pendingByRun = new Map<string, Set<string>>();
  /** Projects → milestones → issues → sub-issues with runtime overlays, from the task-graph API. */
  readonly graph = new TaskGraphState();
  /** Why the task graph could not be read (shown in the view), or null. */
  graphError: string | null = null;
  workflow: WorkflowStatus | null = null;
  trackerError: string | null = null;
  seq = 0;

  loadSnapshot(snapshot: DashboardSnapshot): RuntimeChange {
    this.issues.clear(); this.runs.clear(); this.approvals.clear(); this.latestRun.clear(); this.pendingByRun.clear();
    for (const issue of snapshot.issues) this.issues.set(issue.id, issue);
    const byQueuedAt = [...snapshot.runs].sort((a, b) => a.queued_at.localeCompare(b.queued_at));
    for (const run of byQueuedAt) this.putRun(run);
    for (const approval of snapshot.approvals) this.putApproval(approval);
    this.workflow = snapshot.workflow;
    this.trackerError = snapshot.tracker.error;
    this.seq = snapshot.seq;
    return {
      issues: new Set(this.issues.keys()), structure: true, runs: [...this.runs.values()],
      approvalsRequested: snapshot.approvals.filter((approval) => approval.state === 'pending'), approvalsResolved: [], workflow: true, graph: emptyChange(),
    };
  }

  /** Replaces the task graph with freshly read pages (after the snapshot, before streaming). */
  loadTaskGraph(load: TaskGraphLoad): RuntimeChange {
    this.graphError = null;
    return { ...noChange(), workflow: true, graph: this.graph.load(load) };
  }

  /** The task graph could not be read: the view says why instead of showing an empty tree. */
  failTaskGraph(message: string): RuntimeChange {
    this.graphError = message;
    return { ...noChange(), workflow: true };
  }

  apply(events: readonly EventEnvelope[]): RuntimeChange {
    const change = noChange();
    // The graph has its own cursor: its pages may be newer than the snapshot.
    this.graph.apply(events, change.graph);
    for (const event of events) {
      if (event.seq <= this.seq) continue;
      this.seq = event.seq;
      this.applyOne(event, change);
    }
    return change;
  }

  /** The run to show for an issue: its latest. */
  runForIssue(issueId: string): Run | undefined {
    const runId = this.latestRun.get(issueId);
    return runId ? this.runs.get(runId) : undefined;
  }

  pendingApprovals(): Approval[] {
    return [...this.approvals.values()].filter((approval) => approval.state === 'pending');
  }

  /** The oldest pending request of a run; O(pending requests of that run). */
  pendingApprovalFor(runId: string): Approval | undefined {
    const ids = this.pendingByRun.get(runId);
    if (!ids) return undefined;
    for (const id of ids) return this.approvals.get(id);
    return undefined;
  }

  private applyOne(event: EventEnvelope, change: RuntimeChange): void {
    const payload = event.payload;
    if (event.type === EventTypes.trackerSynced) return this.applyTrackerSync(payload, change);
    if (event.type === EventTypes.trackerFailed) { this.trackerError = String(payload.error ?? 'tracker failed'); change.workflow = true; return; }
    if (event.type === EventTypes.workflowLoaded || event.type === EventTypes.workflowInvalid) {
      const parsed = WorkflowStatusSchema.safeParse(payload.workflow);
      if (parsed.success) { this.workflow = parsed.data; change.workflow = true; }
      return;
    }
    // Parse only events of the right family: a failed zod parse is costly, and most events are neither.
    const run = event.type.startsWith('run.') ? RunSchema.safeParse(payload.run) : undefined;
    if (run?.success) {
      this.putRun(run.data);
      change.runs.push(run.data);
      change.issues.add(run.data.issue_id);
      return;
    }
    const approval = event.type.startsWith('approval.') ? ApprovalSchema.safeParse(payload.approval) : undefined;
    if (approval?.success) {
      this.putApproval(approval.data);
      (approval.data.state === 'pending' ? change.approvalsRequested : change.approvalsResolved).push(approval.data);
      change.issues.add(approval.data.issue_id);
    }
  }

  private applyTrackerSync(payload: Record<string, unknown>, change: RuntimeChange): void {
    this.trackerError = null;
    change.workflow = true;
    for (const raw of Array.isArray(payload.upserted) ? payload.upserted : []) {
      const parsed = IssueSchema.safeParse(raw);
      if (!parsed.success) continue;
      const before = this.issues.get(parsed.data.id);
      if (!before || before.parent_id !== parsed.data.parent_id) change.structure = true;
      this.issues.set(parsed.data.id, parsed.data);
      change.issues.add(parsed.data.id);
    }
    for (const id of Array.isArray(payload.removed) ? payload.removed : []) {
      if (typeof id === 'string' && this.issues.delete(id)) change.structure = true;
    }
  }

  private putApproval(approval: Approval): void {
    this.approvals.set(approval.id, approval);
    let pending = this.pendingByRun.get(approval.run_id);
    if (approval.state === 'pending') {
      if (!pending) { pending = new Set(); this.pendingByRun.set(approval.run_id, pending); }
      pending.add(approval.id);
    } else if (pending?.delete(approval.id) && pending.size === 0) {
      this.pendingByRun.delete(approval.run_id);
    }
  }

  private putRun(run: Run): void {
    this.runs.set(run.id, run);
    const current = this.runForIssue(run.issue_id);
    if (!current || current.id === run.id || current.queued_at <= run.queued_at) this.latestRun.set(run.issue_id, run.id);
  }
}

function noChange(): RuntimeChange {
  return { issues: new Set(), structure: false, runs: [], approvalsRequested: [], approvalsResolved: [], workflow: false, graph: emptyChange() };
}
