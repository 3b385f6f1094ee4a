import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { Heartbeat } from '../../../../host/gateway/heartbeat.ts';
import type { HeartbeatSocket } from '../../../../host/gateway/heartbeat.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';

/** A socket that records pings and answers them only when told to. */
class FakeSocket extends EventEmitter implements HeartbeatSocket {
  pings = 0;
  terminated = false;
  answers = true;

  ping(): void {
    this.pings++;
    if (this.answers) this.emit('pong');
  }

  terminate(): void {
    this.terminated = true;
    this.emit('close');
  }
}

test('sockets that answer pings stay; a socket that misses one ping is terminated at the next beat', () => {
  const clock = new ManualClock();
  const heartbeat = new Heartbeat(1000, clock);
  const healthy = new FakeSocket();
  const silent = new FakeSocket();
  silent.answers = false;
  heartbeat.track(healthy);
  heartbeat.track(silent);

  clock.advance(1000);
  assert.deepEqual([healthy.pings, silent.pings, silent.terminated], [1, 1, false]);
  clock.advance(1000);
  assert.deepEqual([healthy.pings, silent.terminated], [2, true]);
  clock.advance(5000);
  assert.deepEqual([healthy.pings, healthy.terminated, silent.pings], [7, false, 1]);
  heartbeat.dispose();
  assert.equal(clock.pendingTimers, 0);
});

test('a closed socket is no longer pinged', () => {
  const clock = new ManualClock();
  const heartbeat = new Heartbeat(1000, clock);
  const socket = new FakeSocket();
  heartbeat.track(socket);

  socket.emit('close');
  clock.advance(3000);

  assert.equal(socket.pings, 0);
  heartbeat.dispose();
});

test('listeners hear every beat until the heartbeat is disposed', () => {
  const clock = new ManualClock();
  const heartbeat = new Heartbeat(1000, clock);
  let beats = 0;
  heartbeat.onDidBeat(() => beats++);

  clock.advance(3000);
  heartbeat.dispose();
  clock.advance(3000);

  assert.equal(beats, 3);
});
