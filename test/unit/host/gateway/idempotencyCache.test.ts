import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdempotencyCache } from '../../../../host/gateway/idempotencyCache.ts';

test('the same key and fingerprint returns the first outcome without running again', async () => {
  const cache = new IdempotencyCache<string>();
  let runs = 0;
  const execute = async () => `receipt-${++runs}`;

  assert.deepEqual(await cache.run('k', 'f', execute), { value: 'receipt-1', replayed: false });
  assert.deepEqual(await cache.run('k', 'f', execute), { value: 'receipt-1', replayed: true });
  assert.equal(runs, 1);
});

test('a call that is still running is shared by later calls with the same key', async () => {
  const cache = new IdempotencyCache<string>();
  const { promise, resolve } = Promise.withResolvers<string>();
  let runs = 0;

  const first = cache.run('k', 'f', () => { runs++; return promise; });
  const second = cache.run('k', 'f', () => { runs++; return promise; });
  resolve('receipt');

  assert.deepEqual(await Promise.all([first, second]), [{ value: 'receipt', replayed: false }, { value: 'receipt', replayed: true }]);
  assert.equal(runs, 1);
});

test('the same key with another fingerprint is a conflict', async () => {
  const cache = new IdempotencyCache<string>();
  await cache.run('k', 'dispatch:{"issue_id":"a"}', async () => 'a');

  await assert.rejects(cache.run('k', 'dispatch:{"issue_id":"b"}', async () => 'b'), { code: 'conflict', status: 409 });
});

test('a failed call is forgotten so the same key can be retried', async () => {
  const cache = new IdempotencyCache<string>();

  await assert.rejects(cache.run('k', 'f', async () => { throw new Error('backend down'); }), /backend down/);
  assert.deepEqual(await cache.run('k', 'f', async () => 'ok'), { value: 'ok', replayed: false });
});

test('the cache is bounded and forgets the least recently used key first', async () => {
  const cache = new IdempotencyCache<string>(2);
  await cache.run('a', 'f', async () => 'a1');
  await cache.run('b', 'f', async () => 'b1');
  await cache.run('a', 'f', async () => 'a2');
  await cache.run('c', 'f', async () => 'c1');

  assert.equal(cache.size, 2);
  assert.deepEqual(await cache.run('a', 'f', async () => 'a3'), { value: 'a1', replayed: true });
  assert.deepEqual(await cache.run('b', 'f', async () => 'b2'), { value: 'b2', replayed: false }, 'b was evicted');
  assert.throws(() => new IdempotencyCache(0), RangeError);
});
