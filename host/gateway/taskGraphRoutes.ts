import { TaskGraphError } from '../taskgraph/taskGraphError.ts';
import type { TaskGraphPageRequest, TaskGraphReader } from '../taskgraph/taskGraphReader.ts';
import type { GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { sendJson } from './httpJson.ts';
import { parseLimit } from './queryParams.ts';
import { requireReady } from './readRoutes.ts';
import type { HttpHandler, HttpRouteContext, Route } from './routeTable.ts';

/** Issues per task-graph page when the client names no `limit`: most projects fit in one. */
export const DEFAULT_TASK_GRAPH_PAGE = 500;

/** Dependencies of the task-graph routes. */
export interface TaskGraphRouteDeps {
  backend: GatewayBackend;
}

/** `GET /api/v1/projects` and `GET /api/v1/projects/{id}/taskgraph?cursor=&limit=`; open to viewers. */
export function taskGraphRoutes({ backend }: TaskGraphRouteDeps): Route[] {
  const read = (handle: HttpHandler): Route['http'] => ({ GET: { role: 'viewer', handle } });
  return [
    { pattern: '/api/v1/projects', http: read(({ res }) => sendJson(res, 200, readerOf(backend).listProjects())) },
    { pattern: '/api/v1/projects/{project_id}/taskgraph', http: read((context) => sendJson(context.res, 200, projectGraph(readerOf(backend), context))) },
  ];
}

/** The task graph, or 503 while the host starts / 404 on a host without one. */
export function readerOf(backend: GatewayBackend): TaskGraphReader {
  requireReady(backend);
  if (!backend.taskGraph) throw new GatewayError('not_found', 'this host does not serve a task graph; see GET /api/v1/capabilities');
  return backend.taskGraph;
}

function projectGraph(reader: TaskGraphReader, { url, params }: HttpRouteContext) {
  const projectId = params.project_id as string;
  const page = withCursor(() => reader.projectGraph(projectId, pageRequest(url)));
  if (!page) throw new GatewayError('not_found', `no project ${JSON.stringify(projectId)} in the task graph; GET /api/v1/projects lists them`);
  return page;
}

/** `?cursor=` (opaque, from `next_cursor`) and `?limit=` (default DEFAULT_TASK_GRAPH_PAGE). */
export function pageRequest(url: URL): TaskGraphPageRequest {
  const cursor = url.searchParams.get('cursor') || null;
  const limit = url.searchParams.has('limit') ? parseLimit(url.searchParams) : DEFAULT_TASK_GRAPH_PAGE;
  return { cursor, limit };
}

/** Runs a paged read; a cursor the task graph did not issue is a 400. */
export function withCursor<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TaskGraphError) throw new GatewayError('invalid_request', error.message, { cause: error });
    throw error;
  }
}
