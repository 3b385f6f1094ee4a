import assert from 'node:assert/strict';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { grantForToken, tokenDigest } from '../../../../host/gateway/tokenRegistry.ts';
import { TokensFileReloader } from '../../../../host/gateway/tokensFileReloader.ts';
import type { TokensReload } from '../../../../host/gateway/tokensFileReloader.ts';
import { StreamCloseCode } from '../../../../host/protocol/index.ts';
import type { GatewayFixture } from './gatewayFixture.ts';
import { auth, deferred, httpRequest, newEvents, startGateway, TOKENS } from './gatewayFixture.ts';
import { recordSseEvents, recordWebSocketEvents } from './streamRecorders.ts';

const NEW_TOKEN = 'new-token-fedcba9876543210fedcba9876543210';

async function status(gw: GatewayFixture, token: string, method = 'GET', path = '/api/v1/capabilities'): Promise<number> {
  const body = method === 'GET' ? undefined : '{"issue_id":"iss-1"}';
  return (await httpRequest(gw.socketPath, { method, path, headers: { ...auth(token), 'idempotency-key': `${token}-${path}` }, body })).status;
}

test('replacing the tokens refuses removed tokens at once, closes their streams, and applies new roles', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(1));
  const viewerWs = await recordWebSocketEvents(gw.socketPath, 0, auth(TOKENS.viewer));
  const viewerSse = await recordSseEvents(gw.socketPath, '', auth(TOKENS.viewer));
  assert.ok(!('status' in viewerSse));
  const operatorWs = await recordWebSocketEvents(gw.socketPath, 0, auth(TOKENS.operator));
  await Promise.all([viewerWs.reach(1), viewerSse.reach(1), operatorWs.reach(1)]);
  assert.equal(await status(gw, TOKENS.operator, 'POST', '/api/v1/actions/dispatch'), 200);

  gw.server.replaceTokens([
    grantForToken(TOKENS.operator, { name: 'operator', role: 'viewer' }),
    grantForToken(NEW_TOKEN, { name: 'newcomer', role: 'operator' }),
  ]);

  assert.equal(await viewerWs.closed.promise, StreamCloseCode.revoked);
  await viewerSse.ended.promise;
  assert.equal(await status(gw, TOKENS.viewer), 401, 'a removed token is refused on the next request');
  assert.equal(await status(gw, TOKENS.operator, 'POST', '/api/v1/actions/dispatch'), 403, 'a demoted token loses its actions');
  assert.equal(await status(gw, TOKENS.operator), 200);
  assert.equal(await status(gw, NEW_TOKEN, 'POST', '/api/v1/actions/dispatch'), 200, 'an added token works without a restart');
  assert.equal(await status(gw, TOKENS.viewer.replace(/.$/, 'x')), 401);
  await gw.journal.append(newEvents(1));
  await operatorWs.reach(2);
  assert.equal(gw.server.health().streams.events.subscribers, 1, 'only the kept token\'s stream is left');
  assert.ok(gw.logLines.every((line) => !line.includes(TOKENS.viewer) && !line.includes(NEW_TOKEN)));
  operatorWs.socket.close();
});

test('an unusable token set is refused whole and the previous tokens keep working', async (t) => {
  const gw = await startGateway(t);
  const duplicate = [grantForToken(NEW_TOKEN, { name: 'a', role: 'viewer' }), grantForToken(NEW_TOKEN, { name: 'b', role: 'admin' })];

  assert.throws(() => gw.server.replaceTokens(duplicate), { code: 'duplicate_token' });
  assert.equal(await status(gw, TOKENS.viewer), 200);
  assert.equal(await status(gw, NEW_TOKEN), 401);
});

test('editing the tokens file reloads it without a restart; an invalid edit is logged and the last good set stays', async (t) => {
  const gw = await startGateway(t);
  const path = join(gw.dir, 'tokens.yaml');
  const write = (text: string): void => {
    // Saved the way editors do: a new file renamed over the old one.
    writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
    chmodSync(`${path}.tmp`, 0o600);
    renameSync(`${path}.tmp`, path);
  };
  const entry = (name: string, role: string, token: string): string => `  - name: ${name}\n    role: ${role}\n    token_sha256: ${tokenDigest(token).toString('hex')}\n`;
  write(`tokens:\n${entry('viewer', 'viewer', TOKENS.viewer)}${entry('operator', 'operator', TOKENS.operator)}`);
  const errors: string[] = [];
  const reloader = new TokensFileReloader({
    path, apply: (grants) => gw.server.replaceTokens(grants), debounceMs: 20,
    log: { info: () => undefined, warn: () => undefined, error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`) },
  });
  t.after(() => reloader.dispose());
  const nextReload = (): Promise<TokensReload> => {
    const reloaded = deferred<TokensReload>('the tokens file to be reloaded');
    const subscription = reloader.onDidReload((outcome) => { subscription.dispose(); reloaded.resolve(outcome); });
    return reloaded.promise;
  };

  let reloaded = nextReload();
  write(`tokens:\n${entry('operator', 'viewer', TOKENS.operator)}${entry('newcomer', 'admin', NEW_TOKEN)}`);
  assert.deepEqual(await reloaded, { applied: true, tokens: 2 });
  assert.equal(await status(gw, TOKENS.viewer), 401);
  assert.equal(await status(gw, TOKENS.operator, 'POST', '/api/v1/actions/dispatch'), 403);
  assert.equal(await status(gw, NEW_TOKEN, 'POST', '/api/v1/actions/dispatch'), 200);

  reloaded = nextReload();
  write('tokens:\n  - name: broken\n    role: superuser\n');
  const refused = await reloaded;
  assert.equal(refused.applied, false);
  assert.match(errors.join('\n'), /tokens file was not applied; the previous tokens stay in force.*role/);
  assert.equal(await status(gw, NEW_TOKEN, 'POST', '/api/v1/actions/dispatch'), 200, 'the last good set still serves');
  assert.equal(await status(gw, TOKENS.operator), 200);
});
