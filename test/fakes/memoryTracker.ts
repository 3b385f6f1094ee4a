import type { Issue, Milestone, Project } from '../../host/protocol/index.ts';
import type { Tracker } from '../../host/tracker/tracker.ts';
import { Emitter } from '../../host/base/emitter.ts';

/** An in-memory tracker for orchestrator tests; `set` replaces issues and fires onDidChange. */
export class MemoryTracker implements Tracker {
  readonly kind = 'memory';
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;
  private issues = new Map<string, Issue>();
  /** Every call, as `method` (with the ids or states asked for). */
  readonly calls: string[] = [];
  /** The next call (of any method) throws this. */
  failNext: Error | undefined;
  /** While set, `fetchStructure` throws it. */
  structureFailure: Error | undefined;
  private structure: { projects: Project[]; milestones: Milestone[] } = { projects: [], milestones: [] };

  constructor(issues: Issue[] = []) {
    for (const issue of issues) this.issues.set(issue.id, issue);
  }

  set(issue: Issue): void {
    this.issues.set(issue.id, issue);
    this.changes.fire();
  }

  /** Changes fields of a stored issue. */
  update(id: string, fields: Partial<Issue>): void {
    const issue = this.issues.get(id);
    if (!issue) throw new Error(`no issue ${id}`);
    this.set({ ...issue, ...fields });
  }

  remove(id: string): void {
    this.issues.delete(id);
    this.changes.fire();
  }

  async fetchAllIssues(): Promise<Issue[]> {
    this.record('fetchAllIssues');
    return this.all();
  }

  async fetchIssuesByStates(states: readonly string[]): Promise<Issue[]> {
    this.record(`fetchIssuesByStates ${states.join(',')}`);
    const wanted = new Set(states.map((state) => state.trim().toLowerCase()));
    return this.all().filter((issue) => wanted.has(issue.state.trim().toLowerCase()));
  }

  /** Replaces the projects and milestones `fetchStructure` answers with (trackers send no change event for them). */
  setStructure(structure: { projects: Project[]; milestones: Milestone[] }): void {
    this.structure = structure;
  }

  /** Recorded in `calls`; fails while `structureFailure` is set (it leaves `failNext` to the issue reads). */
  async fetchStructure(): Promise<{ projects: Project[]; milestones: Milestone[] }> {
    this.calls.push('fetchStructure');
    if (this.structureFailure) throw this.structureFailure;
    return structuredClone(this.structure);
  }

  /** How many times `fetchStructure` was called. */
  get structureFetches(): number {
    return this.calls.filter((call) => call === 'fetchStructure').length;
  }

  async fetchIssuesByIds(ids: readonly string[]): Promise<Issue[]> {
    this.record(`fetchIssuesByIds ${ids.join(',')}`);
    return ids.map((id) => this.issues.get(id)).filter((issue): issue is Issue => issue !== undefined).map((issue) => structuredClone(issue));
  }

  private all(): Issue[] {
    return [...this.issues.values()].map((issue) => structuredClone(issue));
  }

  private record(call: string): void {
    this.calls.push(call);
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
  }

  dispose(): void {
    this.changes.dispose();
  }
}
