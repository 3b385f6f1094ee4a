import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  appendEvents, emptyWindow, eventAt, firstSeq, indexOfSeq, lastSeq, lowerBound, prependEvents, sliceWindow, trimNewest, trimOldest, windowEvents,
} from '../../../webviews/state/eventWindow.ts';

const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i }));

describe('EventWindow', () => {
  it('prepends older pages and appends newer events, in seq order, ignoring known seqs', () => {
    let window = appendEvents(emptyWindow<{ seq: number }>(), seqs(101, 200));
    window = prependEvents(window, seqs(1, 100).reverse());
    window = prependEvents(window, seqs(50, 150));
    window = appendEvents(window, [...seqs(150, 210), { seq: 205 }]);
    assert.equal(window.length, 210);
    assert.deepEqual(windowEvents(window).map((event) => event.seq), seqs(1, 210).map((event) => event.seq));
    assert.equal(firstSeq(window), 1);
    assert.equal(lastSeq(window), 210);
  });

  it('finds events by index and by seq across chunks', () => {
    let window = emptyWindow<{ seq: number }>();
    for (let page = 9; page >= 0; page--) window = prependEvents(window, seqs(page * 1000 + 1, page * 1000 + 1000).map((event) => ({ seq: event.seq * 2 })));
    assert.equal(window.chunks.length, 10);
    assert.equal(eventAt(window, 0)?.seq, 2);
    assert.equal(eventAt(window, 4321)?.seq, 8644);
    assert.equal(eventAt(window, 10_000), undefined);
    assert.equal(indexOfSeq(window, 8644), 4321);
    assert.equal(indexOfSeq(window, 8645), -1, 'odd seqs are not loaded');
    assert.equal(lowerBound(window, 8645), 4322);
    assert.deepEqual(sliceWindow(window, 998, 1002).map((event) => event.seq), [1998, 2000, 2002, 2004]);
  });

  it('merges small live batches into the newest chunk instead of piling up chunks', () => {
    let window = emptyWindow<{ seq: number }>();
    for (let seq = 1; seq <= 500; seq++) window = appendEvents(window, [{ seq }]);
    assert.equal(window.chunks.length, 1);
    assert.equal(window.length, 500);
  });

  it('trims whole chunks from either end but keeps at least the asked number of events', () => {
    let window = emptyWindow<{ seq: number }>();
    for (let page = 4; page >= 0; page--) window = prependEvents(window, seqs(page * 100 + 1, page * 100 + 100));
    const newestDropped = trimNewest(window, 250);
    assert.equal(newestDropped.length, 300);
    assert.equal(lastSeq(newestDropped), 300);
    const oldestDropped = trimOldest(window, 250);
    assert.equal(oldestDropped.length, 300);
    assert.equal(firstSeq(oldestDropped), 201);
    assert.equal(trimOldest(window, 1000), window, 'nothing to trim returns the same window');
  });
});
