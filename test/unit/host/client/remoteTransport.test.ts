import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import { remoteTransport } from '../../../../host/client/gatewayTransport.ts';

test('a base URL gives the REST origin, a path prefix and the matching stream scheme', () => {
  const cases: Array<[string, string, string, string]> = [
    ['https://gw.example.com:8443', 'https://gw.example.com:8443', '', 'wss://gw.example.com:8443/api/v1/streams/events?cursor=3'],
    ['wss://gw.example.com/', 'https://gw.example.com', '', 'wss://gw.example.com/api/v1/streams/events?cursor=3'],
    ['http://127.0.0.1:9000/opensymphony/', 'http://127.0.0.1:9000', '/opensymphony', 'ws://127.0.0.1:9000/opensymphony/api/v1/streams/events?cursor=3'],
    ['ws://[::1]:9000', 'http://[::1]:9000', '', 'ws://[::1]:9000/api/v1/streams/events?cursor=3'],
  ];
  for (const [baseUrl, origin, prefix, stream] of cases) {
    const transport = remoteTransport(baseUrl);
    assert.deepEqual([transport.origin, transport.pathPrefix, transport.webSocketUrl('/api/v1/streams/events?cursor=3')], [origin, prefix, stream], baseUrl);
    transport.dispose();
  }
});

test('the CA reaches both REST and stream sockets', () => {
  const transport = remoteTransport('https://gw.example.com', { ca: 'PEM' });
  assert.deepEqual(transport.webSocketOptions, { ca: 'PEM' });
  transport.dispose();
});

test('unusable base URLs are refused without repeating them (they may hold a secret)', () => {
  for (const baseUrl of ['gw.example.com', 'ftp://gw.example.com', 'https://user:s3cret@gw.example.com', 'https://gw.example.com/?token=s3cret', 'https://gw.example.com/#s3cret']) {
    assert.throws(() => remoteTransport(baseUrl), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'invalid_client_options', baseUrl);
      assert.ok(!error.message.includes('s3cret') && !error.message.includes('gw.example.com'), error.message);
      return true;
    });
  }
});

test('a client needs exactly one of socketPath and baseUrl', () => {
  assert.throws(() => new GatewayClient({ token: 'x'.repeat(32) }), { code: 'invalid_client_options' });
  assert.throws(() => new GatewayClient({ token: 'x'.repeat(32), socketPath: '/tmp/a.sock', baseUrl: 'https://a' }), { code: 'invalid_client_options' });
});
