import type { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { ActionReceipt, ApprovalDecision } from '../../host/protocol/index.ts';
import type { RunAction } from '../../host/protocol/runView.ts';

/** Sends a run action through the gateway (each click is a new intent, so a new idempotency key). */
export function runAction(client: GatewayClient, action: RunAction, runId: string): Promise<ActionReceipt> {
  const request = { run_id: runId };
  switch (action) {
    case 'retry': return client.retry(request);
    case 'cancel': return client.cancel(request);
    case 'pause': return client.pause(request);
    case 'resume': return client.resume(request);
  }
}

/**
 * Sends an approval decision with the same idempotency key the notification and the Approvals
 * view use, so deciding the same request from two places is one decision.
 */
export function decideApproval(client: GatewayClient, approvalId: string, decision: ApprovalDecision): Promise<ActionReceipt> {
  return client.decideApproval({ approval_id: approvalId, decision }, { idempotencyKey: `approval-${approvalId}-${decision}` });
}
