import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presentedToken, selectProtocol } from '../../../../host/gateway/bearerAuth.ts';

const TOKEN = 'a3f9c0d1e2b4a5968778695a4b3c2d1e';

test('the Authorization header carries the token; the scheme is case-insensitive and must be Bearer', () => {
  assert.equal(presentedToken({ authorization: `Bearer ${TOKEN}` }, { upgrade: false }), TOKEN);
  assert.equal(presentedToken({ authorization: `bearer ${TOKEN}` }, { upgrade: false }), TOKEN);
  for (const authorization of [undefined, '', 'Bearer', `Basic ${TOKEN}`, `Bearer ${TOKEN} extra`, TOKEN]) {
    assert.equal(presentedToken({ authorization }, { upgrade: false }), undefined, String(authorization));
  }
});

test('a WebSocket upgrade may carry the token as the subprotocol bearer.<token>; plain requests may not', () => {
  const headers = { 'sec-websocket-protocol': `opensymphony.v1, bearer.${TOKEN}` };

  assert.equal(presentedToken(headers, { upgrade: true }), TOKEN);
  assert.equal(presentedToken(headers, { upgrade: false }), undefined);
  assert.equal(presentedToken({ 'sec-websocket-protocol': 'bearer.' }, { upgrade: true }), undefined);
  assert.equal(presentedToken({ ...headers, authorization: 'Bearer from-header-0123456789' }, { upgrade: true }), 'from-header-0123456789', 'Authorization wins');
});

test('the gateway answers with opensymphony.v1 when offered, else the offered bearer protocol, else none', () => {
  assert.equal(selectProtocol(new Set(['opensymphony.v1', `bearer.${TOKEN}`])), 'opensymphony.v1');
  assert.equal(selectProtocol(new Set([`bearer.${TOKEN}`])), `bearer.${TOKEN}`);
  assert.equal(selectProtocol(new Set(['chat'])), false);
});
