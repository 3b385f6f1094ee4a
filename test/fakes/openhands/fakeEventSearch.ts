import { formatNaive } from './fakeEvents.ts';
import type { FakeEvent } from './fakeEvents.ts';

// `GET …/events/search` and `…/events/count` with the exact v1.14.0 semantics (A7), quirks included.

/** What a search or count answers: a body, or an error status with its FastAPI body. */
export type SearchAnswer = { status: 200; body: unknown } | { status: 422 | 500; body: unknown };

/** `kind` is compared with the fully qualified class name, so the short name matches nothing (A7). */
const KIND_MODULES: Record<string, string> = {
  MessageEvent: 'openhands.sdk.event.llm_convertible.message',
  ActionEvent: 'openhands.sdk.event.llm_convertible.action',
  ObservationEvent: 'openhands.sdk.event.llm_convertible.observation',
  UserRejectObservation: 'openhands.sdk.event.llm_convertible.observation',
  AgentErrorEvent: 'openhands.sdk.event.llm_convertible.observation',
  SystemPromptEvent: 'openhands.sdk.event.llm_convertible.system',
  ConversationStateUpdateEvent: 'openhands.sdk.event.conversation_state',
  ConversationErrorEvent: 'openhands.sdk.event.conversation_error',
  PauseEvent: 'openhands.sdk.event.user_action',
};

export function qualifiedKind(kind: string): string {
  return `${KIND_MODULES[kind] ?? 'openhands.sdk.event'}.${kind}`;
}

/** Search: filters, sort, then a page starting AT `page_id` (inclusive; unknown id = start). */
export function searchEvents(events: readonly FakeEvent[], query: URLSearchParams): SearchAnswer {
  const limitText = query.get('limit') ?? '100';
  const limit = Number(limitText);
  if (!/^-?\d+$/.test(limitText) || limit <= 0) return validationError('limit', limitText, limit <= 0 ? 'greater_than' : 'int_parsing', 'Input should be greater than 0');
  // The route's `lte=100` is not enforced; an assert in the service fails instead (A4).
  if (limit > 100) return { status: 500, body: { detail: 'Internal Server Error', exception: '' } };
  const sortOrder = query.get('sort_order') ?? 'TIMESTAMP';
  if (sortOrder !== 'TIMESTAMP' && sortOrder !== 'TIMESTAMP_DESC') return validationError('sort_order', sortOrder, 'enum', "Input should be 'TIMESTAMP' or 'TIMESTAMP_DESC'");
  const matching = filterEvents(events, query).sort((a, b) => compare(a.timestamp, b.timestamp) * (sortOrder === 'TIMESTAMP_DESC' ? -1 : 1));
  const pageId = query.get('page_id');
  const found = pageId ? matching.findIndex((event) => event.id === pageId) : -1;
  const start = Math.max(0, found);
  const items = matching.slice(start, start + limit);
  return { status: 200, body: { items, next_page_id: matching[start + limit]?.id ?? null } };
}

/** Count: the same filters without paging or sort; a bare integer. */
export function countEvents(events: readonly FakeEvent[], query: URLSearchParams): SearchAnswer {
  return { status: 200, body: filterEvents(events, query).length };
}

function filterEvents(events: readonly FakeEvent[], query: URLSearchParams): FakeEvent[] {
  const kind = query.get('kind');
  const source = query.get('source');
  const body = query.get('body')?.toLowerCase();
  const from = localTimestamp(query.get('timestamp__gte'));
  const until = localTimestamp(query.get('timestamp__lt'));
  return events.filter((event) => (!kind || qualifiedKind(event.kind) === kind)
    && (!source || event.source === source)
    && (!body || messageText(event).toLowerCase().includes(body))
    && (!from || event.timestamp >= from)
    && (!until || event.timestamp < until));
}

/** Aware datetimes are converted to server local time; then timestamps are compared as strings (A7). */
function localTimestamp(value: string | null): string | null {
  if (!value) return null;
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/.test(value)) return value;
  return formatNaive(Date.parse(value) * 1000);
}

/** `body` only looks at MessageEvent text, extended content and reasoning (A7). */
function messageText(event: FakeEvent): string {
  if (event.kind !== 'MessageEvent') return '';
  const message = event.llm_message as { content?: { text?: string }[]; reasoning_content?: string | null };
  const extended = (event.extended_content as { text?: string }[] | undefined) ?? [];
  return [...(message.content ?? []), ...extended].map((block) => block.text ?? '').join('\n') + (message.reasoning_content ?? '');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validationError(name: string, input: string, type: string, msg: string): SearchAnswer {
  return { status: 422, body: { detail: [{ type, loc: ['query', name], msg, input }] } };
}
