import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localSocketPolicy, tcpListenerPolicy } from '../../../../host/gateway/listenerPolicy.ts';
import type { TcpPolicyOptions } from '../../../../host/gateway/listenerPolicy.ts';

function admits(options: Partial<TcpPolicyOptions>, headers: Record<string, string>): boolean {
  const policy = tcpListenerPolicy({ address: { host: '127.0.0.1', port: 8080 }, secure: false, allowedHosts: [], allowedOrigins: [], ...options });
  try {
    policy.admit(headers);
    return true;
  } catch (error) {
    assert.deepEqual([(error as { code?: string }).code, (error as { status?: number }).status], ['forbidden', 403]);
    return false;
  }
}

test('a loopback listener answers to its own address and the loopback names on its port only', () => {
  for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080']) assert.equal(admits({}, { host }), true, host);
  for (const host of ['evil.example:8080', 'evil.example', '127.0.0.1:8081', 'localhost', '127.0.0.2:8080', '', '[zz]:8080', 'a@b:8080']) {
    assert.equal(admits({}, { host }), false, host);
  }
  assert.equal(admits({}, {}), false, 'no Host header');
});

test('a Host without port means the scheme default port', () => {
  assert.equal(admits({ address: { host: 'gw.example', port: 443 }, secure: true }, { host: 'gw.example' }), true);
  assert.equal(admits({ address: { host: 'gw.example', port: 443 }, secure: false }, { host: 'gw.example' }), false);
  assert.equal(admits({ address: { host: 'gw.example', port: 80 }, secure: false }, { host: 'gw.example' }), true);
});

test('--allowed-host adds a name on any port, or one name:port exactly', () => {
  const options = { allowedHosts: ['ops.example.com', 'proxy.example.com:443', '[fd00::1]'] };
  assert.equal(admits(options, { host: 'ops.example.com:9999' }), true);
  assert.equal(admits(options, { host: 'ops.example.com' }), true);
  assert.equal(admits(options, { host: 'proxy.example.com:443' }), true);
  assert.equal(admits(options, { host: 'proxy.example.com:8080' }), false);
  assert.equal(admits(options, { host: '[fd00::1]:8080' }), true);
  assert.equal(admits(options, { host: 'evil.ops.example.com:8080' }), false);
});

test('a wildcard bind answers to loopback names but not to foreign names', () => {
  const wildcard = { address: { host: '0.0.0.0', port: 8080 } };
  assert.equal(admits(wildcard, { host: 'localhost:8080' }), true);
  assert.equal(admits(wildcard, { host: '0.0.0.0:8080' }), false);
  assert.equal(admits(wildcard, { host: 'rebound.evil.example:8080' }), false);
});

test('requests without Origin pass; a browser Origin must be allowed exactly', () => {
  const host = { host: '127.0.0.1:8080' };
  assert.equal(admits({}, { ...host, origin: 'https://evil.example' }), false, 'none allowed by default');
  assert.equal(admits({}, { ...host, origin: 'null' }), false);
  const allowed = { allowedOrigins: ['https://ops.example.com'] };
  assert.equal(admits(allowed, { ...host, origin: 'https://ops.example.com' }), true);
  assert.equal(admits(allowed, { ...host, origin: 'https://OPS.example.com:443' }), true, 'compared as normalised origins');
  assert.equal(admits(allowed, { ...host, origin: 'http://ops.example.com' }), false);
  assert.equal(admits(allowed, { ...host, origin: 'https://ops.example.com.evil.example' }), false);
});

test('the local socket admits any Host and Origin: no browser can reach it', () => {
  assert.doesNotThrow(() => localSocketPolicy.admit({ host: 'evil.example', origin: 'https://evil.example' }));
});
