import type { EventJournal } from '../journal/eventJournal.ts';
import { entityEventSource } from './entityEventSource.ts';
import type { GatewayBackend } from './gatewayBackend.ts';
import { parseCursor } from './queryParams.ts';
import type { HttpRouteContext, Route } from './routeTable.ts';
import { runOf } from './runRoutes.ts';
import { SseSink } from './sseSink.ts';
import type { StreamBroker } from './streamBroker.ts';
import { encodeEvents, eventCursor, lastEventId } from './streamRoutes.ts';
import { WebSocketSink } from './webSocketSink.ts';

/** Dependencies of the run stream routes. */
export interface RunStreamRouteDeps {
  journal: EventJournal;
  broker: StreamBroker;
  backend: GatewayBackend;
}

/**
 * One run's events: `/api/v1/streams/runs/{run_id}?cursor=N` (WebSocket, the same messages as
 * `/api/v1/streams/events`) and `/api/v1/runs/{run_id}/events/stream` (Server-Sent Events, `id:` =
 * seq, `Last-Event-ID` honoured). Cursors are journal seqs: replay of the run's events after the
 * cursor, then live, with no gap and no duplicate. Viewers may attach; unknown runs are 404.
 */
export function runStreamRoutes(deps: RunStreamRouteDeps): Route[] {
  const { journal, broker, backend } = deps;
  return [
    {
      pattern: '/api/v1/streams/runs/{run_id}',
      websocket: {
        role: 'viewer',
        attach: ({ url, params }) => {
          const { run } = runOf(backend, params.run_id as string);
          const cursor = eventCursor(journal, parseCursor(url.searchParams));
          return (socket) => broker.openStream('runs', 'websocket', { sink: new WebSocketSink(socket, encodeEvents), source: entityEventSource(journal, 'run', run.id, cursor), cursor });
        },
      },
    },
    { pattern: '/api/v1/runs/{run_id}/events/stream', http: { GET: { role: 'viewer', handle: (context) => serveRunEventsAsSse(deps, context) } } },
  ];
}

function serveRunEventsAsSse({ journal, broker, backend }: RunStreamRouteDeps, { req, res, url, params, keepOpen }: HttpRouteContext): void {
  const { run } = runOf(backend, params.run_id as string);
  const cursor = eventCursor(journal, lastEventId(req) ?? parseCursor(url.searchParams));
  const sink = new SseSink(res);
  sink.open();
  const stream = broker.openStream('runs', 'sse', { sink, source: entityEventSource(journal, 'run', run.id, cursor), cursor });
  keepOpen({ dispose: () => { stream.dispose(); sink.close(); }, heartbeat: () => sink.heartbeat() });
}
