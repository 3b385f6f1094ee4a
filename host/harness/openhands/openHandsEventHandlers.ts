import type { z } from 'zod';
import { EventTypes } from '../../protocol/eventTypes.ts';
import type { HarnessSink } from '../harnessAdapter.ts';
import { truncateText } from '../codex/compactPayload.ts';
import type { TerminalWriter } from '../codex/terminalWriter.ts';
import {
  ActionEventSchema, AgentErrorEventSchema, ConversationErrorEventSchema, MessageEventSchema, ObservationEventSchema,
  StateUpdateEventSchema, UserRejectObservationSchema, textOf,
} from './openHandsEvents.ts';
import type { MessageEventView, StateUpdateEventView } from './openHandsEvents.ts';
import { describeAction, renderAction, renderError, renderObservation, renderStatus } from './openHandsTerminalView.ts';
import type { WireEvent } from './openHandsWire.ts';
import type { PendingActionTracker } from './pendingActions.ts';
import { PINNED_EVENT_KINDS } from './pinnedEventKinds.ts';
import { rawEventPayload } from './rawEventPayload.ts';
import { tokenTotalsFromStats } from './tokenUsage.ts';
import type { TokenReporter } from './tokenUsage.ts';

/** What the handlers may touch; the session implements it. */
export interface OpenHandsEventContext {
  readonly sink: HarnessSink;
  readonly terminal: TerminalWriter;
  readonly conversationId: string;
  readonly actions: PendingActionTracker;
  readonly tokens: TokenReporter;
  /** The active turn's id (its user message event id), or null between turns. */
  currentTurnId(): string | null;
  userMessage(event: MessageEventView): void;
  /** `fromSnapshot`: read from a full_state frame rather than a stored status update. */
  executionStatus(status: string, fromSnapshot: boolean): void;
  conversationError(code: string, detail: string): void;
  /** An event of a kind the pinned OpenAPI does not define arrived (it is already kept raw). */
  unknownEvent(kind: string): void;
}

type EventHandler = (event: WireEvent, context: OpenHandsEventContext) => void;

const MAX_MESSAGE_CHARS = 8_000;

/**
 * One handler per event kind the adapter understands (A10). Every event yields exactly one sink
 * event carrying its `event_id`, so the journal holds the whole conversation; unknown kinds and
 * payloads of an unexpected shape are kept raw and never break the run.
 */
const handlers: Record<string, EventHandler> = {
  MessageEvent: typed(MessageEventSchema, (event, context) => {
    const text = textOf(event.llm_message.content);
    if (event.source === 'user') {
      context.userMessage(event);
      notify(context, event, `user message: ${truncateText(firstLine(text), 100)}`, { text: truncateText(text, 500) });
      return;
    }
    context.terminal.write(text);
    context.terminal.endLine();
    context.sink.event({
      type: EventTypes.agentMessage,
      summary: truncateText(firstLine(text), 120),
      payload: { ...basePayload(event, context), role: event.llm_message.role, text: truncateText(text, MAX_MESSAGE_CHARS) },
    });
  }),
  ActionEvent: typed(ActionEventSchema, (event, context) => {
    context.actions.observeAction(event);
    renderAction(event, context.terminal);
    item(context, event, truncateText(describeAction(event), 200));
  }),
  ObservationEvent: typed(ObservationEventSchema, (event, context) => {
    context.actions.observeResolution(event.action_id);
    renderObservation(event, context.terminal);
    const exit = event.observation.exit_code;
    item(context, event, `${event.observation.kind}${exit === undefined || exit === null ? '' : ` (exit ${exit})`}${event.observation.is_error ? ' error' : ''}`);
  }),
  UserRejectObservation: typed(UserRejectObservationSchema, (event, context) => {
    context.actions.observeResolution(event.action_id);
    renderError(`✗ rejected: ${event.rejection_reason}`, context.terminal);
    item(context, event, `${event.tool_name} rejected`);
  }),
  AgentErrorEvent: typed(AgentErrorEventSchema, (event, context) => {
    context.actions.observeAgentError(event.tool_call_id);
    renderError(`error: ${event.error}`, context.terminal);
    item(context, event, truncateText(`${event.tool_name} error: ${firstLine(event.error)}`, 200));
  }),
  ConversationErrorEvent: typed(ConversationErrorEventSchema, (event, context) => {
    renderError(`error: ${event.code}: ${event.detail}`, context.terminal);
    notify(context, event, truncateText(`conversation error ${event.code}: ${firstLine(event.detail)}`, 200), { code: event.code, detail: truncateText(event.detail) });
    context.conversationError(event.code, event.detail);
  }),
  ConversationStateUpdateEvent: typed(StateUpdateEventSchema, (event, context) => handleStateUpdate(event, context)),
};

/**
 * Routes one event to its handler, or keeps it raw (in the payload, compacted, and whole in the raw
 * store). A kind of the pinned OpenAPI that we do not interpret is only recorded; a kind outside it
 * also fails the run (`unknown_event`).
 */
export function handleWireEvent(event: WireEvent, context: OpenHandsEventContext): void {
  const handler = handlers[event.kind];
  if (handler) {
    handler(event, context);
    return;
  }
  const pinned = PINNED_EVENT_KINDS.has(event.kind);
  notify(context, event, event.kind, { raw: rawEventPayload(event), unknown_kind: !pinned }, context.sink.raw('openhands/unknown_event', JSON.stringify(event)));
  if (!pinned) context.unknownEvent(event.kind);
}

function handleStateUpdate(event: StateUpdateEventView, context: OpenHandsEventContext): void {
  if (event.key === 'execution_status' && typeof event.value === 'string') {
    renderStatus(event.value, context.terminal);
    notify(context, event, `execution status ${event.value}`, { key: event.key, value: event.value });
    context.executionStatus(event.value, false);
    return;
  }
  if (event.key === 'full_state') {
    const state = (typeof event.value === 'object' && event.value !== null ? event.value : {}) as Record<string, unknown>;
    const status = typeof state.execution_status === 'string' ? state.execution_status : null;
    // The whole state is large and repeated on every connect; its status and token totals are what matter.
    notify(context, event, `state snapshot${status ? ` (${status})` : ''}`, { key: event.key, execution_status: status });
    reportTokens(state.stats, event, context, { snapshot: true });
    if (status) context.executionStatus(status, true);
    return;
  }
  if (event.key === 'stats' && reportTokens(event.value, event, context)) return;
  notify(context, event, `state ${event.key} updated`, { key: event.key, value: rawEventPayload({ value: event.value }).value ?? null });
}

/** Emits tokens.updated when the stats carry usage that changed; true when the event was reported. */
function reportTokens(stats: unknown, event: WireEvent, context: OpenHandsEventContext, extra: Record<string, unknown> = {}): boolean {
  const totals = tokenTotalsFromStats(stats);
  if (!totals || !context.tokens.changed(totals)) return false;
  context.sink.event({ type: EventTypes.tokensUpdated, summary: `tokens ${totals.total_tokens} total`, payload: { ...basePayload(event, context), ...extra, ...totals } });
  return true;
}

/** Parses the kind's view first; a payload that does not fit is kept raw with the reason. */
function typed<S extends z.ZodType>(schema: S, handle: (event: z.infer<S>, context: OpenHandsEventContext) => void): EventHandler {
  return (event, context) => {
    const parsed = schema.safeParse(event);
    if (parsed.success) {
      handle(parsed.data, context);
      return;
    }
    const issue = parsed.error.issues[0];
    notify(context, event, `${event.kind} with an unexpected shape`, {
      problem: `${issue?.message ?? 'schema mismatch'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`,
      raw: rawEventPayload(event),
    }, context.sink.raw('openhands/unexpected_shape', JSON.stringify(event)));
  };
}

function basePayload(event: WireEvent, context: OpenHandsEventContext): Record<string, unknown> {
  return {
    event_id: event.id,
    kind: event.kind,
    timestamp: event.timestamp,
    source: event.source ?? null,
    thread_id: context.conversationId,
    turn_id: context.currentTurnId(),
  };
}

function item(context: OpenHandsEventContext, event: WireEvent, summary: string): void {
  context.sink.event({ type: EventTypes.agentItem, summary, payload: { ...basePayload(event, context), item: rawEventPayload(event) } });
}

function notify(context: OpenHandsEventContext, event: WireEvent, summary: string, extra: Record<string, unknown>, rawRef: string | null = null): void {
  context.sink.event({
    type: EventTypes.agentNotification,
    summary,
    payload: { method: `openhands/${event.kind}`, ...basePayload(event, context), ...extra },
    rawRef,
  });
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim().length > 0)?.trim() ?? '';
}
