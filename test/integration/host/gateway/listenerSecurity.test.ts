import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import { ErrorEnvelopeSchema } from '../../../../host/protocol/index.ts';
import { FakeGatewayBackend } from './fakeGatewayBackend.ts';
import type { GatewayFixture, RawUpgrade } from './gatewayFixture.ts';
import { auth, httpRequest, openRawSocket, startGateway, TOKEN } from './gatewayFixture.ts';
import { selfSignedCertificate } from './tlsCertificate.ts';

function forbidden(outcome: RawUpgrade | { status: number; json: unknown }): string {
  assert.ok(!('socket' in outcome), 'must be refused');
  assert.equal(outcome.status, 403);
  const envelope = ErrorEnvelopeSchema.parse(outcome.json);
  assert.equal(envelope.error.code, 'forbidden');
  return envelope.error.message;
}

async function upgradeWith(gw: GatewayFixture, headers: Record<string, string>): Promise<RawUpgrade> {
  const outcome = await openRawSocket(gw.endpoint, '/api/v1/streams/events', { ...auth(), ...headers });
  if ('socket' in outcome) outcome.socket.close();
  return outcome;
}

test('a TCP listener refuses a foreign Host (DNS rebinding) on requests and upgrades, before looking at the token', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tcp', tcp: { allowedHosts: ['gw.example.com'] } });
  assert.equal(gw.endpoint.kind, 'tcp');
  const port = gw.endpoint.kind === 'tcp' ? gw.endpoint.port : 0;

  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'gw.example.com', `gw.example.com:${port}`]) {
    assert.equal((await httpRequest(gw.endpoint, { path: '/healthz', headers: { ...auth(), host } })).status, 200, host);
  }
  const rebound = await httpRequest(gw.endpoint, { path: '/healthz', headers: { host: `attacker.example:${port}` } });
  assert.match(forbidden(rebound), /Host "attacker\.example:\d+" is not a name of this gateway; .*--allowed-host attacker\.example/);
  forbidden(await upgradeWith(gw, { host: `attacker.example:${port}` }));
  assert.ok('socket' in await upgradeWith(gw, { host: `localhost:${port}` }));
});

test('a browser Origin is refused unless allowed; clients without Origin are fine', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tcp', tcp: { allowedOrigins: ['https://ops.example.com'] } });

  assert.match(forbidden(await upgradeWith(gw, { origin: 'https://evil.example' })), /--allowed-origin https:\/\/evil\.example/);
  forbidden(await httpRequest(gw.endpoint, { path: '/api/v1/dashboard/snapshot', headers: { ...auth(), origin: 'https://evil.example' } }));
  assert.ok('socket' in await upgradeWith(gw, { origin: 'https://ops.example.com' }));
  assert.ok('socket' in await upgradeWith(gw, {}));
});

test('the local socket does not check Host or Origin: only this user can reach it', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tcp' });

  const response = await httpRequest(gw.socketPath, { path: '/healthz', headers: { ...auth(), host: 'attacker.example', origin: 'https://evil.example' } });
  assert.equal(response.status, 200);
});

test('a non-loopback listener needs TLS or --allow-insecure-remote, and says so', async (t) => {
  const gw = await startGateway(t);
  const server = createGatewayServer({ journal: gw.journal, backend: new FakeGatewayBackend(), token: TOKEN });
  t.after(() => server.close());

  await assert.rejects(server.listen({ host: '0.0.0.0', port: 0 }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'insecure_remote_listener');
    assert.match(error.message, /refusing to listen on 0\.0\.0\.0:0 without TLS/);
    return true;
  });
  const tls = await server.listen({ host: '0.0.0.0', port: 0, tls: selfSignedCertificate() });
  assert.deepEqual(tls.kind === 'tcp' && [tls.secure, tls.url.startsWith('https://0.0.0.0:')], [true, true]);
  const insecure = await server.listen({ host: '0.0.0.0', port: 0, allowInsecureRemote: true });
  assert.equal(insecure.kind === 'tcp' && insecure.secure, false);
  assert.deepEqual(server.health().listeners.map((listener) => listener.kind === 'tcp' && listener.secure), [true, false]);
});

test('a TLS listener with a key that does not match its certificate refuses to start', async (t) => {
  const gw = await startGateway(t);
  const server = createGatewayServer({ journal: gw.journal, backend: new FakeGatewayBackend(), token: TOKEN });
  t.after(() => server.close());

  const tls = { certFile: selfSignedCertificate('one').certFile, keyFile: selfSignedCertificate('two').keyFile };
  await assert.rejects(server.listen({ host: '127.0.0.1', port: 0, tls }), { code: 'tls_key_mismatch' });
});

test('a client that does not trust the gateway certificate cannot reach it; with the CA it can', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tls' });

  await assert.rejects(gw.client({ tls: {}, mutationRetries: 0 }).health(), { code: 'gateway_unreachable' });
  assert.equal((await gw.client().health()).status, 'ok');
});
