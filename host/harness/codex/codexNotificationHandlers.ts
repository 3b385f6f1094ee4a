import { EventTypes } from '../../protocol/eventTypes.ts';
import { unwrapShellCommand } from '../../protocol/shellCommandText.ts';
import { CodexError, CodexErrorCodes } from './codexErrors.ts';
import { CODEX_PROTOCOL_VERSION, SERVER_NOTIFICATION_METHODS } from './codexProtocol.ts';
import type { NotificationParamsByMethod, ThreadItem, TokenUsageBreakdown } from './codexProtocol.ts';
import type { CodexSessionContext } from './codexSessionContext.ts';
import { compactRecord, truncateText } from './compactPayload.ts';
import { Ansi, styled } from './terminalWriter.ts';

type NotificationHandler<M extends keyof NotificationParamsByMethod> = (
  params: NotificationParamsByMethod[M],
  context: CodexSessionContext,
) => void;

/** Notifications that Symphony treats as "the agent needs a human's input" (spec digest §6). */
const INPUT_REQUIRED_METHODS = new Set([
  'turn/input_required', 'turn/needs_input', 'turn/need_input', 'turn/request_input',
  'turn/request_response', 'turn/provide_input', 'turn/approval_required',
]);

/** Every notification the pinned protocol defines; anything else is kept raw as well. */
const KNOWN_METHODS: ReadonlySet<string> = new Set(SERVER_NOTIFICATION_METHODS);

/** Longest agent message text kept in an `agent.message` payload. */
const MAX_MESSAGE_CHARS = 8_000;

const handlers: { [M in keyof NotificationParamsByMethod]: NotificationHandler<M> } = {
  'turn/started': (params, context) => {
    const turnId = params.turn?.id ?? null;
    if (turnId) context.activeTurn()?.setTurnId(turnId);
    context.sink.event({
      type: EventTypes.turnStarted,
      summary: `turn ${context.activeTurn()?.number ?? '?'} started`,
      payload: { thread_id: params.threadId ?? context.threadId, turn_id: turnId, turn_number: context.activeTurn()?.number ?? null },
    });
  },
  'turn/completed': (params, context) => {
    const turn = context.activeTurn();
    const completed = params.turn;
    if (!turn || !completed) return;
    const isThisTurn = turn.turnId === null ? !context.isFinishedTurn(completed.id) : turn.turnId === completed.id;
    if (isThisTurn) turn.completeFrom(completed);
  },
  'item/started': (params, context) => {
    if (!params.item) return;
    context.items.observe(params.item);
    if (params.item.type === 'commandExecution') context.terminal.line(styled(`$ ${unwrapShellCommand(params.item.command ?? '')}`, Ansi.bold, Ansi.yellow));
    if (params.item.type === 'fileChange') {
      context.terminal.line(styled(`✎ ${context.items.get(params.item.id)?.files.join(', ') || 'file change'}`, Ansi.bold, Ansi.yellow));
    }
  },
  'item/agentMessage/delta': (params, context) => {
    context.items.markStreamed(params.itemId);
    context.terminal.write(params.delta ?? '');
  },
  'item/commandExecution/outputDelta': (params, context) => {
    context.items.markStreamed(params.itemId);
    context.terminal.write(params.delta ?? '', Ansi.dim);
  },
  'item/completed': (params, context) => {
    if (params.item) completeItem(params.item, params.turnId ?? null, context);
  },
  'thread/tokenUsage/updated': (params, context) => {
    const total = params.tokenUsage?.total;
    if (!total) return;
    context.sink.event({ type: EventTypes.tokensUpdated, summary: `tokens ${total.totalTokens ?? 0} total`, payload: tokenPayload(total, params) });
  },
  error: (params, context) => {
    const message = params.error?.message ?? 'unknown error';
    if (!params.willRetry) {
      const turn = context.activeTurn();
      if (turn) turn.lastErrorMessage = message;
    }
    context.terminal.line(styled(`error: ${message}${params.willRetry ? ' (retrying)' : ''}`, Ansi.red));
    passThrough('error', params, context);
  },
};

/**
 * Routes one server notification: a typed handler, the input-required stop, or a pass-through
 * event. A method the pinned protocol does not define is kept verbatim as a raw payload and fails
 * the session (`unknown_event`): it could stand for an agent action we cannot see, one that never
 * went through our approvals. Known methods we do not interpret are passed through leniently.
 */
export function handleNotification(method: string, params: unknown, context: CodexSessionContext): void {
  const handler = (handlers as Record<string, NotificationHandler<keyof NotificationParamsByMethod> | undefined>)[method];
  const safeParams = (typeof params === 'object' && params !== null ? params : {}) as never;
  if (handler) {
    handler(safeParams, context);
    return;
  }
  const known = KNOWN_METHODS.has(method);
  const rawRef = known ? null : context.keepUnknownRaw('codex/unknown_notification', method, () => JSON.stringify({ method, params: params ?? null }));
  if (INPUT_REQUIRED_METHODS.has(method)) {
    context.endActiveTurn({ status: 'failed', code: CodexErrorCodes.turnInputRequired, message: `The agent asked for user input (${method}).` });
    passThrough(method, params, context, rawRef);
  } else if (!known) {
    passThrough(method, params, context, rawRef);
    const message = `codex app-server sent "${method}", which the pinned protocol (${CODEX_PROTOCOL_VERSION}) does not define; the run stops rather than miss what the agent did. The message is kept raw.`;
    context.failSession(new CodexError(CodexErrorCodes.unknownEvent, message));
  } else if (!isStreamingDelta(method)) {
    passThrough(method, params, context);
  }
}

/** Deltas we do not render would flood the journal; their completed items carry the content. */
function isStreamingDelta(method: string): boolean {
  return /(?:\/delta|Delta)$/.test(method);
}

function passThrough(method: string, params: unknown, context: CodexSessionContext, rawRef: string | null = null): void {
  const unknown = rawRef === null ? {} : { unknown_method: true };
  context.sink.event({ type: EventTypes.agentNotification, summary: method, payload: { method, params: compactRecord(params ?? {}), ...unknown }, rawRef });
}

function completeItem(item: ThreadItem, turnId: string | null, context: CodexSessionContext): void {
  const tracked = context.items.observe(item);
  if (item.type === 'userMessage') return; // the prompt we sent; the run already has it
  if (item.type === 'agentMessage') {
    if (!tracked.streamedOutput) context.terminal.write(item.text ?? '');
    context.terminal.endLine();
    const text = item.text ?? '';
    context.sink.event({
      type: EventTypes.agentMessage,
      summary: truncateText(text.split('\n')[0] ?? '', 120),
      payload: { item_id: item.id, turn_id: turnId, phase: item.phase ?? null, text: truncateText(text, MAX_MESSAGE_CHARS) },
    });
    return;
  }
  if (item.type === 'commandExecution') {
    if (!tracked.streamedOutput && item.aggregatedOutput) context.terminal.write(item.aggregatedOutput, Ansi.dim);
    context.terminal.endLine();
    context.terminal.line(commandStatusLine(item));
  }
  if (item.type === 'fileChange') context.terminal.line(styled(`file change ${item.status ?? 'finished'}`, Ansi.dim, item.status === 'completed' ? Ansi.green : Ansi.red));
  context.sink.event({ type: EventTypes.agentItem, summary: itemSummary(item), payload: { turn_id: turnId, item: compactRecord(item) } });
}

function commandStatusLine(item: Extract<ThreadItem, { type: 'commandExecution' }>): string {
  if (item.status === 'declined') return styled('✗ command declined', Ansi.red);
  const exit = `exit ${item.exitCode ?? '?'}`;
  const duration = typeof item.durationMs === 'number' ? ` · ${item.durationMs} ms` : '';
  return styled(`${exit}${duration}`, Ansi.dim, item.exitCode === 0 ? Ansi.green : Ansi.red);
}

function itemSummary(item: ThreadItem): string {
  if (item.type === 'commandExecution') return truncateText(`${item.command ?? 'command'} → ${item.status ?? '?'} (exit ${item.exitCode ?? '?'})`, 200);
  if (item.type === 'fileChange') return `file change ${item.status ?? ''}`.trim();
  return `${item.type} completed`;
}

function tokenPayload(total: TokenUsageBreakdown, params: NotificationParamsByMethod['thread/tokenUsage/updated']): Record<string, unknown> {
  return {
    thread_id: params.threadId ?? null,
    turn_id: params.turnId ?? null,
    input_tokens: total.inputTokens ?? 0,
    output_tokens: total.outputTokens ?? 0,
    total_tokens: total.totalTokens ?? 0,
    cached_input_tokens: total.cachedInputTokens ?? 0,
    reasoning_output_tokens: total.reasoningOutputTokens ?? 0,
    model_context_window: params.tokenUsage?.modelContextWindow ?? null,
  };
}
