import type { Issue } from '../../host/protocol/index.ts';
import type { Tracker } from '../../host/tracker/tracker.ts';
import { Emitter } from '../../host/base/emitter.ts';

/** An in-memory tracker for orchestrator tests; `set` replaces issues and fires onDidChange. */
export class MemoryTracker implements Tracker {
  readonly kind = 'memory';
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;
  private issues = new Map<string, Issue>();
  failNext: Error | undefined;

  constructor(issues: Issue[] = []) {
    for (const issue of issues) this.issues.set(issue.id, issue);
  }

  set(issue: Issue): void {
    this.issues.set(issue.id, issue);
    this.changes.fire();
  }

  async fetchAllIssues(): Promise<Issue[]> {
    this.throwIfFailing();
    return [...this.issues.values()];
  }

  async fetchIssuesByStates(states: readonly string[]): Promise<Issue[]> {
    const wanted = new Set(states.map((state) => state.trim().toLowerCase()));
    return (await this.fetchAllIssues()).filter((issue) => wanted.has(issue.state.trim().toLowerCase()));
  }

  async fetchStructure() {
    return { projects: [], milestones: [] };
  }

  async fetchIssuesByIds(ids: readonly string[]): Promise<Issue[]> {
    this.throwIfFailing();
    return ids.map((id) => this.issues.get(id)).filter((issue): issue is Issue => issue !== undefined);
  }

  private throwIfFailing(): void {
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
  }

  dispose(): void {
    this.changes.dispose();
  }
}
