import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTokenRegistry, grantForToken, tokenDigest } from '../../../../host/gateway/tokenRegistry.ts';

const ADMIN = 'admin-token-0123456789abcdef0123456789';
const VIEWER = 'viewer-token-0123456789abcdef012345678';

test('a presented token maps to the principal of its grant; anything else to nobody', () => {
  const registry = createTokenRegistry([
    grantForToken(ADMIN, { name: 'alice', role: 'admin' }),
    { name: 'dashboard', role: 'viewer', sha256: tokenDigest(VIEWER) },
  ]);

  assert.deepEqual(registry.authenticate(ADMIN), { name: 'alice', role: 'admin' });
  assert.deepEqual(registry.authenticate(VIEWER), { name: 'dashboard', role: 'viewer' });
  for (const wrong of ['', ADMIN.slice(1), `${ADMIN}x`, ADMIN.toUpperCase(), tokenDigest(ADMIN).toString('hex')]) {
    assert.equal(registry.authenticate(wrong), undefined, wrong);
  }
});

test('short tokens, no tokens and one token under two names are refused at start-up', () => {
  assert.throws(() => grantForToken('secret', { name: 'x', role: 'viewer' }), { code: 'gateway_token_too_short' });
  assert.throws(() => createTokenRegistry([]), { code: 'gateway_no_tokens' });
  assert.throws(() => createTokenRegistry([grantForToken(ADMIN, { name: 'a', role: 'admin' }), grantForToken(ADMIN, { name: 'b', role: 'viewer' })]), { code: 'duplicate_token' });
  assert.throws(() => createTokenRegistry([{ name: 'a', role: 'admin', sha256: new Uint8Array(16) }]), { code: 'invalid_token_grant' });
});
