import type { EventJournal } from '../journal/eventJournal.ts';
import { SCHEMA_VERSION } from '../protocol/index.ts';
import type { EventPage } from '../protocol/index.ts';
import type { GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { sendJson } from './httpJson.ts';
import { assertCursorWithinHead, parseCursor, parseLimit } from './queryParams.ts';
import type { HttpHandler, HttpRouteContext, Route } from './routeTable.ts';

/** Dependencies of the read-only routes. */
export interface ReadRouteDeps {
  journal: EventJournal;
  backend: GatewayBackend;
}

/** Liveness, readiness, capabilities, the dashboard snapshot and event pages; open to viewers. */
export function readRoutes(deps: ReadRouteDeps): Route[] {
  const { journal, backend } = deps;
  const read = (handle: HttpHandler): Route['http'] => ({ GET: { role: 'viewer', handle } });
  return [
    { pattern: '/healthz', http: read(({ res }) => sendJson(res, 200, { schema_version: SCHEMA_VERSION, status: 'ok' })) },
    { pattern: '/readyz', http: read(({ res }) => readiness(backend, res)) },
    { pattern: '/api/v1/capabilities', http: read(({ res }) => sendJson(res, 200, backend.capabilities())) },
    { pattern: '/api/v1/dashboard/snapshot', http: read(({ res }) => { requireReady(backend); sendJson(res, 200, backend.snapshot()); }) },
    { pattern: '/api/v1/events', http: read((context) => sendJson(context.res, 200, eventPage(journal, context))) },
  ];
}

/** 503 until the host has loaded its workflow and journal, and again once it stops, so callers know to wait. */
export function requireReady(backend: GatewayBackend): void {
  if (backend.isReady()) return;
  if (backend.isStopping?.()) {
    throw new GatewayError('unavailable', 'the host is stopping; reconnect to the host that replaces it (GET /readyz answers 200 when it is ready)');
  }
  throw new GatewayError('unavailable', 'the host is still starting; retry when GET /readyz answers 200');
}

function readiness(backend: GatewayBackend, res: HttpRouteContext['res']): void {
  requireReady(backend);
  sendJson(res, 200, { schema_version: SCHEMA_VERSION, status: 'ready' });
}

function eventPage(journal: EventJournal, { url }: HttpRouteContext): EventPage {
  const cursor = parseCursor(url.searchParams);
  const limit = parseLimit(url.searchParams);
  const head = journal.head();
  assertCursorWithinHead(cursor, head, 'journal');
  const events = journal.read(cursor, limit);
  const last = events.at(-1);
  return { schema_version: SCHEMA_VERSION, events, next_cursor: last ? last.seq : cursor, head: Math.max(head, last?.seq ?? 0) };
}
