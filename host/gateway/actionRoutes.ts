import { randomUUID } from 'node:crypto';
import {
  ApprovalDecisionRequestSchema, DispatchRequestSchema, IDEMPOTENCY_HEADER, SCHEMA_VERSION,
} from '../protocol/index.ts';
import type { ActionReceipt } from '../protocol/index.ts';
import { defineAction } from './actionDefinition.ts';
import type { ActionDefinition } from './actionDefinition.ts';
import type { ActionContext, GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { sendJson } from './httpJson.ts';
import type { IdempotencyCache } from './idempotencyCache.ts';
import { requireReady } from './readRoutes.ts';
import { parseBody, readJsonBody } from './requestBody.ts';
import type { HttpRouteContext, Route } from './routeTable.ts';
import { RUN_ACTIONS } from './runActionRoutes.ts';
import { TASK_GRAPH_WRITES, TRACKER_ACTIONS } from './trackerActionRoutes.ts';

/** Response header set when a receipt is replayed for a repeated idempotency key. */
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Dependencies of the mutation routes. */
export interface ActionRouteDeps {
  backend: GatewayBackend;
  receipts: IdempotencyCache<ActionReceipt>;
  maxBodyBytes: number;
}

/** Every mutation the gateway serves, in route-table order; the names are the protocol's `ActionNames`. */
export const ALL_ACTIONS: readonly ActionDefinition[] = [
  defineAction({ name: 'dispatch', schema: DispatchRequestSchema, perform: (backend, request, context) => backend.dispatch(request, context) }),
  ...RUN_ACTIONS,
  defineAction({ name: 'approval-decision', schema: ApprovalDecisionRequestSchema, perform: (backend, request, context) => backend.decideApproval(request, context) }),
  ...TRACKER_ACTIONS,
  ...TASK_GRAPH_WRITES,
];

/**
 * `POST /api/v1/actions/*` (operators and up) and `POST /api/v1/taskgraph/*` (admins): validated,
 * idempotent, answered with an ActionReceipt.
 */
export function actionRoutes(deps: ActionRouteDeps): Route[] {
  return ALL_ACTIONS.map((action) => ({
    pattern: action.pattern ?? `/api/v1/actions/${action.name}`,
    http: { POST: { role: action.role ?? 'operator', handle: (context: HttpRouteContext) => handleAction(deps, action, context) } },
  }));
}

async function handleAction(deps: ActionRouteDeps, action: ActionDefinition, { req, res, principal }: HttpRouteContext): Promise<void> {
  const key = idempotencyKey(req.headers[IDEMPOTENCY_HEADER]);
  const request: unknown = parseBody(action.schema, await readJsonBody(req, deps.maxBodyBytes), action.name);
  requireReady(deps.backend);
  const fingerprint = `${action.name}:${canonicalJson(request)}`;
  const { value, replayed } = await deps.receipts.run(key, fingerprint, () => decide(deps.backend, action, request, key, principal));
  sendJson(res, 200, value, replayed ? { [IDEMPOTENT_REPLAY_HEADER]: 'true' } : {});
}

async function decide(backend: GatewayBackend, action: ActionDefinition, request: unknown, key: string, principal: ActionContext['principal']): Promise<ActionReceipt> {
  const context: ActionContext = { actionId: randomUUID(), correlationId: randomUUID(), principal };
  const outcome = await action.perform(backend, request, context);
  return {
    schema_version: SCHEMA_VERSION,
    action_id: context.actionId,
    correlation_id: context.correlationId,
    idempotency_key: key,
    action: action.name,
    accepted: outcome.accepted,
    reason: outcome.reason,
    reason_code: outcome.accepted ? null : outcome.reasonCode ?? null,
    expected_events: outcome.expectedEvents,
    result: outcome.result,
  };
}

function idempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? undefined : header?.trim();
  if (!key) {
    throw new GatewayError('invalid_request', 'mutations need an Idempotency-Key header; send a new UUID per user action and reuse it when retrying');
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new GatewayError('invalid_request', `the Idempotency-Key must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters without spaces; a UUID works`);
  }
  return key;
}

/** JSON with object keys sorted, so equal requests have equal fingerprints whatever the key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
