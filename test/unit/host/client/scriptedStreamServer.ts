import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { SCHEMA_VERSION } from '../../../../host/protocol/index.ts';
import type { EventEnvelope } from '../../../../host/protocol/index.ts';

/** One accepted stream connection, as the scripted server saw it. */
export interface ScriptedConnection {
  socket: WebSocket;
  url: URL;
  request: IncomingMessage;
}

/**
 * A stand-in gateway whose stream connections the test drives by hand: it can send any message,
 * close with any code, or refuse upgrades, so the client's reconnect logic is seen in isolation.
 */
export class ScriptedStreamServer {
  readonly socketPath: string;
  private readonly dir: string;
  private readonly http = createServer((_req, res) => res.writeHead(404).end());
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly waiting: Array<(connection: ScriptedConnection) => void> = [];
  private readonly arrived: ScriptedConnection[] = [];
  /** When set, upgrades are refused with this status and error envelope. */
  refuseWith: { status: number; code: string } | undefined;
  upgrades = 0;

  private constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'os-client-'));
    this.socketPath = join(this.dir, 'gw.sock');
    this.http.on('upgrade', (request: IncomingMessage, socket, head) => {
      this.upgrades++;
      if (this.refuseWith) {
        const body = JSON.stringify({ error: { code: this.refuseWith.code, message: 'refused by the script' } });
        socket.end(`HTTP/1.1 ${this.refuseWith.status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept({ socket: ws, request, url: new URL(request.url ?? '/', 'http://x') }));
    });
  }

  static async start(): Promise<ScriptedStreamServer> {
    const server = new ScriptedStreamServer();
    await new Promise<void>((resolve) => server.http.listen(server.socketPath, resolve));
    return server;
  }

  /** The next accepted connection (already arrived or yet to come). */
  nextConnection(): Promise<ScriptedConnection> {
    const ready = this.arrived.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private accept(connection: ScriptedConnection): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else this.arrived.push(connection);
  }
}

/** An events-stream batch message carrying events with these seqs. */
export function eventsMessage(seqs: readonly number[]): string {
  return JSON.stringify({ kind: 'events', schema_version: SCHEMA_VERSION, events: seqs.map(eventWithSeq) });
}

export function eventWithSeq(seq: number): EventEnvelope {
  return {
    id: `evt-${seq}`, seq, schema_version: SCHEMA_VERSION, type: 'run.output', timestamp: new Date(0).toISOString(),
    actor: { kind: 'agent' }, correlation_id: null, entity_refs: [], summary: `event ${seq}`, payload: {}, raw_ref: null,
  };
}
