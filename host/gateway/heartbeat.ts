import type { Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import type { Event } from '../base/emitter.ts';
import type { IDisposable } from '../base/lifecycle.ts';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

/** The part of a WebSocket the heartbeat needs. */
export interface HeartbeatSocket {
  ping(): void;
  terminate(): void;
  on(event: 'pong', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Pings every tracked socket each interval; a socket that did not answer the previous ping is
 * terminated, which frees its stream and send buffer. Connections without pings (SSE) listen to
 * `onDidBeat` and write a comment instead.
 */
export class Heartbeat implements IDisposable {
  private readonly awaitingPong = new Map<HeartbeatSocket, boolean>();
  private readonly beats = new Emitter<void>();
  /** Fires on every beat. */
  readonly onDidBeat: Event<void> = this.beats.event;
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private timer: IDisposable | undefined;

  constructor(intervalMs: number, clock: Clock) {
    this.intervalMs = intervalMs;
    this.clock = clock;
    this.schedule();
  }

  track(socket: HeartbeatSocket): void {
    this.awaitingPong.set(socket, false);
    socket.on('pong', () => { if (this.awaitingPong.has(socket)) this.awaitingPong.set(socket, false); });
    socket.once('close', () => this.awaitingPong.delete(socket));
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = undefined;
    this.awaitingPong.clear();
    this.beats.dispose();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.beat();
      this.schedule();
    }, this.intervalMs);
  }

  private beat(): void {
    for (const [socket, awaiting] of this.awaitingPong) {
      if (awaiting) {
        this.awaitingPong.delete(socket);
        socket.terminate();
        continue;
      }
      this.awaitingPong.set(socket, true);
      socket.ping();
    }
    this.beats.fire();
  }
}
