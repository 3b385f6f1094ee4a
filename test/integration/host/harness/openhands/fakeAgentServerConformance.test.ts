// The fake agent-server against the pinned OpenAPI and the wire notes (A2–A12): real HTTP and
// WebSocket answers, each validated against the document's schemas in the test itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { AGENT_SERVER_OPENAPI_SHA256, agentServerOpenApi } from '../../../../fakes/openhands/agentServerOpenApi.ts';
import { FakeAgentServer } from '../../../../fakes/openhands/fakeAgentServer.ts';
import type { FakeStep } from '../../../../fakes/openhands/fakeAgentScript.ts';

const KEY = 'conformance-key';
const openApi = agentServerOpenApi();

interface Answer { status: number; body: unknown }

function startRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agent: { kind: 'Agent', llm: { model: 'openai/fake', api_key: 'sk-secret', usage_id: 'default' }, tools: [{ name: 'terminal' }] },
    workspace: { kind: 'LocalWorkspace', working_dir: '/tmp/conformance' },
    confirmation_policy: { kind: 'NeverConfirm' },
    ...overrides,
  };
}

describe('fake agent-server conformance with the pinned OpenAPI', { timeout: 30_000 }, () => {
  let server: FakeAgentServer;
  const script = (message: string): FakeStep[] => (message === 'hang'
    ? [{ type: 'hang' }]
    : [{ type: 'command', command: `echo ${message}`, output: `${message}\n` }, { type: 'message', text: `done ${message}` }]);

  before(async () => { server = await FakeAgentServer.start({ sessionApiKeys: [KEY], script, stepDelayMs: 1 }); });
  after(async () => {
    await server.close();
    assert.deepEqual(server.schemaViolations, [], 'the fake checks itself as well');
  });

  /** Calls the fake and validates the answer against the operation's schema for that status. */
  async function call(method: string, template: string, path: string, body?: unknown, key: string | null = KEY): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers['X-Session-API-Key'] = key;
    const response = await fetch(`${server.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = { status: response.status, body: await response.json() as unknown };
    assert.deepEqual(openApi.validateResponse(method, template, answer.status, answer.body), [], `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer;
  }

  async function runToFinish(id: string, text: string): Promise<void> {
    const conversation = server.find(id)!;
    const finished = new Promise<void>((resolve) => {
      const unsubscribe = conversation.subscribe({ send: () => { if (conversation.status === 'finished' && !conversation.isRunning) { unsubscribe(); resolve(); } } });
    });
    await call('POST', '/api/conversations/{conversation_id}/events', `/api/conversations/${id}/events`, { role: 'user', content: [{ type: 'text', text }], run: true });
    await finished;
  }

  it('serves the pinned document, unchanged', () => {
    assert.equal(openApi.sha256, AGENT_SERVER_OPENAPI_SHA256);
  });

  it('answers health and readiness without a key (A2)', async () => {
    assert.deepEqual((await call('GET', '/alive', '/alive', undefined, null)).body, { status: 'ok' });
    assert.equal((await call('GET', '/health', '/health', undefined, null)).body, 'OK');
    assert.deepEqual((await call('GET', '/ready', '/ready', undefined, null)).body, { status: 'ready' });
    const info = await call('GET', '/server_info', '/server_info', undefined, null);
    assert.equal((info.body as { title: string }).title, 'OpenHands Agent Server');
  });

  it('answers 503 initializing on /ready until startup is done', async () => {
    const slow = await FakeAgentServer.start({ initializingMs: 60_000 });
    try {
      const response = await fetch(`${slow.baseUrl}/ready`);
      const body = await response.json() as unknown;
      assert.equal(response.status, 503);
      assert.deepEqual(openApi.validateResponse('GET', '/ready', 503, body), []);
      assert.deepEqual(body, { status: 'initializing', message: 'Server is still initializing' });
    } finally {
      await slow.close();
    }
  });

  it('creates with 201, returns the existing conversation with 200, masks the key, checks auth (A3, A5)', async () => {
    assert.deepEqual((await call('POST', '/api/conversations', '/api/conversations', startRequest(), null)), { status: 401, body: { detail: 'Unauthorized' } });
    const id = crypto.randomUUID();
    const created = await call('POST', '/api/conversations', '/api/conversations', startRequest({ conversation_id: id }));
    assert.equal(created.status, 201);
    const info = created.body as { id: string; agent: { llm: { api_key: string } }; execution_status: string };
    assert.equal(info.id, id);
    assert.equal(info.agent.llm.api_key, '**********');
    assert.equal(info.execution_status, 'idle');
    assert.equal((await call('POST', '/api/conversations', '/api/conversations', startRequest({ conversation_id: id }))).status, 200);
    const hex = id.replaceAll('-', '');
    assert.equal((await call('GET', '/api/conversations/{conversation_id}', `/api/conversations/${hex}`)).status, 200, 'path ids work without dashes');
  });

  it('rejects a body the document does not allow with a FastAPI 422', async () => {
    const answer = await call('POST', '/api/conversations', '/api/conversations', startRequest({ agent: { llm: { model: 'm' } } }));
    assert.equal(answer.status, 422);
    assert.match(JSON.stringify(answer.body), /discriminator \\"kind\\"/, 'kind must be sent: AgentBase has two subclasses (A6)');
  });

  it('uses the quirky statuses for unknown ids (A5)', async () => {
    const unknown = crypto.randomUUID();
    assert.equal((await call('GET', '/api/conversations/{conversation_id}', `/api/conversations/${unknown}`)).status, 404);
    assert.deepEqual((await call('POST', '/api/conversations/{conversation_id}/pause', `/api/conversations/${unknown}/pause`)), { status: 400, body: { detail: 'Bad Request' } });
    assert.equal((await call('DELETE', '/api/conversations/{conversation_id}', `/api/conversations/${unknown}`)).status, 400);
    assert.equal((await call('POST', '/api/conversations/{conversation_id}/run', `/api/conversations/${unknown}/run`)).status, 404);
    const search = await call('GET', '/api/conversations/{conversation_id}/events/search', `/api/conversations/${unknown}/events/search`);
    assert.deepEqual(search, { status: 404, body: { detail: `Conversation not found: ${unknown}` } });
  });

  it('runs, answers 409 while running, and pages events exactly as A7 says', async () => {
    const id = (await call('POST', '/api/conversations', '/api/conversations', startRequest())).body as { id: string };
    const base = `/api/conversations/${id.id}`;
    await runToFinish(id.id, 'one');
    const conversation = server.find(id.id)!;
    assert.ok(conversation.events.length >= 7);

    const page = await call('GET', '/api/conversations/{conversation_id}/events/search', `${base}/events/search?limit=3`);
    const first = page.body as { items: { id: string }[]; next_page_id: string };
    assert.equal(first.items.length, 3);
    assert.equal(first.next_page_id, conversation.events[3]!.id, 'next_page_id is the id of the first event not returned');
    const second = (await call('GET', '/api/conversations/{conversation_id}/events/search', `${base}/events/search?limit=3&page_id=${first.next_page_id}`)).body as { items: { id: string }[] };
    assert.equal(second.items[0]!.id, first.next_page_id, 'page_id is inclusive');
    const unknownPage = (await call('GET', '/api/conversations/{conversation_id}/events/search', `${base}/events/search?limit=1&page_id=nope`)).body as { items: { id: string }[] };
    assert.equal(unknownPage.items[0]!.id, conversation.events[0]!.id, 'an unknown page_id starts from the beginning');
    const descending = (await call('GET', '/api/conversations/{conversation_id}/events/search', `${base}/events/search?sort_order=TIMESTAMP_DESC&limit=1`)).body as { items: { id: string }[] };
    assert.equal(descending.items[0]!.id, conversation.events.at(-1)!.id);

    const short = await call('GET', '/api/conversations/{conversation_id}/events/count', `${base}/events/count?kind=MessageEvent`);
    assert.equal(short.body, 0, 'the short kind name matches nothing (A7 quirk)');
    const qualified = await call('GET', '/api/conversations/{conversation_id}/events/count', `${base}/events/count?kind=openhands.sdk.event.llm_convertible.message.MessageEvent`);
    assert.equal(qualified.body, 2);
    assert.equal((await call('GET', '/api/conversations/{conversation_id}/events/count', `${base}/events/count?source=user`)).body, 1);
    assert.equal((await call('GET', '/api/conversations/{conversation_id}/events/count', `${base}/events/count?body=DONE%20ONE`)).body, 1);
    assert.equal((await call('GET', '/api/conversations/{conversation_id}/events/search', `${base}/events/search?limit=101`)).status, 500, 'limit > 100 trips an assert (A4)');
    assert.equal((await call('GET', '/api/conversations/{conversation_id}/events/search', `${base}/events/search?limit=0`)).status, 422);

    const eventId = conversation.events[1]!.id;
    assert.equal(((await call('GET', '/api/conversations/{conversation_id}/events/{event_id}', `${base}/events/${eventId}`)).body as { id: string }).id, eventId);
    assert.equal((await call('GET', '/api/conversations/{conversation_id}/events/{event_id}', `${base}/events/nope`)).status, 500, 'an unknown event id is a KeyError (A5)');

    conversation.sendMessage('hang', false);
    assert.equal((await call('POST', '/api/conversations/{conversation_id}/run', `${base}/run`)).status, 200);
    assert.deepEqual(await call('POST', '/api/conversations/{conversation_id}/run', `${base}/run`), { status: 409, body: { detail: 'Conversation already running. Wait for completion or pause first.' } });
    assert.equal((await call('POST', '/api/conversations/{conversation_id}/pause', `${base}/pause`)).status, 200);
    assert.equal((await call('POST', '/api/conversations/{conversation_id}/confirmation_policy', `${base}/confirmation_policy`, { policy: { kind: 'AlwaysConfirm' } })).status, 200);
    assert.equal((await call('POST', '/api/conversations/{conversation_id}/events/respond_to_confirmation', `${base}/events/respond_to_confirmation`, { accept: false })).status, 200);
    assert.equal((await call('DELETE', '/api/conversations/{conversation_id}', base)).status, 200);
  });

  it('sends the unstored full_state first on the socket, honours resend_all, and validates every frame (A8)', async () => {
    const id = ((await call('POST', '/api/conversations', '/api/conversations', startRequest())).body as { id: string }).id;
    await runToFinish(id, 'three');
    const stored = server.find(id)!.events;
    const frames = await collectFrames(`${server.baseUrl.replace('http', 'ws')}/sockets/events/${id}?session_api_key=${KEY}&resend_all=true`, stored.length + 1);

    assert.equal(frames[0]!.kind, 'ConversationStateUpdateEvent');
    assert.equal(frames[0]!.key, 'full_state');
    assert.ok(!stored.some((event) => event.id === frames[0]!.id), 'the snapshot is not stored');
    assert.deepEqual(frames.slice(1).map((frame) => frame.id), stored.map((event) => event.id));
    for (const frame of frames) assert.deepEqual(openApi.validateComponent('Event', frame), [], `${String(frame.kind)} frame`);
  });

  it('refuses a bad key at the handshake with 403 and closes an unknown conversation with 4004 (A3, A8)', async () => {
    const base = server.baseUrl.replace('http', 'ws');
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${base}/sockets/events/${crypto.randomUUID()}?session_api_key=wrong`);
      socket.on('unexpected-response', (_request, response) => { resolve(response.statusCode ?? 0); socket.terminate(); });
      socket.on('error', () => {});
    });
    assert.equal(refused, 403);
    const closed = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${base}/sockets/events/${crypto.randomUUID()}`, { headers: { 'X-Session-API-Key': KEY } });
      socket.on('close', (code) => resolve(code));
      socket.on('error', () => {});
    });
    assert.equal(closed, 4004);
  });
});

/** Opens a socket and resolves with its first `count` frames, parsed. */
function collectFrames(url: string, count: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const frames: Record<string, unknown>[] = [];
    const socket = new WebSocket(url);
    const timer = setTimeout(() => { socket.terminate(); reject(new Error(`got ${frames.length} of ${count} frames`)); }, 5_000);
    socket.on('message', (data) => {
      frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
      if (frames.length < count) return;
      clearTimeout(timer);
      socket.close();
      resolve(frames);
    });
    socket.on('error', reject);
  });
}
