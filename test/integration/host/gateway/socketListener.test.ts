import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { createGatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import { FakeGatewayBackend } from './fakeGatewayBackend.ts';
import { auth, httpRequest, startGateway, TOKEN } from './gatewayFixture.ts';
import type { GatewayFixture } from './gatewayFixture.ts';

function secondServer(gw: GatewayFixture) {
  return createGatewayServer({ journal: gw.journal, backend: new FakeGatewayBackend(), token: TOKEN });
}

/** Leaves a socket file with nobody behind it: a process that listened, then was killed. */
async function leaveStaleSocket(socketPath: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
  assert.ok(statSync(socketPath).isSocket(), 'the killed process left its socket file behind');
}

test('the socket is private to the user (0600)', async (t) => {
  const gw = await startGateway(t);

  assert.equal(statSync(gw.socketPath).mode & 0o777, 0o600);
});

test('a second gateway on the path of a live one fails with socket_in_use and leaves the first running', async (t) => {
  const gw = await startGateway(t);
  const second = secondServer(gw);

  await assert.rejects(second.listen({ socketPath: gw.socketPath }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'socket_in_use');
    assert.match(error.message, /another OpenSymphony host is already running/);
    return true;
  });
  await second.close();
  assert.equal((await httpRequest(gw.socketPath, { path: '/healthz', headers: auth() })).status, 200);
});

test('a stale socket file left by a dead host is reclaimed', async (t) => {
  const gw = await startGateway(t);
  await gw.server.close();
  await leaveStaleSocket(gw.socketPath);

  const revived = secondServer(gw);
  await revived.listen({ socketPath: gw.socketPath });
  t.after(() => revived.close());

  assert.equal((await httpRequest(gw.socketPath, { path: '/healthz', headers: auth() })).status, 200);
  assert.equal(statSync(gw.socketPath).mode & 0o777, 0o600);
});

test('a regular file at the socket path is never deleted', async (t) => {
  const gw = await startGateway(t);
  await gw.server.close();
  writeFileSync(gw.socketPath, 'precious');

  const second = secondServer(gw);
  t.after(() => second.close());
  await assert.rejects(second.listen({ socketPath: gw.socketPath }), { code: 'socket_path_occupied' });
  assert.ok(statSync(gw.socketPath).isFile());
});

test('closing the gateway removes its socket file', async (t) => {
  const gw = await startGateway(t);

  await gw.server.close();

  assert.equal(existsSync(gw.socketPath), false);
});
