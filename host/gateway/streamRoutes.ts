import type { IncomingMessage } from 'node:http';
import type { EventJournal, SerializedEvent, SerializedEventRun } from '../journal/eventJournal.ts';
import { serializeEnvelope } from '../journal/serializedEvent.ts';
import { SCHEMA_VERSION } from '../protocol/index.ts';
import type { CursorSource } from './cursorStream.ts';
import { GatewayError } from './gatewayError.ts';
import { assertCursorWithinHead, parseCursor, parseCursorValue } from './queryParams.ts';
import type { HttpRouteContext, Route } from './routeTable.ts';
import { SseSink } from './sseSink.ts';
import { MAX_PACKED_PAYLOAD_BYTES, packTerminalChunks } from './terminalFramePacker.ts';
import type { WireChunks } from './terminalFramePacker.ts';
import type { StreamBroker } from './streamBroker.ts';
import { WebSocketSink } from './webSocketSink.ts';
import type { FrameEncoder } from './webSocketSink.ts';

/** Dependencies of the stream routes. */
export interface StreamRouteDeps {
  journal: EventJournal;
  broker: StreamBroker;
}

/**
 * `/api/v1/streams/events` (WebSocket, JSON batches), `/api/v1/events/stream` (the same events as
 * Server-Sent Events) and `/api/v1/streams/terminal/{stream_id}` (WebSocket, binary frames).
 * Every stream replays after its cursor, then goes live; each is open to viewers.
 */
export function streamRoutes(deps: StreamRouteDeps): Route[] {
  const { journal, broker } = deps;
  return [
    {
      pattern: '/api/v1/streams/events',
      websocket: {
        role: 'viewer',
        attach: ({ url }) => {
          const cursor = eventCursor(journal, parseCursor(url.searchParams));
          return (socket) => broker.openStream('events', 'websocket', { sink: new WebSocketSink(socket, encodeEvents), source: eventRunSource(journal), cursor });
        },
      },
    },
    { pattern: '/api/v1/events/stream', http: { GET: { role: 'viewer', handle: (context) => serveEventsAsSse(deps, context) } } },
    {
      pattern: '/api/v1/streams/terminal/{stream_id}',
      websocket: {
        role: 'viewer',
        attach: ({ url, params }) => {
          const streamId = params.stream_id;
          if (!streamId) throw new GatewayError('invalid_request', 'the terminal stream id is empty; use the run\'s terminal_stream_id');
          const cursor = parseCursor(url.searchParams);
          assertCursorWithinHead(cursor, journal.terminalHead(streamId), `terminal stream "${streamId}"`);
          return (socket) => broker.openStream('terminal', 'websocket', { sink: new WebSocketSink(socket, encodeChunks), source: terminalSource(journal, streamId), cursor });
        },
      },
    },
  ];
}

/** SSE: `Last-Event-ID` (sent by a reconnecting EventSource) wins over `?cursor=`. */
function serveEventsAsSse({ journal, broker }: StreamRouteDeps, { req, res, url, keepOpen }: HttpRouteContext): void {
  const cursor = eventCursor(journal, lastEventId(req) ?? parseCursor(url.searchParams));
  const sink = new SseSink(res);
  sink.open();
  const stream = broker.openStream('events', 'sse', { sink, source: eventSource(journal), cursor });
  keepOpen({ dispose: () => { stream.dispose(); sink.close(); }, heartbeat: () => sink.heartbeat() });
}

/** A reconnecting EventSource's `Last-Event-ID`, when it sent one. */
export function lastEventId(req: IncomingMessage): number | undefined {
  const header = req.headers['last-event-id'];
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  return parseCursorValue(header.trim(), 'Last-Event-ID');
}

/** The cursor, refused (409) when it is past the journal head. */
export function eventCursor(journal: EventJournal, cursor: number): number {
  assertCursorWithinHead(cursor, journal.head(), 'journal');
  return cursor;
}

/** Every event, replayed as stored JSON and serialized once per live event for all subscribers. */
function eventSource(journal: EventJournal): CursorSource<SerializedEvent> {
  return {
    read: (cursor, limit) => journal.readSerialized(cursor, limit),
    subscribe: (listener) => journal.onDidAppend((events) => listener(events.map(serializeEnvelope))),
    seqOf: (event) => event.seq,
    head: () => journal.head(),
  };
}

/** What the events WebSocket sends: live events one by one, replay pages as one run each. */
export type WireEvents = SerializedEvent | SerializedEventRun;

/** `eventSource` for the WebSocket: a replay page is read as one run, joined by SQLite. */
function eventRunSource(journal: EventJournal): CursorSource<WireEvents> {
  return {
    ...eventSource(journal),
    read: (cursor, limit) => {
      const run = journal.readSerializedRun(cursor, limit);
      return run ? [run] : [];
    },
  };
}

/**
 * Bytes past which a terminal replay page ends early: a chunk has no size limit, so a page of
 * `streamPageSize` chunks alone would not bound what a replay holds in memory.
 */
const TERMINAL_PAGE_BYTES = 4 * 1024 * 1024;

/** A terminal stream: replay pages read as runs of up to a frame each, live chunks one by one. */
function terminalSource(journal: EventJournal, streamId: string): CursorSource<WireChunks> {
  return {
    read: (cursor, limit) => journal.readTerminalRuns(streamId, cursor, limit, MAX_PACKED_PAYLOAD_BYTES, TERMINAL_PAGE_BYTES),
    subscribe: (listener) => journal.onDidAppendTerminal((chunk) => { if (chunk.streamId === streamId) listener([chunk]); }),
    seqOf: (chunk) => chunk.seq,
    head: () => journal.terminalHead(streamId),
  };
}

const EVENTS_PREFIX = `{"kind":"events","schema_version":${SCHEMA_VERSION},"events":[`;
const EVENTS_SUFFIX = ']}';
const EVENTS_PREFIX_BYTES = Buffer.from(EVENTS_PREFIX);
const EVENTS_SUFFIX_BYTES = Buffer.from(EVENTS_SUFFIX);
const COMMA_BYTES = Buffer.from(',');

/**
 * One JSON text frame per batch, an `EventBatchMessage`: spliced from the events' JSON, the same
 * text `JSON.stringify({ kind: 'events', schema_version, events })` gives, without re-encoding them.
 */
export const encodeEvents: FrameEncoder<WireEvents> = (events) => {
  if (events.every((event): event is SerializedEvent => typeof event.json === 'string')) {
    return [`${EVENTS_PREFIX}${events.map((event) => event.json).join(',')}${EVENTS_SUFFIX}`];
  }
  const parts: Uint8Array[] = [EVENTS_PREFIX_BYTES];
  events.forEach((event, index) => {
    if (index > 0) parts.push(COMMA_BYTES);
    parts.push(typeof event.json === 'string' ? Buffer.from(event.json) : event.json);
  });
  parts.push(EVENTS_SUFFIX_BYTES);
  return [{ utf8: Buffer.concat(parts) }];
};

/** Binary frames, consecutive chunks packed together (see terminalFrame.ts). */
const encodeChunks: FrameEncoder<WireChunks> = (chunks) => packTerminalChunks(chunks);
