import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, roleAllows } from '../../../../host/gateway/roles.ts';
import type { Role } from '../../../../host/gateway/roles.ts';
import { ErrorEnvelopeSchema } from '../../../../host/protocol/index.ts';
import type { GatewayFixture } from './gatewayFixture.ts';
import { auth, httpRequest, openRawSocket, startGateway, TOKENS } from './gatewayFixture.ts';

/**
 * The least role of every endpoint the gateway serves. A new route must be added here: the test
 * fails for an endpoint whose role nobody wrote down.
 */
const REQUIRED_ROLE: Readonly<Record<string, Role>> = {
  'GET /healthz': 'viewer',
  'GET /readyz': 'viewer',
  'GET /api/v1/capabilities': 'viewer',
  'GET /api/v1/dashboard/snapshot': 'viewer',
  'GET /api/v1/events': 'viewer',
  'GET /api/v1/projects': 'viewer',
  'GET /api/v1/projects/{project_id}/taskgraph': 'viewer',
  'GET /api/v1/projects/{project_id}': 'viewer',
  'GET /api/v1/milestones/{milestone_id}': 'viewer',
  'GET /api/v1/issues/{issue_id}': 'viewer',
  'GET /api/v1/sub-issues/{issue_id}': 'viewer',
  'GET /api/v1/runs/{run_id}': 'viewer',
  'GET /api/v1/runs/{run_id}/events': 'viewer',
  'GET /api/v1/runs/{run_id}/logs': 'viewer',
  'GET /api/v1/runs/{run_id}/files': 'viewer',
  'GET /api/v1/runs/{run_id}/diffs': 'viewer',
  'GET /api/v1/runs/{run_id}/terminal/{terminal_id}/snapshot': 'viewer',
  'POST /api/v1/actions/dispatch': 'operator',
  'POST /api/v1/actions/retry': 'operator',
  'POST /api/v1/actions/cancel': 'operator',
  'POST /api/v1/actions/pause': 'operator',
  'POST /api/v1/actions/resume': 'operator',
  'POST /api/v1/actions/send-message': 'operator',
  'POST /api/v1/actions/approval-decision': 'operator',
  'POST /api/v1/actions/rehydrate': 'operator',
  'POST /api/v1/actions/comment': 'operator',
  'POST /api/v1/actions/transition-issue': 'operator',
  'POST /api/v1/actions/create-followup': 'operator',
  'POST /api/v1/taskgraph/milestones': 'admin',
  'POST /api/v1/taskgraph/issues': 'admin',
  'POST /api/v1/taskgraph/sub-issues': 'admin',
  'WEBSOCKET /api/v1/streams/events': 'viewer',
  'GET /api/v1/events/stream': 'viewer',
  'WEBSOCKET /api/v1/streams/terminal/{stream_id}': 'viewer',
  'WEBSOCKET /api/v1/streams/runs/{run_id}': 'viewer',
  'GET /api/v1/runs/{run_id}/events/stream': 'viewer',
  'WEBSOCKET /api/v1/streams/planning/{session_id}': 'viewer',
  'GET /api/v1/planning/{session_id}/events/stream': 'viewer',
};

/** Status and error code of calling one endpoint with one role's token. */
async function call(gw: GatewayFixture, method: string, pattern: string, role: Role): Promise<{ status: number; code: string | undefined }> {
  const path = pattern.replace(/\{(\w+)\}/g, 'sample-$1');
  if (method === 'WEBSOCKET') {
    const outcome = await openRawSocket(gw.endpoint, path, auth(TOKENS[role]));
    if ('socket' in outcome) {
      outcome.socket.close();
      return { status: 101, code: undefined };
    }
    return { status: outcome.status, code: ErrorEnvelopeSchema.safeParse(outcome.json).data?.error.code };
  }
  const headers = { ...auth(TOKENS[role]), 'idempotency-key': `${role}-${method}-${path}` };
  const response = await httpRequest(gw.endpoint, { method, path, headers, body: method === 'GET' ? undefined : '{}', headersOnly: path.endsWith('/stream') });
  return { status: response.status, code: ErrorEnvelopeSchema.safeParse(response.json).data?.error.code };
}

test('every endpoint declares a role, and the table above names each one', async (t) => {
  const gw = await startGateway(t);
  const declared = Object.fromEntries(gw.server.endpoints().map((endpoint) => [`${endpoint.method} ${endpoint.pattern}`, endpoint.role]));
  assert.deepEqual(declared, REQUIRED_ROLE);
});

test('every role against every endpoint: 403 forbidden below the required role, served at or above it', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tcp' });
  const outcomes: string[] = [];
  for (const [key, required] of Object.entries(REQUIRED_ROLE)) {
    const [method, pattern] = key.split(' ') as [string, string];
    for (const role of ROLES) {
      const { status, code } = await call(gw, method, pattern, role);
      const allowed = roleAllows(role, required);
      outcomes.push(`${role} ${key}: ${status}`);
      if (allowed) assert.ok(status !== 403 && status !== 401, `${role} may use ${key}, got ${status} ${code}`);
      else assert.deepEqual({ status, code }, { status: 403, code: 'forbidden' }, `${role} may not use ${key}`);
    }
  }
  assert.equal(outcomes.length, Object.keys(REQUIRED_ROLE).length * ROLES.length);
  assert.equal(gw.backend.dispatches.length, 0, 'refused mutations never reach the host; allowed ones were invalid bodies');
});

test('a forbidden answer names the role needed and never the token', async (t) => {
  const gw = await startGateway(t);
  const response = await httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(TOKENS.viewer), 'idempotency-key': 'k' }, body: '{"issue_id":"iss-1"}',
  });

  assert.equal(response.status, 403);
  assert.match(ErrorEnvelopeSchema.parse(response.json).error.message, /the token "viewer" has the viewer role; POST \/api\/v1\/actions\/dispatch needs operator/);
  assert.ok(!response.text.includes(TOKENS.viewer));
  assert.ok(gw.logLines.some((line) => line.includes('forbidden')) && gw.logLines.every((line) => !line.includes(TOKENS.viewer)));
});
