import { EventTypes } from '../../protocol/eventTypes.ts';
import type { ApprovalRequest } from '../harnessAdapter.ts';
import { commandDecision, decisionName, feedbackMessage, fileChangeDecision, legacyDecision } from './codexApprovalReplies.ts';
import type { ApprovalAnswer } from './codexApprovalReplies.ts';
import { CodexError, CodexErrorCodes } from './codexErrors.ts';
import { CODEX_PROTOCOL_VERSION, SERVER_REQUEST_METHODS } from './codexProtocol.ts';
import type { ServerRequestParamsByMethod } from './codexProtocol.ts';
import type { CodexSessionContext } from './codexSessionContext.ts';
import { dynamicToolResponse } from './codexDynamicTools.ts';
import { mcpElicitation, toolUserInput } from './codexUserInput.ts';
import type { CodexQuestion } from './codexUserInput.ts';
import { compactRecord } from './compactPayload.ts';
import { JsonRpcErrorCodes, JsonRpcReplyError } from './jsonRpcConnection.ts';
import type { ServerRequestAnswer } from './jsonRpcConnection.ts';

/** Every server → client request the pinned protocol defines. */
const KNOWN_REQUESTS: ReadonlySet<string> = new Set(SERVER_REQUEST_METHODS);

type ServerRequestHandler<M extends keyof ServerRequestParamsByMethod> = (
  params: ServerRequestParamsByMethod[M],
  context: CodexSessionContext,
) => Promise<ServerRequestAnswer>;

/**
 * The server's requests we answer. Approvals go to the rules and a human through the sink;
 * questions (user input, MCP elicitations) go to a human with a deadline: an answer or a refusal
 * is passed on, no answer in time is answered empty and ends the turn with `turn_input_required`
 * (never stall, answer every request).
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
  'item/tool/requestUserInput': (params, context) => answerQuestion(toolUserInput(params), context),
  'mcpServer/elicitation/request': (params, context) => answerQuestion(mcpElicitation(params), context),
  'item/mcpElicitation/requestDecision': (params, context) => answerQuestion(mcpElicitation(params), context),
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

/**
 * Answers one server request; methods we do not handle get a JSON-RPC "method not found" error.
 * One the pinned protocol does not define also fails the session (`unknown_event`), as an unknown
 * notification does.
 */
export function handleServerRequest(method: string, params: unknown, context: CodexSessionContext): Promise<ServerRequestAnswer> {
  const handler = (handlers as Record<string, ServerRequestHandler<keyof ServerRequestParamsByMethod> | undefined>)[method];
  if (!handler) {
    const rawRef = context.keepUnknownRaw('codex/unsupported_request', method, () => JSON.stringify({ method, params: params ?? null }));
    report(context, 'unsupported_server_request', { request_method: method, params: compactRecord(params ?? {}) }, rawRef);
    if (!KNOWN_REQUESTS.has(method)) {
      const message = `codex app-server sent the request "${method}", which the pinned protocol (${CODEX_PROTOCOL_VERSION}) does not define; the run stops. The request is kept raw.`;
      context.failSession(new CodexError(CodexErrorCodes.unknownEvent, message));
    }
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

/** Asks the user; once the reply is written, a question nobody answered in time ends the turn. */
async function answerQuestion(question: CodexQuestion, context: CodexSessionContext): Promise<ServerRequestAnswer> {
  const askedAtMs = performance.now();
  const answer = await context.askUser(question.request);
  return {
    result: question.result(answer),
    afterReply: () => {
      context.questionReplied(answer === 'cancelled' ? answer : answer.outcome, askedAtMs);
      if (answer !== 'cancelled' && answer.outcome === 'expired') requireInput(context, answer.message);
    },
  };
}

function requireInput(context: CodexSessionContext, message: string): void {
  context.endActiveTurn({ status: 'failed', code: CodexErrorCodes.turnInputRequired, message });
}

function report(context: CodexSessionContext, what: string, payload: Record<string, unknown>, rawRef: string | null = null): void {
  context.sink.event({ type: EventTypes.agentNotification, summary: what, payload: { method: `opensymphony/${what}`, ...payload }, rawRef });
}
