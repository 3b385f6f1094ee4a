import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRoleOf, RouteTable } from '../../../../host/gateway/routeTable.ts';
import type { Route } from '../../../../host/gateway/routeTable.ts';

const noop = (): void => {};
const stream = { role: 'viewer' as const, attach: () => () => ({ dispose: noop }) };
const routes: Route[] = [
  { pattern: '/healthz', http: { GET: { role: 'viewer', handle: noop } } },
  { pattern: '/api/v1/actions/dispatch', http: { POST: { role: 'operator', handle: noop } } },
  { pattern: '/api/v1/items/{id}', http: { GET: { role: 'viewer', handle: noop }, DELETE: { role: 'admin', handle: noop } } },
  { pattern: '/api/v1/streams/terminal/{stream_id}', websocket: stream },
  { pattern: '/api/v1/legacy', http: { GET: noop, PUT: noop } },
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
  assert.throws(() => table.httpEndpoint(table.match('/api/v1/items/1'), 'PUT', '/api/v1/items/1'), (error: Error & { code: string; headers: Record<string, string> }) => {
    assert.equal(error.code, 'method_not_allowed');
    assert.equal(error.headers.allow, 'GET, DELETE');
    return true;
  });
  assert.equal(table.httpEndpoint(table.match('/healthz'), 'GET', '/healthz').handle, noop);
});

test('plain HTTP on a stream path and an upgrade on a REST path are refused', () => {
  const terminal = table.match('/api/v1/streams/terminal/x');
  assert.throws(() => table.httpEndpoint(terminal, 'GET', '/api/v1/streams/terminal/x'), { code: 'invalid_request' });
  assert.equal(table.streamEndpoint(terminal, '/api/v1/streams/terminal/x'), stream);
  assert.throws(() => table.streamEndpoint(table.match('/healthz'), '/healthz'), { code: 'not_found' });
  assert.throws(() => table.match('/api/v1/streams/terminal/%E0%A4%A'), { code: 'invalid_request' });
});

test('every endpoint is listed with its role; a bare handler gets viewer for reads and admin for anything else', () => {
  assert.deepEqual(table.endpoints(), [
    { pattern: '/healthz', method: 'GET', role: 'viewer' },
    { pattern: '/api/v1/actions/dispatch', method: 'POST', role: 'operator' },
    { pattern: '/api/v1/items/{id}', method: 'GET', role: 'viewer' },
    { pattern: '/api/v1/items/{id}', method: 'DELETE', role: 'admin' },
    { pattern: '/api/v1/streams/terminal/{stream_id}', method: 'WEBSOCKET', role: 'viewer' },
    { pattern: '/api/v1/legacy', method: 'GET', role: 'viewer' },
    { pattern: '/api/v1/legacy', method: 'PUT', role: 'admin' },
  ]);
  assert.deepEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].map(defaultRoleOf), ['viewer', 'viewer', 'admin', 'admin', 'admin', 'admin']);
});
