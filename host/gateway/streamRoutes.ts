import type { IncomingMessage } from 'node:http';
import type { EventJournal, SerializedEvent } from '../journal/eventJournal.ts';
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
import type { FrameEncoder, WireFrame } from './webSocketSink.ts';

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

/** A replay run read as a whole batch message: its bytes are the frame. */
export interface EventFrame {
  /** The seq of the last event of the frame. */
  readonly seq: number;
  readonly frame: Uint8Array;
}

/** What the events WebSocket sends: live events batched, replay runs as frames. */
export type WireEvents = SerializedEvent | EventFrame;

/**
 * Bytes of event JSON per replay frame. A client can parse a frame only once all of it has
 * arrived; frames of about one socket read let it parse one while the next arrives. Measured with
 * a bare sender of 1M events to the bench's client: 28-56 KB frames took 2.5-2.7 s, 1.1 MB frames
 * (a 2,000-event page) 3.3-3.7 s.
 */
export const REPLAY_FRAME_BYTES = 64 * 1024;

/** `eventSource` for the WebSocket: a replay page is read as frames of about REPLAY_FRAME_BYTES, built by SQLite. */
function eventRunSource(journal: EventJournal): CursorSource<WireEvents> {
  return {
    ...eventSource(journal),
    read: (cursor, limit) => readEventFrames(journal, cursor, limit),
  };
}

/** One replay page of the events WebSocket: each run is read inside its batch message, so its bytes are the frame. */
export function readEventFrames(journal: EventJournal, cursor: number, limit: number): EventFrame[] {
  return journal.readSerializedRuns(cursor, limit, REPLAY_FRAME_BYTES, EVENTS_ENCLOSURE).map((run) => ({ seq: run.seq, frame: run.json }));
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
const EVENTS_ENCLOSURE = { before: EVENTS_PREFIX, after: EVENTS_SUFFIX };

/**
 * JSON text frames, each an `EventBatchMessage` spliced from the events' JSON (the same text
 * `JSON.stringify({ kind: 'events', schema_version, events })` gives, without re-encoding them):
 * a replay frame goes out as the bytes SQLite built; live events go together in one frame.
 */
export const encodeEvents: FrameEncoder<WireEvents> = (events) => {
  if (events.length === 0) return [`${EVENTS_PREFIX}${EVENTS_SUFFIX}`];
  const frames: WireFrame[] = [];
  let live: string[] = [];
  const endLive = (): void => {
    if (live.length > 0) frames.push(`${EVENTS_PREFIX}${live.join(',')}${EVENTS_SUFFIX}`);
    live = [];
  };
  for (const event of events) {
    if ('frame' in event) {
      endLive();
      frames.push({ utf8: event.frame });
    } else {
      live.push(event.json);
    }
  }
  endLive();
  return frames;
};

/** Binary frames, consecutive chunks packed together (see terminalFrame.ts). */
const encodeChunks: FrameEncoder<WireChunks> = (chunks) => packTerminalChunks(chunks);
