import { EventTypes } from '../../protocol/eventTypes.ts';
import type { ApprovalRequest } from '../harnessAdapter.ts';
import { commandDecision, decisionName, feedbackMessage, fileChangeDecision, legacyDecision } from './codexApprovalReplies.ts';
import type { ApprovalAnswer } from './codexApprovalReplies.ts';
import { CodexErrorCodes } from './codexErrors.ts';
import type { ServerRequestParamsByMethod } from './codexProtocol.ts';
import type { CodexSessionContext } from './codexSessionContext.ts';
import { dynamicToolResponse } from './codexDynamicTools.ts';
import { compactRecord } from './compactPayload.ts';
import { JsonRpcErrorCodes, JsonRpcReplyError } from './jsonRpcConnection.ts';
import type { ServerRequestAnswer } from './jsonRpcConnection.ts';

type ServerRequestHandler<M extends keyof ServerRequestParamsByMethod> = (
  params: ServerRequestParamsByMethod[M],
  context: CodexSessionContext,
) => Promise<ServerRequestAnswer>;

/**
 * The server's requests we answer. Approvals go to the rules and a human through the sink;
 * requests for user input are answered empty and then end the turn with `turn_input_required`,
 * because this host does not route questions yet (documented policy: never stall, answer every
 * request).
 */
const handlers: { [M in keyof ServerRequestParamsByMethod]: ServerRequestHandler<M> } = {
  'item/commandExecution/requestApproval': (params, context) => {
    const command = params.command ?? context.items.get(params.itemId)?.command ?? null;
    const request: ApprovalRequest = { kind: 'command', command, cwd: params.cwd ?? null, files: [], reason: params.reason ?? null };
    return answerApproval(request, context, (answer) => commandDecision(answer, params.availableDecisions));
  },
  'item/fileChange/requestApproval': (params, context) => {
    const files = context.items.get(params.itemId)?.files ?? [];
    return answerApproval({ kind: 'file_change', command: null, cwd: null, files, reason: params.reason ?? null }, context, fileChangeDecision);
  },
  execCommandApproval: (params, context) => {
    const request: ApprovalRequest = {
      kind: 'command', command: params.command?.join(' ') ?? null, cwd: params.cwd ?? null, files: [], reason: params.reason ?? null,
    };
    return answerApproval(request, context, legacyDecision, false);
  },
  applyPatchApproval: (params, context) => {
    const files = Object.keys(params.fileChanges ?? {});
    return answerApproval({ kind: 'file_change', command: null, cwd: null, files, reason: params.reason ?? null }, context, legacyDecision, false);
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
    const rawRef = context.keepUnknownRaw('codex/unsupported_request', method, () => JSON.stringify({ method, params: params ?? null }));
    report(context, 'unsupported_server_request', { request_method: method, params: compactRecord(params ?? {}) }, rawRef);
    return Promise.reject(new JsonRpcReplyError(JsonRpcErrorCodes.methodNotFound, `OpenSymphony does not handle ${method}.`));
  }
  return handler((typeof params === 'object' && params !== null ? params : {}) as never, context);
}

/**
 * Asks (rules, then a human), answers with the harness decision, and once the reply is written
 * records it with the round-trip time; a denial's feedback follows as a steered message where the
 * decision itself cannot carry text (v2).
 */
async function answerApproval(
  request: ApprovalRequest,
  context: CodexSessionContext,
  toDecision: (answer: ApprovalAnswer) => unknown,
  steerFeedback = true,
): Promise<ServerRequestAnswer> {
  const askedAtMs = performance.now();
  const answer = await context.askApproval(request);
  const decision = toDecision(answer);
  return {
    result: { decision },
    afterReply: () => {
      context.approvalReplied(request, decisionName(decision), askedAtMs);
      const feedback = steerFeedback ? feedbackMessage(request, answer) : null;
      if (feedback) context.steer(feedback);
    },
  };
}

function requireInput(context: CodexSessionContext, message: string): void {
  context.endActiveTurn({ status: 'failed', code: CodexErrorCodes.turnInputRequired, message });
}

function report(context: CodexSessionContext, what: string, payload: Record<string, unknown>, rawRef: string | null = null): void {
  context.sink.event({ type: EventTypes.agentNotification, summary: what, payload: { method: `opensymphony/${what}`, ...payload }, rawRef });
}
