import { decodeTerminalFrame } from '../protocol/index.ts';
import type { GatewayTransport } from './gatewayTransport.ts';
import type { ReconnectingSocket } from './reconnectingSocket.ts';
import { callConsumer, openResumingSocket, streamProtocolError as protocolError } from './streamSubscription.ts';
import type { StreamObserver, StreamSettings, StreamSubscription } from './streamSubscription.ts';

/**
 * Terminal output: the bytes of the stream's chunks `firstSeq..seq` (chunk seqs count per stream
 * from 1). A replay packs many stored chunks into one; live output arrives a chunk at a time.
 */
export interface TerminalStreamChunk {
  streamId: string;
  /** The last chunk covered: the cursor to resume after. */
  seq: number;
  firstSeq: number;
  data: Uint8Array;
}

export interface SubscribeTerminalOptions extends StreamObserver {
  /** The run's `terminal_stream_id`. */
  streamId: string;
  /** The highest chunk seq already shown; 0 replays the whole stream. */
  cursor: number;
  /** Called for each new piece of output, exactly once, in seq order, with no gap. */
  onChunk: (chunk: TerminalStreamChunk) => void;
}

/** `/api/v1/streams/terminal/{stream_id}`, resumed from the last delivered chunk after every reconnect. */
export class TerminalSubscription implements StreamSubscription {
  private lastSeq: number;
  private readonly options: SubscribeTerminalOptions;
  private readonly socket: ReconnectingSocket;

  constructor(transport: GatewayTransport, token: string, options: SubscribeTerminalOptions, settings: StreamSettings) {
    this.lastSeq = options.cursor;
    this.options = options;
    const path = `/api/v1/streams/terminal/${encodeURIComponent(options.streamId)}`;
    this.socket = openResumingSocket(transport, token, () => `${path}?cursor=${this.lastSeq}`, options, settings, (data, isBinary) => this.receive(data, isBinary));
  }

  get cursor(): number {
    return this.lastSeq;
  }

  dispose(): void {
    this.socket.dispose();
  }

  private receive(data: Buffer, isBinary: boolean): void {
    // Text frames are control messages; `resync` needs no action: the server closes next and the
    // reconnect resumes from lastSeq.
    if (!isBinary) return;
    const frame = decodeTerminalFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (frame.streamId !== this.options.streamId) throw protocolError(`terminal frame for stream "${frame.streamId}" on the stream of "${this.options.streamId}"`);
    if (frame.seq <= this.lastSeq) return;
    // A frame that starts anywhere but right after the cursor would skip or repeat output; the
    // reconnect this error causes resumes from the cursor.
    if (frame.firstSeq !== this.lastSeq + 1) throw protocolError(`terminal frame covers chunks ${frame.firstSeq}..${frame.seq} but the stream is at ${this.lastSeq}`);
    this.lastSeq = frame.seq;
    const chunk: TerminalStreamChunk = { streamId: frame.streamId, seq: frame.seq, firstSeq: frame.firstSeq, data: frame.payload };
    callConsumer(() => this.options.onChunk(chunk));
  }
}

