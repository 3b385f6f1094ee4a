import type { EventJournal } from '../journal/eventJournal.ts';
import { entityEventSource } from './entityEventSource.ts';
import { GatewayError } from './gatewayError.ts';
import { parseCursor } from './queryParams.ts';
import type { HttpRouteContext, Route } from './routeTable.ts';
import { SseSink } from './sseSink.ts';
import type { StreamBroker } from './streamBroker.ts';
import { encodeEvents, eventCursor, lastEventId } from './streamRoutes.ts';
import { WebSocketSink } from './webSocketSink.ts';

/** Dependencies of the planning stream routes. */
export interface PlanningStreamRouteDeps {
  journal: EventJournal;
  broker: StreamBroker;
}

/**
 * One planning session's events, the journal events whose entity refs name
 * `{ kind: 'planning_session', id }`: `/api/v1/streams/planning/{session_id}?cursor=N`
 * (WebSocket, the same messages as `/api/v1/streams/events`) and
 * `/api/v1/planning/{session_id}/events/stream` (Server-Sent Events, `Last-Event-ID` honoured).
 * Cursors are journal seqs. A session with no events yet is an empty stream that goes live, so a
 * client may attach before the session's first event. Viewers may attach.
 */
export function planningStreamRoutes(deps: PlanningStreamRouteDeps): Route[] {
  const { journal, broker } = deps;
  return [
    {
      pattern: '/api/v1/streams/planning/{session_id}',
      websocket: {
        role: 'viewer',
        attach: ({ url, params }) => {
          const sessionId = planningSessionId(params.session_id);
          const cursor = eventCursor(journal, parseCursor(url.searchParams));
          const source = entityEventSource(journal, 'planning_session', sessionId, cursor);
          return (socket) => broker.openStream('planning', 'websocket', { sink: new WebSocketSink(socket, encodeEvents), source, cursor });
        },
      },
    },
    { pattern: '/api/v1/planning/{session_id}/events/stream', http: { GET: { role: 'viewer', handle: (context) => servePlanningEventsAsSse(deps, context) } } },
  ];
}

function servePlanningEventsAsSse({ journal, broker }: PlanningStreamRouteDeps, { req, res, url, params, keepOpen }: HttpRouteContext): void {
  const sessionId = planningSessionId(params.session_id);
  const cursor = eventCursor(journal, lastEventId(req) ?? parseCursor(url.searchParams));
  const sink = new SseSink(res);
  sink.open();
  const stream = broker.openStream('planning', 'sse', { sink, source: entityEventSource(journal, 'planning_session', sessionId, cursor), cursor });
  keepOpen({ dispose: () => { stream.dispose(); sink.close(); }, heartbeat: () => sink.heartbeat() });
}

function planningSessionId(value: string | undefined): string {
  if (!value) throw new GatewayError('invalid_request', 'the planning session id is empty; use the id of a planning session');
  return value;
}
