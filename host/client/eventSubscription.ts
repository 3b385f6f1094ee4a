import { EventStreamMessageSchema } from '../protocol/index.ts';
import type { EventEnvelope } from '../protocol/index.ts';
import type { GatewayTransport } from './gatewayTransport.ts';
import type { ReconnectingSocket } from './reconnectingSocket.ts';
import { callConsumer, openResumingSocket, streamProtocolError as protocolError } from './streamSubscription.ts';
import type { StreamObserver, StreamSettings, StreamSubscription } from './streamSubscription.ts';

export interface SubscribeEventsOptions extends StreamObserver {
  /** The highest seq already known (e.g. the snapshot's `seq`); delivery starts after it. */
  cursor: number;
  /** Called with new events only: each seq exactly once, in increasing order. */
  onEvents: (events: EventEnvelope[]) => void;
}

/** Options of `subscribeRunEvents`: one run's events after `cursor` (a journal seq). */
export interface SubscribeRunEventsOptions extends SubscribeEventsOptions {
  runId: string;
}

/** Options of `subscribePlanningEvents`: one planning session's events after `cursor` (a journal seq). */
export interface SubscribePlanningEventsOptions extends SubscribeEventsOptions {
  sessionId: string;
}

/**
 * `/api/v1/streams/events` (or another events stream with the same messages, such as one run's
 * `/api/v1/streams/runs/{id}`), resumed from the last delivered seq after every reconnect.
 */
export class EventSubscription implements StreamSubscription {
  private lastSeq: number;
  private readonly options: SubscribeEventsOptions;
  private readonly socket: ReconnectingSocket;

  constructor(transport: GatewayTransport, token: string, options: SubscribeEventsOptions, settings: StreamSettings, streamPath = '/api/v1/streams/events') {
    this.lastSeq = options.cursor;
    this.options = options;
    this.socket = openResumingSocket(transport, token, () => `${streamPath}?cursor=${this.lastSeq}`, options, settings, (data, isBinary) => this.receive(data, isBinary));
  }

  get cursor(): number {
    return this.lastSeq;
  }

  dispose(): void {
    this.socket.dispose();
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (isBinary) throw protocolError('the events stream sent a binary frame');
    const json: unknown = JSON.parse(data.toString('utf8'));
    if (!isKnownKind(json)) return;
    const message = EventStreamMessageSchema.safeParse(json);
    if (!message.success) throw protocolError(`malformed events stream message: ${message.error.issues[0]?.message ?? ''}`);
    // `resync` needs no action here: the server closes next, and the reconnect resumes from lastSeq.
    if (message.data.kind !== 'events') return;
    const fresh: EventEnvelope[] = [];
    for (const event of message.data.events) {
      if (event.seq <= this.lastSeq) continue;
      fresh.push(event);
      this.lastSeq = event.seq;
    }
    if (fresh.length > 0) callConsumer(() => this.options.onEvents(fresh));
  }
}

function isKnownKind(json: unknown): boolean {
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  return kind === 'events' || kind === 'resync';
}

