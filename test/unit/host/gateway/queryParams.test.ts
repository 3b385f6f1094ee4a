import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCursorWithinHead, MAX_TYPE_FILTERS, parseCursor, parseDirection, parseLimit, parseTypes } from '../../../../host/gateway/queryParams.ts';

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

test('direction defaults to forward and is forward or backward only', () => {
  assert.equal(parseDirection(query('')), 'forward');
  assert.equal(parseDirection(query('direction=backward')), 'backward');
  for (const bad of ['', 'back', 'FORWARD']) assert.throws(() => parseDirection(query(`direction=${bad}`)), { code: 'invalid_request' }, bad);
});

test('types is an optional comma-separated list of event type names, de-duplicated', () => {
  assert.equal(parseTypes(query('')), undefined);
  assert.equal(parseTypes(query('types=')), undefined);
  assert.deepEqual(parseTypes(query('types=run.started, agent.item,run.started')), ['run.started', 'agent.item']);
  const tooMany = Array.from({ length: MAX_TYPE_FILTERS + 1 }, (_, index) => `t${index}`).join(',');
  for (const bad of ['a b', 'a,,b', 'x'.repeat(101), tooMany, 'run.started;drop']) {
    assert.throws(() => parseTypes(query(`types=${encodeURIComponent(bad)}`)), { code: 'invalid_request' }, bad.slice(0, 20));
  }
});
