import type { Issue } from '../protocol/index.ts';
import { isInStates, normalizeState } from './issueOrdering.ts';

/** Why the task graph holds an issue back from dispatch. */
export type HierarchyHold =
  | { kind: 'container'; subIssues: string[] }
  | { kind: 'blocked'; blockers: string[] };

/** The issues of one tracker read, indexed by id, identifier and parent. */
export class IssueGraph {
  private readonly byId = new Map<string, Issue>();
  private readonly byIdentifier = new Map<string, Issue>();
  private readonly children = new Map<string, Issue[]>();

  constructor(issues: Iterable<Issue>) {
    for (const issue of issues) {
      this.byId.set(issue.id, issue);
      this.byIdentifier.set(issue.identifier, issue);
      if (issue.parent_id === null) continue;
      const siblings = this.children.get(issue.parent_id) ?? [];
      siblings.push(issue);
      this.children.set(issue.parent_id, siblings);
    }
  }

  subIssuesOf(issue: Issue): readonly Issue[] {
    return this.children.get(issue.id) ?? [];
  }

  find(ref: { id: string | null; identifier: string | null }): Issue | undefined {
    return (ref.id !== null ? this.byId.get(ref.id) : undefined) ?? (ref.identifier !== null ? this.byIdentifier.get(ref.identifier) : undefined);
  }
}

/**
 * The hierarchy rule: an issue with a sub-issue that is not terminal is a container, and its work
 * happens in the sub-issues, so it is not dispatched itself; a `Todo` issue with a blocker that is
 * not terminal waits for it (the Linear-profile blocker rule, Symphony §3.6). A blocker whose state
 * is unknown counts as not terminal. Returns null when the graph does not hold the issue back.
 */
export function hierarchyHold(issue: Issue, graph: IssueGraph, terminalStates: readonly string[]): HierarchyHold | null {
  const open = graph.subIssuesOf(issue).filter((child) => !isInStates(child, terminalStates));
  if (open.length > 0) return { kind: 'container', subIssues: open.map((child) => child.identifier) };
  if (normalizeState(issue.state) !== 'todo') return null;
  const blockers = issue.blocked_by.filter((blocker) => {
    const state = graph.find(blocker)?.state ?? blocker.state;
    return state === null || !isInStates({ ...issue, state }, terminalStates);
  });
  if (blockers.length === 0) return null;
  return { kind: 'blocked', blockers: blockers.map((blocker) => blocker.identifier ?? blocker.id ?? '?') };
}

/** A short operator-facing sentence for a hold. */
export function describeHold(hold: HierarchyHold): string {
  return hold.kind === 'container'
    ? `has open sub-issues (${hold.subIssues.join(', ')})`
    : `is blocked by ${hold.blockers.join(', ')}`;
}
