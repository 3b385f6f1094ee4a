import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCursorWithinHead, parseCursor, parseLimit } from '../../../../host/gateway/queryParams.ts';

const query = (text: string): URLSearchParams => new URLSearchParams(text);

test('cursor defaults to 0 and accepts non-negative safe integers only', () => {
  assert.equal(parseCursor(query('')), 0);
  assert.equal(parseCursor(query('cursor=0')), 0);
  assert.equal(parseCursor(query('cursor=9007199254740991')), Number.MAX_SAFE_INTEGER);
  for (const bad of ['', '-1', '1.0', '1e3', ' 1', '0x10', '9007199254740992', 'abc']) {
    assert.throws(() => parseCursor(query(`cursor=${encodeURIComponent(bad)}`)), { code: 'invalid_request' }, bad);
  }
});

test('limit defaults to 200 and must lie in 1..1000', () => {
  assert.equal(parseLimit(query('')), 200);
  assert.equal(parseLimit(query('limit=1')), 1);
  assert.equal(parseLimit(query('limit=1000')), 1000);
  for (const bad of ['0', '1001', '-5', 'all']) assert.throws(() => parseLimit(query(`limit=${bad}`)), { code: 'invalid_request' }, bad);
});

test('a cursor past the head is a conflict that tells the client to reload', () => {
  assertCursorWithinHead(5, 5, 'journal');
  assert.throws(() => assertCursorWithinHead(6, 5, 'journal'), { code: 'conflict', message: /reload the snapshot/ });
});
