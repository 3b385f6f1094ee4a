import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  ApprovalDecisionRequestSchema, DispatchRequestSchema, IDEMPOTENCY_HEADER, SCHEMA_VERSION,
} from '../protocol/index.ts';
import type { ActionReceipt } from '../protocol/index.ts';
import type { ActionContext, ActionOutcome, GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { sendJson } from './httpJson.ts';
import type { IdempotencyCache } from './idempotencyCache.ts';
import { requireReady } from './readRoutes.ts';
import { parseBody, readJsonBody } from './requestBody.ts';
import type { HttpRouteContext, Route } from './routeTable.ts';

/** Response header set when a receipt is replayed for a repeated idempotency key. */
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Dependencies of the mutation routes. */
export interface ActionRouteDeps {
  backend: GatewayBackend;
  receipts: IdempotencyCache<ActionReceipt>;
  maxBodyBytes: number;
}

/** A mutation: its name in receipts, its body schema, and the backend call that decides it. */
interface ActionDefinition<S extends z.ZodType> {
  name: string;
  schema: S;
  perform: (backend: GatewayBackend, request: z.infer<S>, context: ActionContext) => Promise<ActionOutcome>;
}

const actions = {
  dispatch: {
    name: 'dispatch',
    schema: DispatchRequestSchema,
    perform: (backend, request, context) => backend.dispatch(request, context),
  } satisfies ActionDefinition<typeof DispatchRequestSchema>,
  approvalDecision: {
    name: 'approval-decision',
    schema: ApprovalDecisionRequestSchema,
    perform: (backend, request, context) => backend.decideApproval(request, context),
  } satisfies ActionDefinition<typeof ApprovalDecisionRequestSchema>,
};

/** `POST /api/v1/actions/*`: validated, idempotent, answered with an ActionReceipt; operators and up. */
export function actionRoutes(deps: ActionRouteDeps): Route[] {
  return [
    { pattern: '/api/v1/actions/dispatch', http: { POST: { role: 'operator', handle: (context) => handleAction(deps, actions.dispatch, context) } } },
    { pattern: '/api/v1/actions/approval-decision', http: { POST: { role: 'operator', handle: (context) => handleAction(deps, actions.approvalDecision, context) } } },
  ];
}

async function handleAction<S extends z.ZodType>(deps: ActionRouteDeps, action: ActionDefinition<S>, { req, res }: HttpRouteContext): Promise<void> {
  const key = idempotencyKey(req.headers[IDEMPOTENCY_HEADER]);
  const request = parseBody(action.schema, await readJsonBody(req, deps.maxBodyBytes), action.name);
  requireReady(deps.backend);
  const fingerprint = `${action.name}:${canonicalJson(request)}`;
  const { value, replayed } = await deps.receipts.run(key, fingerprint, () => decide(deps.backend, action, request, key));
  sendJson(res, 200, value, replayed ? { [IDEMPOTENT_REPLAY_HEADER]: 'true' } : {});
}

async function decide<S extends z.ZodType>(backend: GatewayBackend, action: ActionDefinition<S>, request: z.infer<S>, key: string): Promise<ActionReceipt> {
  const context: ActionContext = { actionId: randomUUID(), correlationId: randomUUID() };
  const outcome = await action.perform(backend, request, context);
  return {
    schema_version: SCHEMA_VERSION,
    action_id: context.actionId,
    correlation_id: context.correlationId,
    idempotency_key: key,
    action: action.name,
    accepted: outcome.accepted,
    reason: outcome.reason,
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
