import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeliveryTracker } from '../../../../host/gateway/deliveryTracker.ts';

test('the delivered seq follows the bytes that left the queue, write by write', () => {
  const tracker = new DeliveryTracker(10);
  tracker.wrote(12, 100);
  tracker.wrote(15, 50);
  tracker.wrote(20, 200);

  assert.equal(tracker.deliveredSeq(350), 10, 'nothing left yet');
  assert.equal(tracker.deliveredSeq(251), 10, 'the first write is not wholly out');
  assert.equal(tracker.deliveredSeq(250), 12);
  assert.equal(tracker.deliveredSeq(200), 15);
  assert.equal(tracker.deliveredSeq(0), 20);
  assert.equal(tracker.deliveredSeq(500), 20, 'never goes back, even when the sink buffers bytes of its own');
});

test('many writes drained over time keep it exact', () => {
  const tracker = new DeliveryTracker(0);
  let buffered = 0;
  for (let seq = 1; seq <= 1000; seq++) {
    tracker.wrote(seq, 10);
    buffered += 10;
    if (seq % 7 === 0) buffered = Math.max(0, buffered - 45);
    assert.equal(tracker.deliveredSeq(buffered), seq - Math.ceil(buffered / 10), `at seq ${seq}`);
  }
});
