import { z } from 'zod';
import type { Issue } from '../protocol/index.ts';
import { IssueSchema } from '../protocol/index.ts';

/** Journals written before issues carried their project and milestone still read. */
const JournaledIssueSchema = IssueSchema.extend({
  project_id: z.string().nullable().default(null),
  milestone_id: z.string().nullable().default(null),
});

/**
 * The tracker's issues as the journal tells them: the orchestrator journals every change it sees
 * as `tracker.synced {upserted, removed, total}`, so the task graph needs no tracker read of its own.
 */
export class IssueMirror {
  private readonly issues = new Map<string, Issue>();

  get(id: string): Issue | undefined {
    return this.issues.get(id);
  }

  all(): IterableIterator<Issue> {
    return this.issues.values();
  }

  get size(): number {
    return this.issues.size;
  }

  /**
   * Applies one `tracker.synced` payload; returns whether anything changed. When `upserted` holds
   * every issue (`total === upserted.length`, as in the first sync of a freshly started
   * orchestrator), it replaces the mirror, so issues deleted while the host was down disappear.
   */
  applySynced(payload: Record<string, unknown>): boolean {
    const upserted = readIssues(payload.upserted);
    const removed = Array.isArray(payload.removed) ? payload.removed.filter((id): id is string => typeof id === 'string') : [];
    const isFullList = typeof payload.total === 'number' && payload.total === upserted.length && Array.isArray(payload.upserted) && payload.upserted.length === upserted.length;
    let changed = false;
    if (isFullList) {
      const keep = new Set(upserted.map((issue) => issue.id));
      for (const id of [...this.issues.keys()]) if (!keep.has(id)) changed = this.issues.delete(id) || changed;
    }
    for (const id of removed) changed = this.issues.delete(id) || changed;
    for (const issue of upserted) {
      this.issues.set(issue.id, issue);
      changed = true;
    }
    return changed;
  }
}

/** Valid issues only: a record this build cannot read is skipped rather than breaking the graph. */
function readIssues(value: unknown): Issue[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = JournaledIssueSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
