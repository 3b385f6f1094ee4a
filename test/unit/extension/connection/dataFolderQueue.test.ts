import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onDataFolder } from '../../../../extension/connection/dataFolderQueue.ts';

describe('onDataFolder', () => {
  it('runs the steps on one folder one after another, in order, past a step that fails', async () => {
    const order: string[] = [];
    const firstMayEnd = Promise.withResolvers<void>();
    const first = onDataFolder('/data/a', async () => { order.push('first begins'); await firstMayEnd.promise; order.push('first ends'); throw new Error('spawn failed'); });
    const second = onDataFolder('/data/a', async () => { order.push('second'); return 2; });
    await Promise.resolve();
    assert.deepEqual(order, ['first begins'], 'the second step waits for the first');
    firstMayEnd.resolve();
    await assert.rejects(first, /spawn failed/, 'a step\'s failure reaches its caller');
    assert.equal(await second, 2);
    assert.deepEqual(order, ['first begins', 'first ends', 'second']);
  });

  it('does not hold a folder\'s steps behind another folder\'s', async () => {
    const never = Promise.withResolvers<void>();
    void onDataFolder('/data/busy', () => never.promise);
    assert.equal(await onDataFolder('/data/free', async () => 'ran'), 'ran');
    never.resolve();
  });
});
