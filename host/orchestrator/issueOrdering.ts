import type { Issue } from '../protocol/index.ts';

/** Tracker states compare trimmed and lower-cased (Symphony §4.2). */
export function normalizeState(state: string): string {
  return state.trim().toLowerCase();
}

export function isInStates(issue: Issue, states: readonly string[]): boolean {
  const wanted = new Set(states.map(normalizeState));
  return wanted.has(normalizeState(issue.state));
}

/**
 * Dispatch order (Symphony §3.6), stable: priority 1–4 ascending (any other value or none after
 * them), then the oldest `created_at` (none last), then the identifier, lexicographically.
 */
export function compareForDispatch(a: Issue, b: Issue): number {
  const byPriority = priorityRank(a) - priorityRank(b);
  if (byPriority !== 0) return byPriority;
  const byAge = createdRank(a) - createdRank(b);
  if (byAge !== 0) return byAge;
  return a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0;
}

function priorityRank(issue: Issue): number {
  const priority = issue.priority;
  return priority !== null && priority >= 1 && priority <= 4 ? priority : 5;
}

function createdRank(issue: Issue): number {
  const time = issue.created_at === null ? Number.NaN : Date.parse(issue.created_at);
  return Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
}
