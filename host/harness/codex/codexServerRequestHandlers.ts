import { EventTypes } from '../../protocol/eventTypes.ts';
import type { ApprovalRequest } from '../harnessAdapter.ts';
import { CodexErrorCodes } from './codexErrors.ts';
import type { CommandApprovalDecision, LegacyReviewDecision, ServerRequestParamsByMethod } from './codexProtocol.ts';
import type { ApprovalAnswer, CodexSessionContext } from './codexSessionContext.ts';
import { dynamicToolResponse } from './codexDynamicTools.ts';
import { compactRecord } from './compactPayload.ts';
import { JsonRpcErrorCodes, JsonRpcReplyError } from './jsonRpcConnection.ts';
import type { ServerRequestAnswer } from './jsonRpcConnection.ts';

type ServerRequestHandler<M extends keyof ServerRequestParamsByMethod> = (
  params: ServerRequestParamsByMethod[M],
  context: CodexSessionContext,
) => Promise<ServerRequestAnswer>;

const V2_DECISIONS: Record<ApprovalAnswer, CommandApprovalDecision> = { approve: 'accept', deny: 'decline', cancelled: 'cancel' };
const LEGACY_DECISIONS: Record<ApprovalAnswer, LegacyReviewDecision> = {
  approve: 'approved',
  deny: { denied: { rejection: 'Denied by the OpenSymphony user.' } },
  cancelled: 'abort',
};

/**
 * The server's requests we answer. Approvals go to a human through the sink; requests for user
 * input are answered empty and then end the turn with `turn_input_required`, because this host does
 * not route questions yet (documented policy: never stall, answer every request).
 */
const handlers: { [M in keyof ServerRequestParamsByMethod]: ServerRequestHandler<M> } = {
  'item/commandExecution/requestApproval': async (params, context) => {
    const command = params.command ?? context.items.get(params.itemId)?.command ?? null;
    const answer = await context.askApproval({ kind: 'command', command, cwd: params.cwd ?? null, files: [], reason: params.reason ?? null });
    return { result: { decision: V2_DECISIONS[answer] } };
  },
  'item/fileChange/requestApproval': async (params, context) => {
    const files = context.items.get(params.itemId)?.files ?? [];
    const answer = await context.askApproval({ kind: 'file_change', command: null, cwd: null, files, reason: params.reason ?? null });
    return { result: { decision: V2_DECISIONS[answer] } };
  },
  execCommandApproval: async (params, context) => {
    const request: ApprovalRequest = {
      kind: 'command', command: params.command?.join(' ') ?? null, cwd: params.cwd ?? null, files: [], reason: params.reason ?? null,
    };
    return { result: { decision: LEGACY_DECISIONS[await context.askApproval(request)] } };
  },
  applyPatchApproval: async (params, context) => {
    const files = Object.keys(params.fileChanges ?? {});
    const answer = await context.askApproval({ kind: 'file_change', command: null, cwd: null, files, reason: params.reason ?? null });
    return { result: { decision: LEGACY_DECISIONS[answer] } };
  },
  'item/tool/requestUserInput': async (_params, context) => ({
    result: { answers: {} },
    afterReply: () => requireInput(context, 'The agent asked the user a question (item/tool/requestUserInput); this host does not route questions yet.'),
  }),
  'mcpServer/elicitation/request': async (params, context) => ({
    result: { action: 'decline', content: null, _meta: null },
    afterReply: () => requireInput(context, `MCP server ${params.serverName ?? ''} asked for user input: ${params.message ?? ''}`.trim()),
  }),
  'item/mcpElicitation/requestDecision': async (params, context) => ({
    result: { action: 'decline', content: null, _meta: null },
    afterReply: () => requireInput(context, `An MCP server asked for user input: ${params.message ?? ''}`.trim()),
  }),
  'item/tool/call': async (params, context) => {
    const tool = params.tool ?? 'unknown';
    const call = params.namespace ? undefined : context.callTool(tool, params.arguments ?? {});
    if (call) {
      const result = await call;
      report(context, 'tool_call', { tool, call_id: params.callId ?? null, success: result.success, error_code: result.success ? null : result.error.code });
      return { result: dynamicToolResponse(result) };
    }
    report(context, 'unsupported_tool_call', { tool, call_id: params.callId ?? null });
    const text = `unsupported_tool_call: OpenSymphony provides no tool named "${tool}".`;
    return { result: { success: false, contentItems: [{ type: 'inputText', text }] } };
  },
  'item/permissions/requestApproval': async (params, context) => {
    // Extra sandbox permissions are not part of the approval UI yet; an empty grant is a denial.
    report(context, 'permissions_denied', { item_id: params.itemId ?? null, reason: params.reason ?? null });
    return { result: { permissions: {}, scope: 'turn' } };
  },
};

/** Answers one server request; unknown methods get a JSON-RPC "method not found" error. */
export function handleServerRequest(method: string, params: unknown, context: CodexSessionContext): Promise<ServerRequestAnswer> {
  const handler = (handlers as Record<string, ServerRequestHandler<keyof ServerRequestParamsByMethod> | undefined>)[method];
  if (!handler) {
    report(context, 'unsupported_server_request', { request_method: method, params: compactRecord(params ?? {}) });
    return Promise.reject(new JsonRpcReplyError(JsonRpcErrorCodes.methodNotFound, `OpenSymphony does not handle ${method}.`));
  }
  return handler((typeof params === 'object' && params !== null ? params : {}) as never, context);
}

function requireInput(context: CodexSessionContext, message: string): void {
  context.endActiveTurn({ status: 'failed', code: CodexErrorCodes.turnInputRequired, message });
}

function report(context: CodexSessionContext, what: string, payload: Record<string, unknown>): void {
  context.sink.event({ type: EventTypes.agentNotification, summary: what, payload: { method: `opensymphony/${what}`, ...payload } });
}
