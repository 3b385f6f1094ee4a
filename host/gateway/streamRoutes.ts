import type { EventJournal, TerminalChunk } from '../journal/eventJournal.ts';
import { encodeTerminalFrame, SCHEMA_VERSION } from '../protocol/index.ts';
import type { EventBatchMessage, EventEnvelope } from '../protocol/index.ts';
import { CursorStream } from './cursorStream.ts';
import type { CursorSource, CursorStreamOptions, FrameEncoder } from './cursorStream.ts';
import { GatewayError } from './gatewayError.ts';
import type { GatewayLog } from './gatewayLog.ts';
import { assertCursorWithinHead, parseCursor } from './queryParams.ts';
import type { Route } from './routeTable.ts';

/** Dependencies of the WebSocket stream routes. */
export interface StreamRouteDeps {
  journal: EventJournal;
  options: CursorStreamOptions;
  log: GatewayLog;
}

/** `/api/v1/streams/events` (JSON batches) and `/api/v1/streams/terminal/{stream_id}` (binary frames). */
export function streamRoutes(deps: StreamRouteDeps): Route[] {
  const { journal, options, log } = deps;
  return [
    {
      pattern: '/api/v1/streams/events',
      websocket: ({ url }) => {
        const cursor = parseCursor(url.searchParams);
        assertCursorWithinHead(cursor, journal.head(), 'journal');
        return (socket) => new CursorStream({ socket, source: eventSource(journal), encode: encodeEvents, cursor, options, log });
      },
    },
    {
      pattern: '/api/v1/streams/terminal/{stream_id}',
      websocket: ({ url, params }) => {
        const streamId = params.stream_id;
        if (!streamId) throw new GatewayError('invalid_request', 'the terminal stream id is empty; use the run\'s terminal_stream_id');
        const cursor = parseCursor(url.searchParams);
        assertCursorWithinHead(cursor, journal.terminalHead(streamId), `terminal stream "${streamId}"`);
        return (socket) => new CursorStream({ socket, source: terminalSource(journal, streamId), encode: encodeChunks, cursor, options, log });
      },
    },
  ];
}

function eventSource(journal: EventJournal): CursorSource<EventEnvelope> {
  return {
    read: (cursor, limit) => journal.read(cursor, limit),
    subscribe: (listener) => journal.onDidAppend(listener),
    seqOf: (event) => event.seq,
  };
}

function terminalSource(journal: EventJournal, streamId: string): CursorSource<TerminalChunk> {
  return {
    read: (cursor, limit) => journal.readTerminal(streamId, cursor, limit),
    subscribe: (listener) => journal.onDidAppendTerminal((chunk) => { if (chunk.streamId === streamId) listener([chunk]); }),
    seqOf: (chunk) => chunk.seq,
  };
}

const encodeEvents: FrameEncoder<EventEnvelope> = (events) => {
  const message: EventBatchMessage = { kind: 'events', schema_version: SCHEMA_VERSION, events: [...events] };
  return [JSON.stringify(message)];
};

const encodeChunks: FrameEncoder<TerminalChunk> = (chunks) =>
  chunks.map((chunk) => encodeTerminalFrame(chunk.streamId, chunk.seq, chunk.data));
