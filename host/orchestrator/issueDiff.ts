import type { Issue } from '../protocol/index.ts';

/** Issues that are new or changed, and ids that disappeared, between two tracker reads. */
export function diffIssues(previous: ReadonlyMap<string, Issue>, next: ReadonlyMap<string, Issue>): { upserted: Issue[]; removed: string[] } {
  const upserted: Issue[] = [];
  for (const [id, issue] of next) {
    const before = previous.get(id);
    if (!before || JSON.stringify(before) !== JSON.stringify(issue)) upserted.push(issue);
  }
  const removed = [...previous.keys()].filter((id) => !next.has(id));
  return { upserted, removed };
}
