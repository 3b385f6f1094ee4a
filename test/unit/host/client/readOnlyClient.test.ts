import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import { GatewayClientError, GatewayClientErrorCode } from '../../../../host/client/gatewayClientError.ts';

describe('a read-only GatewayClient', () => {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', schema_version: 1 }));
  });
  let baseUrl = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses every mutation with read_only before sending anything', async () => {
    const client = new GatewayClient({ baseUrl, token: 't', readOnly: true });
    try {
      const attempts = [
        () => client.dispatch({ issue_id: 'i-1' }),
        () => client.decideApproval({ approval_id: 'a-1', decision: 'approve' }),
        () => client.cancel({ run_id: 'r-1' }),
      ];
      for (const attempt of attempts) {
        await assert.rejects(attempt(), (error: unknown) => error instanceof GatewayClientError && error.code === GatewayClientErrorCode.readOnly);
      }
      assert.deepEqual(requests, []);
    } finally {
      client.dispose();
    }
  });

  it('still reads', async () => {
    const client = new GatewayClient({ baseUrl, token: 't', readOnly: true });
    try {
      await client.health();
      assert.deepEqual(requests, ['GET /healthz']);
    } finally {
      client.dispose();
    }
  });
});
