import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RouteTable } from '../../../../host/gateway/routeTable.ts';
import type { Route } from '../../../../host/gateway/routeTable.ts';

const noop = (): void => {};
const stream = () => () => ({ dispose: noop });
const routes: Route[] = [
  { pattern: '/healthz', http: { GET: noop } },
  { pattern: '/api/v1/actions/dispatch', http: { POST: noop } },
  { pattern: '/api/v1/items/{id}', http: { GET: noop, DELETE: noop } },
  { pattern: '/api/v1/streams/terminal/{stream_id}', websocket: stream },
];
const table = new RouteTable(routes);

test('literal paths and {param} segments match; parameters are percent-decoded', () => {
  assert.equal(table.match('/healthz').route, routes[0]);
  assert.deepEqual(table.match('/api/v1/streams/terminal/run%2F1%20%C3%BC').params, { stream_id: 'run/1 ü' });
  assert.deepEqual(table.match('/api/v1/items/42').params, { id: '42' });
});

test('unknown paths are not_found, including extra or missing segments', () => {
  for (const path of ['/nope', '/healthz/', '/api/v1/items', '/api/v1/items/1/2', '/api/v1/actions/dispatchx', '/api/v1/actions.dispatch']) {
    assert.throws(() => table.match(path), { code: 'not_found', status: 404 }, path);
  }
});

test('a known path with another method is method_not_allowed and lists what is allowed', () => {
  assert.throws(() => table.httpHandler(table.match('/api/v1/items/1'), 'PUT', '/api/v1/items/1'), (error: Error & { code: string; headers: Record<string, string> }) => {
    assert.equal(error.code, 'method_not_allowed');
    assert.equal(error.headers.allow, 'GET, DELETE');
    return true;
  });
  assert.equal(table.httpHandler(table.match('/healthz'), 'GET', '/healthz'), noop);
});

test('plain HTTP on a stream path and an upgrade on a REST path are refused', () => {
  const terminal = table.match('/api/v1/streams/terminal/x');
  assert.throws(() => table.httpHandler(terminal, 'GET', '/api/v1/streams/terminal/x'), { code: 'invalid_request' });
  assert.equal(table.upgradeHandler(terminal, '/api/v1/streams/terminal/x'), stream);
  assert.throws(() => table.upgradeHandler(table.match('/healthz'), '/healthz'), { code: 'not_found' });
  assert.throws(() => table.match('/api/v1/streams/terminal/%E0%A4%A'), { code: 'invalid_request' });
});
