import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSecureBind, formatHostPort, isLoopbackHost, parseHostPort } from '../../../../host/gateway/listenAddress.ts';

test('listen addresses: host:port, [v6]:port, :port and a bare port (loopback)', () => {
  assert.deepEqual(parseHostPort('0.0.0.0:8443'), { host: '0.0.0.0', port: 8443 });
  assert.deepEqual(parseHostPort('[::1]:80'), { host: '::1', port: 80 });
  assert.deepEqual(parseHostPort('gw.example.com:0'), { host: 'gw.example.com', port: 0 });
  assert.deepEqual(parseHostPort(':8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseHostPort('8080'), { host: '127.0.0.1', port: 8080 });
  for (const bad of ['::1:80', '[host]:80', 'host', 'host:port', '70000', 'a:1:2', '']) {
    assert.throws(() => parseHostPort(bad), { code: 'invalid_listen_address' }, bad);
  }
  assert.equal(formatHostPort({ host: '::1', port: 80 }), '[::1]:80');
});

test('loopback: localhost, 127.0.0.0/8 and ::1', () => {
  for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1', 'localhost.example.com']) assert.equal(isLoopbackHost(host), false, host);
});

test('a non-loopback bind needs TLS or an explicit --allow-insecure-remote', () => {
  const remote = { host: '0.0.0.0', port: 8080 };
  assert.throws(() => assertSecureBind(remote, { tls: false, allowInsecureRemote: false }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'insecure_remote_listener');
    assert.match(error.message, /--tls-cert and --tls-key, or pass --allow-insecure-remote/);
    return true;
  });
  assert.doesNotThrow(() => assertSecureBind(remote, { tls: true, allowInsecureRemote: false }));
  assert.doesNotThrow(() => assertSecureBind(remote, { tls: false, allowInsecureRemote: true }));
  assert.doesNotThrow(() => assertSecureBind({ host: 'localhost', port: 1 }, { tls: false, allowInsecureRemote: false }));
});
