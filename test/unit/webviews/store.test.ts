import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Store } from '../../../webviews/state/store.ts';
import { ManualFrames } from './manualFrames.ts';

type Action = { type: 'add'; by: number } | { type: 'noop' };
const reducer = (state: number, action: Action) => (action.type === 'add' ? state + action.by : state);

describe('Store', () => {
  it('tells listeners once per frame however many actions arrived', () => {
    const frames = new ManualFrames();
    const store = new Store(reducer, 0, frames.schedule);
    const seen: number[] = [];
    store.subscribe((state) => seen.push(state));
    for (let i = 0; i < 1000; i++) store.dispatch({ type: 'add', by: 1 });
    assert.equal(frames.pending, 1, 'one frame scheduled for the burst');
    assert.deepEqual(seen, [], 'nothing rendered before the frame');
    frames.runFrame();
    assert.deepEqual(seen, [1000]);
  });

  it('schedules nothing for actions that change nothing', () => {
    const frames = new ManualFrames();
    const store = new Store(reducer, 0, frames.schedule);
    store.subscribe(() => assert.fail('no change, no render'));
    store.dispatch({ type: 'noop' });
    assert.equal(frames.pending, 0);
  });

  it('schedules a new frame for changes after a frame ran, and stops after unsubscribe', () => {
    const frames = new ManualFrames();
    const store = new Store(reducer, 0, frames.schedule);
    const seen: number[] = [];
    const unsubscribe = store.subscribe((state) => seen.push(state));
    store.dispatch({ type: 'add', by: 2 });
    frames.runFrame();
    store.dispatch({ type: 'add', by: 3 });
    frames.runFrame();
    unsubscribe();
    store.dispatch({ type: 'add', by: 4 });
    frames.runFrame();
    assert.deepEqual(seen, [2, 5]);
    assert.equal(store.getState(), 9);
  });
});
