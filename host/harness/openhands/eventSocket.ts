import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { errorMessage } from '../../base/errors.ts';
import type { IDisposable } from '../../base/lifecycle.ts';
import { truncateText } from '../codex/compactPayload.ts';
import { errorFromAnswer } from './agentServerClient.ts';
import { OpenHandsError, OpenHandsErrorCodes } from './openHandsErrors.ts';
import { WireEventSchema } from './openHandsWire.ts';
import type { WireEvent } from './openHandsWire.ts';

/** Close codes the v1.14.0 server uses (A3, A8). */
export const EventSocketCloseCodes = { authenticationFailed: 4001, conversationNotFound: 4004 } as const;

const STATE_UPDATE_KIND = 'ConversationStateUpdateEvent';
const HANDSHAKE_TIMEOUT_MS = 10_000;
const MAX_RAW_FRAME_CHARS = 4_000;
/** The same 10 MB cap as a Codex stdout line (Symphony spec digest §6): a bigger frame fails the run. */
export const MAX_FRAME_BYTES = 10 * 1024 * 1024;

export interface EventSocketHandlers {
  /** The first `ConversationStateUpdateEvent` arrived: the subscription is live (A9 readiness rule). */
  onReady(): void;
  /** One parsed event frame, in arrival order (the ready frame included, after onReady). */
  onEvent(event: WireEvent): void;
  /** A frame that is not a JSON event; `raw` is size-capped. */
  onMalformed(error: OpenHandsError): void;
  /** Called once when the socket is gone; `failure` says why when we know. Not called after dispose(). */
  onClosed(failure: OpenHandsError | null): void;
}

/** One connection to `/sockets/events/{id}`: parses frames and reports readiness and closure. */
export class EventSocket implements IDisposable {
  private readonly socket: WebSocket;
  private readonly handlers: EventSocketHandlers;
  private ready = false;
  private failure: OpenHandsError | null = null;
  private finished = false;

  constructor(url: string, headers: Record<string, string>, handlers: EventSocketHandlers) {
    this.handlers = handlers;
    this.socket = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: HANDSHAKE_TIMEOUT_MS, maxPayload: MAX_FRAME_BYTES });
    this.socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    this.socket.on('unexpected-response', (_request, response) => this.rejected(response));
    this.socket.on('error', (error: Error & { code?: string }) => {
      this.failure ??= error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
        ? new OpenHandsError(OpenHandsErrorCodes.protocolError, `the event socket sent a frame over the ${MAX_FRAME_BYTES} byte cap; the stream is not usable`, { cause: error })
        : new OpenHandsError(OpenHandsErrorCodes.socketClosed, `the event socket failed: ${errorMessage(error)}`, { cause: error });
    });
    this.socket.on('close', (code, reason) => this.closed(code, reason.toString('utf8')));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Drops the connection at once; no more handler calls. */
  dispose(): void {
    if (this.finished) return;
    this.finished = true;
    this.socket.removeAllListeners('message');
    this.socket.on('error', () => {});
    this.socket.terminate();
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.finished) return;
    const text = data.toString('utf8');
    const event = isBinary ? null : parseEvent(text);
    if (!event) {
      this.handlers.onMalformed(new OpenHandsError(
        OpenHandsErrorCodes.malformedFrame,
        isBinary ? 'the event socket sent a binary frame' : 'the event socket sent a frame that is not a JSON event with kind, id and timestamp',
        { raw: truncateText(text, MAX_RAW_FRAME_CHARS) },
      ));
      return;
    }
    if (!this.ready && event.kind === STATE_UPDATE_KIND) {
      this.ready = true;
      this.handlers.onReady();
      if (this.finished) return;
    }
    this.handlers.onEvent(event);
  }

  /** The upgrade was refused: v1.14.0 rejects a bad key this way (HTTP 403, A3). */
  private rejected(response: IncomingMessage): void {
    const chunks: Buffer[] = [];
    const status = response.statusCode ?? 0;
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => {
      this.failure = errorFromAnswer('the event socket handshake', status, Buffer.concat(chunks).toString('utf8'));
      this.socket.terminate();
    });
    response.once('error', () => this.socket.terminate());
  }

  private closed(code: number, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.handlers.onClosed(this.closeFailure(code, reason));
  }

  private closeFailure(code: number, reason: string): OpenHandsError | null {
    if (code === EventSocketCloseCodes.authenticationFailed) {
      return new OpenHandsError(OpenHandsErrorCodes.unauthorized, `the event socket was closed: ${reason || 'Authentication failed'}; check the session API key`);
    }
    if (code === EventSocketCloseCodes.conversationNotFound) {
      return new OpenHandsError(OpenHandsErrorCodes.notFound, `the event socket was closed: ${reason || 'Conversation not found'}`);
    }
    return this.failure;
  }
}

function parseEvent(text: string): WireEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = WireEventSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
