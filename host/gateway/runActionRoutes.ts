import { RunTargetRequestSchema, SendMessageRequestSchema } from '../protocol/index.ts';
import type { ActionContext, ActionOutcome, GatewayBackend } from './gatewayBackend.ts';
import { refusal } from './gatewayBackend.ts';
import { defineAction } from './actionDefinition.ts';
import type { ActionDefinition } from './actionDefinition.ts';
import type { RunBackend } from './runBackend.ts';

/** Calls the run backend, or refuses with `not_supported` on a host without one. */
function withRuns(backend: GatewayBackend, call: (runs: RunBackend) => Promise<ActionOutcome>): Promise<ActionOutcome> {
  return backend.runs ? call(backend.runs) : Promise.resolve(refusal('not_supported', 'this host does not offer run actions'));
}

type RunCall = (runs: RunBackend, request: { run_id: string }, context: ActionContext) => Promise<ActionOutcome>;

function runAction(name: string, call: RunCall): ActionDefinition {
  return defineAction({ name, schema: RunTargetRequestSchema, perform: (backend, request, context) => withRuns(backend, (runs) => call(runs, request, context)) });
}

/**
 * `POST /api/v1/actions/{retry,cancel,pause,resume,send-message}` (operator). The backend applies
 * the rules (retry refused while the issue has a queued or running run; cancel only queued,
 * running or retrying runs; pause only a running run; resume only a paused one) and answers a
 * refusal as a receipt with `accepted: false` and `reason_code: conflict`.
 */
export const RUN_ACTIONS: readonly ActionDefinition[] = [
  runAction('retry', (runs, request, context) => runs.retry(request, context)),
  runAction('cancel', (runs, request, context) => runs.cancel(request, context)),
  runAction('pause', (runs, request, context) => runs.pause(request, context)),
  runAction('resume', (runs, request, context) => runs.resume(request, context)),
  defineAction({
    name: 'send-message',
    schema: SendMessageRequestSchema,
    perform: (backend, request, context) => withRuns(backend, (runs) => runs.sendMessage(request, context)),
  }),
];
