import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { FakeAgentFaults } from './fakeAgentFaults.ts';
import type { FakeConversation } from './fakeConversation.ts';

const SOCKET_PATH = /^\/sockets\/events\/([^/]+)$/;

export interface EventSocketEndpointState {
  readonly faults: FakeAgentFaults;
  readonly sessionApiKeys: readonly string[];
  find(id: string): FakeConversation | undefined;
  /** Checks one frame against the OpenAPI `Event` schema and records a violation. */
  checkFrame(frame: string): void;
}

/** Counters the tests read. */
export interface EventSocketStats {
  opened: number;
  dropped: number;
  framesSent: number;
}

/**
 * `/sockets/events/{id}` as v1.14.0 serves it (A8): auth from `session_api_key` then the header
 * (refused at the handshake with 403, A3), 4004 for an unknown conversation, then subscribe and
 * send the unstored full_state frame first, `resend_all` replay, inbound Message frames run.
 */
export class FakeEventSocketEndpoint {
  readonly stats: EventSocketStats = { opened: 0, dropped: 0, framesSent: 0 };
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly state: EventSocketEndpointState;
  private readonly socketsByConversation = new Map<string, Set<WebSocket>>();
  private readonly framesByConversation = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(state: EventSocketEndpointState) {
    this.state = state;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const match = SOCKET_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404);
    const key = url.searchParams.get('session_api_key') ?? headerValue(request, 'x-session-api-key');
    if (this.state.sessionApiKeys.length && !this.state.sessionApiKeys.includes(key ?? '')) return refuse(socket, 403);
    if (this.state.faults.rejectSocketsWith) return refuse(socket, this.state.faults.rejectSocketsWith);
    const resendAll = url.searchParams.get('resend_all') === 'true';
    this.server.handleUpgrade(request, socket, head, (ws) => this.connected(ws, decodeURIComponent(match[1]!), resendAll));
  }

  /** Terminates every socket (of one conversation, or all); returns how many. */
  dropSockets(conversationId?: string): number {
    let count = 0;
    for (const [id, sockets] of this.socketsByConversation) {
      if (conversationId && id !== conversationId) continue;
      for (const ws of sockets) {
        ws.terminate();
        count++;
      }
    }
    this.stats.dropped += count;
    return count;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.dropSockets();
    this.server.close();
  }

  private connected(ws: WebSocket, id: string, resendAll: boolean): void {
    const conversation = this.state.find(id);
    if (!conversation) {
      ws.close(4004, 'Conversation not found');
      return;
    }
    this.stats.opened++;
    const sockets = this.socketsByConversation.get(conversation.id) ?? new Set<WebSocket>();
    this.socketsByConversation.set(conversation.id, sockets);
    sockets.add(ws);
    let unsubscribe = (): void => {};
    const begin = (): void => {
      if (ws.readyState !== ws.OPEN || this.state.faults.silentSockets) return;
      const subscriber = { send: (frame: string, conforming: boolean) => this.send(ws, conversation.id, frame, conforming) };
      unsubscribe = conversation.subscribe(subscriber);
      subscriber.send(JSON.stringify(conversation.fullState()), true);
      if (resendAll) for (const event of conversation.events) subscriber.send(JSON.stringify(event), !conversation.nonconformingIds.has(event.id));
    };
    const delay = this.state.faults.firstFrameDelayMs;
    const timer = delay > 0 ? setTimeout(begin, delay) : undefined;
    if (timer) this.timers.add(timer);
    else begin();
    ws.on('message', (data) => inboundMessage(conversation, data.toString()));
    ws.on('close', () => {
      if (timer) { clearTimeout(timer); this.timers.delete(timer); }
      unsubscribe();
      sockets.delete(ws);
    });
  }

  private send(ws: WebSocket, conversationId: string, frame: string, conforming: boolean): void {
    if (ws.readyState !== ws.OPEN) return;
    if (conforming) this.state.checkFrame(frame);
    const copies = this.state.faults.duplicateFrames ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) ws.send(frame);
    this.stats.framesSent += copies;
    const sent = (this.framesByConversation.get(conversationId) ?? 0) + 1;
    this.framesByConversation.set(conversationId, sent);
    const every = this.state.faults.dropSocketsEveryFrames;
    if (every && sent % every === 0 && this.stats.dropped < this.state.faults.maxSocketDrops) this.dropSockets(conversationId);
  }
}

/** An inbound JSON Message runs like `send_message(message, run=True)`; anything else is ignored (A8). */
function inboundMessage(conversation: FakeConversation, text: string): void {
  try {
    const message = JSON.parse(text) as { role?: string; content?: { text?: string }[] };
    if (message.role !== 'user' || !Array.isArray(message.content)) return;
    conversation.sendMessage(message.content.map((block) => block.text ?? '').join('\n'), true);
  } catch {
    // Logged and ignored by the real server; the socket stays open.
  }
}

function refuse(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Error'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}
