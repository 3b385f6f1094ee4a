import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBearerAuth } from '../../../../host/gateway/bearerAuth.ts';

const TOKEN = 'a3f9c0d1e2b4a5968778695a4b3c2d1e';

test('only the exact bearer token is authorized', () => {
  const auth = createBearerAuth(TOKEN);

  assert.equal(auth.isAuthorized({ authorization: `Bearer ${TOKEN}` }), true);
  assert.equal(auth.isAuthorized({ authorization: `bearer ${TOKEN}` }), true);
  for (const authorization of [undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, `Bearer ${TOKEN} extra`, TOKEN]) {
    assert.equal(auth.isAuthorized({ authorization }), false, String(authorization));
  }
});

test('a token too short to be random is refused at start-up', () => {
  assert.throws(() => createBearerAuth('secret'), { code: 'gateway_token_too_short' });
});
