import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff, DEFAULT_RECONNECT_BACKOFF, delay } from '../../../../host/client/backoff.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';

test('delays double from 250 ms up to 5 s and start over after reset', () => {
  const backoff = new Backoff(DEFAULT_RECONNECT_BACKOFF, () => 0);

  assert.deepEqual(Array.from({ length: 7 }, () => backoff.next()), [250, 500, 1000, 2000, 4000, 5000, 5000]);
  backoff.reset();
  assert.equal(backoff.next(), 250);
});

test('jitter only shortens a delay, by at most the jitter fraction', () => {
  const lowest = new Backoff({ initialMs: 1000, maxMs: 1000, factor: 2, jitter: 0.2 }, () => 1);
  const highest = new Backoff({ initialMs: 1000, maxMs: 1000, factor: 2, jitter: 0.2 }, () => 0);

  assert.equal(lowest.next(), 800);
  assert.equal(highest.next(), 1000);
});

test('delay waits on the clock and rejects with the abort reason', async () => {
  const clock = new ManualClock();
  let done = false;
  const waiting = delay(clock, 100).then(() => { done = true; });
  clock.advance(99);
  await Promise.resolve();
  assert.equal(done, false);
  clock.advance(1);
  await waiting;

  const controller = new AbortController();
  const aborted = delay(clock, 100, controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(aborted, /stop/);
  assert.equal(clock.pendingTimers, 0, 'the timer is released on abort');
  await assert.rejects(delay(clock, 1, controller.signal), /stop/);
});
