import type { PageDirection } from '../protocol/index.ts';

// Paths of the gateway's detail reads, built in one place so every segment is encoded.

/** A page of a run's events or log lines. */
export interface RunEventQuery {
  /** Forward: the last seq you have (0: from the start). Backward: page before this seq (0 or absent: from the newest). */
  cursor?: number;
  /** 1..1000, default 200. */
  limit?: number;
  direction?: PageDirection;
  /** Only events of these types. */
  types?: readonly string[];
}

/** A page of task-graph issues: `cursor` is the previous page's opaque `next_cursor`. */
export interface NodePageQuery {
  cursor?: string | null;
  limit?: number;
}

const segment = encodeURIComponent;

export function runPath(runId: string, rest = ''): string {
  return `/api/v1/runs/${segment(runId)}${rest}`;
}

export function runEventsPath(runId: string, kind: 'events' | 'logs', query: RunEventQuery): string {
  const params = new URLSearchParams();
  if (query.cursor !== undefined) params.set('cursor', String(query.cursor));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.direction) params.set('direction', query.direction);
  if (query.types && query.types.length > 0) params.set('types', query.types.join(','));
  return withQuery(runPath(runId, `/${kind}`), params);
}

export function runDiffPath(runId: string, path: string): string {
  return withQuery(runPath(runId, '/diffs'), new URLSearchParams({ path }));
}

export function terminalSnapshotPath(runId: string, terminalId: string, cursor?: number, limit?: number): string {
  const params = new URLSearchParams();
  if (cursor !== undefined) params.set('cursor', String(cursor));
  if (limit !== undefined) params.set('limit', String(limit));
  return withQuery(runPath(runId, `/terminal/${segment(terminalId)}/snapshot`), params);
}

/** `/api/v1/<collection>/<id>[/<rest>]` with an optional issue page. */
export function nodePath(collection: 'projects' | 'milestones' | 'issues' | 'sub-issues', id: string, rest = '', page: NodePageQuery = {}): string {
  const params = new URLSearchParams();
  if (page.cursor) params.set('cursor', page.cursor);
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  return withQuery(`/api/v1/${collection}/${segment(id)}${rest}`, params);
}

export function runStreamPath(runId: string): string {
  return `/api/v1/streams/runs/${segment(runId)}`;
}

export function planningStreamPath(sessionId: string): string {
  return `/api/v1/streams/planning/${segment(sessionId)}`;
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
