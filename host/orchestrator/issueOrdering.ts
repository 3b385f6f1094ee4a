import type { Issue } from '../protocol/index.ts';

export function normalizeState(state: string): string {
  return state.trim().toLowerCase();
}

export function isInStates(issue: Issue, states: readonly string[]): boolean {
  const wanted = new Set(states.map(normalizeState));
  return wanted.has(normalizeState(issue.state));
}

/** Dispatch order (Symphony §3.8): priority 1–4 first (missing last), then oldest, then identifier. */
export function compareForDispatch(a: Issue, b: Issue): number {
  const pa = a.priority && a.priority > 0 ? a.priority : Number.MAX_SAFE_INTEGER;
  const pb = b.priority && b.priority > 0 ? b.priority : Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  const ca = a.created_at ?? '\uffff';
  const cb = b.created_at ?? '\uffff';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.identifier.localeCompare(b.identifier);
}
