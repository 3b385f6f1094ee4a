import { randomUUID } from 'node:crypto';
import type { FakeConversation } from './fakeConversation.ts';
import { countEvents, searchEvents } from './fakeEventSearch.ts';

/** What a route answers; `body` is sent as JSON. */
export interface RouteAnswer {
  status: number;
  body: unknown;
}

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** What the routes may use from the server. */
export interface FakeRouteState {
  readonly startedAt: number;
  isReady(): boolean;
  find(id: string): FakeConversation | undefined;
  create(id: string, request: Record<string, unknown>): FakeConversation;
  remove(conversation: FakeConversation): void;
}

export interface FakeRoute {
  method: string;
  /** The OpenAPI path template; also what responses are validated against. */
  template: string;
  handle(request: RouteRequest, state: FakeRouteState): RouteAnswer;
}

const SUCCESS: RouteAnswer = { status: 200, body: { success: true } };
const NOT_FOUND: RouteAnswer = { status: 404, body: { detail: 'Not Found' } };
/** pause and delete of an unknown id answer 400, not 404 (A5). */
const BAD_REQUEST: RouteAnswer = { status: 400, body: { detail: 'Bad Request' } };
const ALREADY_RUNNING: RouteAnswer = { status: 409, body: { detail: 'Conversation already running. Wait for completion or pause first.' } };

/** Conversation routes need the conversation; events routes say which one was missing (A5). */
function withConversation(request: RouteRequest, state: FakeRouteState, missing: RouteAnswer, handle: (conversation: FakeConversation) => RouteAnswer): RouteAnswer {
  const conversation = state.find(request.params.conversation_id ?? '');
  return conversation ? handle(conversation) : missing;
}

function eventsNotFound(request: RouteRequest): RouteAnswer {
  return { status: 404, body: { detail: `Conversation not found: ${request.params.conversation_id}` } };
}

function textOfMessage(body: unknown): string {
  const content = (body as { content?: { text?: string }[] }).content ?? [];
  return content.map((block) => block.text ?? '').join('\n');
}

/** The routes in matching order (`events/search` before `events/{event_id}`). */
export const fakeAgentRoutes: FakeRoute[] = [
  { method: 'GET', template: '/alive', handle: () => ({ status: 200, body: { status: 'ok' } }) },
  { method: 'GET', template: '/health', handle: () => ({ status: 200, body: 'OK' }) },
  {
    method: 'GET', template: '/ready',
    handle: (_request, state) => (state.isReady()
      ? { status: 200, body: { status: 'ready' } }
      : { status: 503, body: { status: 'initializing', message: 'Server is still initializing' } }),
  },
  {
    method: 'GET', template: '/server_info',
    handle: (_request, state) => ({
      status: 200,
      body: {
        uptime: Math.floor((Date.now() - state.startedAt) / 1000), idle_time: 0, title: 'OpenHands Agent Server', version: '1.14.0', sdk_version: '1.14.0',
        tools_version: '1.14.0', workspace_version: '1.14.0', build_git_sha: 'ab83d054', build_git_ref: 'v1.14.0', python_version: '3.12.0 (fake)', docs: '/docs', redoc: '/redoc',
      },
    }),
  },
  {
    method: 'POST', template: '/api/conversations',
    handle: (request, state) => {
      const body = request.body as Record<string, unknown>;
      const wanted = typeof body.conversation_id === 'string' ? body.conversation_id : null;
      const existing = wanted ? state.find(wanted) : undefined;
      if (existing) return { status: 200, body: existing.info() };
      const conversation = state.create(wanted ?? randomUUID(), body);
      const initial = body.initial_message as Record<string, unknown> | null | undefined;
      if (initial) conversation.sendMessage(textOfMessage(initial), true);
      return { status: 201, body: conversation.info() };
    },
  },
  {
    method: 'GET', template: '/api/conversations/{conversation_id}',
    handle: (request, state) => withConversation(request, state, NOT_FOUND, (conversation) => ({ status: 200, body: conversation.info() })),
  },
  {
    method: 'DELETE', template: '/api/conversations/{conversation_id}',
    handle: (request, state) => withConversation(request, state, BAD_REQUEST, (conversation) => {
      state.remove(conversation);
      return SUCCESS;
    }),
  },
  {
    method: 'POST', template: '/api/conversations/{conversation_id}/run',
    handle: (request, state) => withConversation(request, state, NOT_FOUND, (conversation) => (conversation.run() ? SUCCESS : ALREADY_RUNNING)),
  },
  {
    method: 'POST', template: '/api/conversations/{conversation_id}/pause',
    handle: (request, state) => withConversation(request, state, BAD_REQUEST, (conversation) => {
      conversation.pause();
      return SUCCESS;
    }),
  },
  {
    method: 'POST', template: '/api/conversations/{conversation_id}/confirmation_policy',
    handle: (request, state) => withConversation(request, state, NOT_FOUND, (conversation) => {
      conversation.setConfirmationPolicy((request.body as { policy: Record<string, unknown> }).policy);
      return SUCCESS;
    }),
  },
  {
    method: 'POST', template: '/api/conversations/{conversation_id}/events',
    handle: (request, state) => withConversation(request, state, eventsNotFound(request), (conversation) => {
      const body = request.body as { role?: string; run?: boolean };
      // The SDK asserts role == "user"; any other role fails server-side (A6).
      if ((body.role ?? 'user') !== 'user') return { status: 500, body: { detail: 'Internal Server Error', exception: 'Only user messages are allowed to be sent to the agent.' } };
      conversation.sendMessage(textOfMessage(body), body.run ?? false);
      return SUCCESS;
    }),
  },
  {
    method: 'GET', template: '/api/conversations/{conversation_id}/events/search',
    handle: (request, state) => withConversation(request, state, eventsNotFound(request), (conversation) => searchEvents(conversation.events, request.query)),
  },
  {
    method: 'GET', template: '/api/conversations/{conversation_id}/events/count',
    handle: (request, state) => withConversation(request, state, eventsNotFound(request), (conversation) => countEvents(conversation.events, request.query)),
  },
  {
    method: 'POST', template: '/api/conversations/{conversation_id}/events/respond_to_confirmation',
    handle: (request, state) => withConversation(request, state, eventsNotFound(request), (conversation) => {
      const body = request.body as { accept: boolean; reason?: string };
      conversation.respondToConfirmation(body.accept, body.reason ?? 'User rejected the action.');
      return SUCCESS;
    }),
  },
  {
    method: 'GET', template: '/api/conversations/{conversation_id}/events/{event_id}',
    handle: (request, state) => withConversation(request, state, eventsNotFound(request), (conversation) => {
      const event = conversation.events.find((candidate) => candidate.id === request.params.event_id);
      // An unknown event id raises KeyError server-side: 500, not the declared 404 (A5).
      return event ? { status: 200, body: event } : { status: 500, body: { detail: 'Internal Server Error', exception: `'${request.params.event_id}'` } };
    }),
  },
];
