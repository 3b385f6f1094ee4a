// A dependency-free mock of the OpenAI Responses API (`POST /v1/responses`, SSE) for driving the
// real `codex app-server` offline. Stateless per request, as described in
// reference/codex/OFFLINE-HARNESS-NOTES.md §3: the newest input item decides the reply.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Error modes: HTTP 500, an SSE `response.failed`, or a stream that never completes. */
export type MockFailureMode = 'http500' | 'failed' | 'hang';

/** Any tool call: a JSON-arguments function tool, or a freeform `custom` tool such as apply_patch. */
export type MockToolCall =
  | { type: 'function'; name: string; arguments: Record<string, unknown> }
  | { type: 'custom'; name: string; input: string };

/** How the mock model behaves; every field may be replaced between turns. */
export interface MockResponsesScript {
  /** Shell command the model runs for this prompt; null answers with the final text at once. */
  command: (userText: string) => string | null;
  /** When it returns a call, that call is made instead of the shell command. */
  toolCall?: (userText: string) => MockToolCall | null;
  /** The final assistant message, after the tool output came back (toolOutput null without a tool call). */
  finalText: (userText: string, toolOutput: string | null) => string;
  failure: MockFailureMode | null;
  /**
   * After the `completedCalls`-th tool output of the turn, another shell command instead of the
   * final text (several commands in one turn); null or absent ends the turn with `finalText`.
   */
  nextCommand?: (userText: string, completedCalls: number) => string | null;
  /**
   * Holds the reply after `response.created` until the promise settles (a slow model, released by
   * the test on an event it chose); null or absent replies at once.
   */
  hold?: (userText: string) => Promise<void> | null;
}

export type MockReplyKind = 'tool_call' | 'message' | MockFailureMode;

/** One request the mock received, for assertions. */
export interface RecordedResponsesRequest {
  headers: Record<string, string | string[] | undefined>;
  body: ResponsesRequestBody;
  userText: string;
  reply: MockReplyKind;
}

export interface ResponsesRequestBody {
  model?: string;
  input?: InputItem[];
  tools?: { type?: string; name?: string }[];
  [key: string]: unknown;
}

interface InputItem {
  type?: string;
  role?: string;
  content?: { type?: string; text?: string }[] | string;
  output?: unknown;
}

export interface MockResponsesServer {
  readonly port: number;
  /** What a Codex provider's `base_url` should be (Codex appends `/responses`). */
  readonly baseUrl: string;
  readonly requests: RecordedResponsesRequest[];
  script: MockResponsesScript;
  /** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_SCRIPT: MockResponsesScript = {
  command: () => 'echo hello > out.txt',
  finalText: () => 'done',
  failure: null,
};

/** Starts the mock on 127.0.0.1 with an OS-chosen port. */
export async function startMockResponsesServer(script: Partial<MockResponsesScript> = {}): Promise<MockResponsesServer> {
  const mock = new MockResponsesHttpServer({ ...DEFAULT_SCRIPT, ...script });
  await mock.listen();
  return mock;
}

class MockResponsesHttpServer implements MockResponsesServer {
  readonly requests: RecordedResponsesRequest[] = [];
  script: MockResponsesScript;
  port = 0;
  private readonly server = createServer((request, response) => this.onRequest(request, response));
  private readonly waiters = new Set<() => void>();
  private readonly hanging = new Set<ServerResponse>();

  constructor(script: MockResponsesScript) {
    this.script = script;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  async listen(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  waitForRequests(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.requests.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`mock Responses server saw ${this.requests.length} of ${count} requests within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    this.handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: String(error) } }));
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || !request.url?.endsWith('/responses')) {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(request)) as ResponsesRequestBody;
    const plan = planReply(body, this.script);
    this.requests.push({ headers: request.headers, body, userText: plan.userText, reply: plan.kind });
    for (const wake of [...this.waiters]) wake();
    if (plan.kind === 'http500') {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'mock internal server error', type: 'server_error' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const [created, ...rest] = sseEventsFor(plan, body, this.requests.length);
    writeSse(response, [created!]);
    const hold = plan.kind === 'hang' ? new Promise<void>(() => undefined) : this.script.hold?.(plan.userText) ?? null;
    if (hold) await this.held(response, hold);
    if (response.destroyed) return;
    writeSse(response, rest);
    response.end();
  }

  /** Waits for `hold`, or for the client to go away (a cancelled turn), or for close(). */
  private async held(response: ServerResponse, hold: Promise<void>): Promise<void> {
    this.hanging.add(response);
    try {
      await Promise.race([hold, once(response, 'close')]);
    } finally {
      this.hanging.delete(response);
    }
  }
}

function writeSse(response: ServerResponse, events: SseEvent[]): void {
  for (const [type, data] of events) response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
}

/** An apply_patch call that adds one file (the freeform tool needs a bundled model slug, e.g. gpt-5.5). */
export function applyPatchCall(path: string, content: string): MockToolCall {
  const added = content.split('\n').map((line) => `+${line}`).join('\n');
  return { type: 'custom', name: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${path}\n${added}\n*** End Patch\n` };
}

interface ReplyPlan {
  kind: MockReplyKind;
  userText: string;
  call: MockToolCall | null;
  text: string;
}

function planReply(body: ResponsesRequestBody, script: MockResponsesScript): ReplyPlan {
  const input = body.input ?? [];
  const userText = lastUserText(input);
  if (script.failure) return { kind: script.failure, userText, call: null, text: '' };
  const newest = input.at(-1);
  const isToolOutput = newest?.type === 'function_call_output' || newest?.type === 'custom_tool_call_output';
  const call = !isToolOutput && newest?.type === 'message' && newest.role === 'user' ? chooseCall(body, script, userText) : null;
  if (call !== null) return { kind: 'tool_call', userText, call, text: '' };
  const toolOutput = isToolOutput ? outputText(newest?.output) : null;
  const next = isToolOutput ? script.nextCommand?.(userText, completedCallsOfTurn(input)) ?? null : null;
  if (next !== null) return { kind: 'tool_call', userText, call: shellToolCall(body, next), text: '' };
  return { kind: 'message', userText, call: null, text: script.finalText(userText, toolOutput) };
}

function chooseCall(body: ResponsesRequestBody, script: MockResponsesScript, userText: string): MockToolCall | null {
  const scripted = script.toolCall?.(userText) ?? null;
  if (scripted) return scripted;
  const command = script.command(userText);
  return command === null ? null : shellToolCall(body, command);
}

/** Tool outputs since the newest user message: how many calls of this turn came back. */
function completedCallsOfTurn(input: InputItem[]): number {
  let count = 0;
  for (let index = input.length - 1; index >= 0; index--) {
    const item = input[index];
    if (item?.type === 'message' && item.role === 'user') break;
    if (item?.type === 'function_call_output' || item?.type === 'custom_tool_call_output') count++;
  }
  return count;
}

function lastUserText(input: InputItem[]): string {
  for (let index = input.length - 1; index >= 0; index--) {
    const item = input[index];
    if (item?.type !== 'message' || item.role !== 'user') continue;
    if (typeof item.content === 'string') return item.content;
    return (item.content ?? []).filter((part) => part.type === 'input_text').map((part) => part.text ?? '').join('\n');
  }
  return '';
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  return JSON.stringify(output ?? '');
}

type SseEvent = [type: string, data: Record<string, unknown>];

/** The event sequence of the codex repo's own SSE test builders (core/tests/common/responses.rs). */
function sseEventsFor(plan: ReplyPlan, body: ResponsesRequestBody, n: number): SseEvent[] {
  const id = `resp_mock_${n}`;
  const created: SseEvent = ['response.created', { response: { id, status: 'in_progress' } }];
  if (plan.kind === 'hang') return [created];
  if (plan.kind === 'failed') {
    return [created, ['response.failed', { response: { id, status: 'failed', error: { code: 'server_error', message: 'mock response.failed' } } }]];
  }
  const completed: SseEvent = ['response.completed', { response: { id, status: 'completed', usage: usageFor(body, plan) } }];
  return [created, ...(plan.call ? toolCallEvents(plan.call, n) : messageEvents(plan.text, n)), completed];
}

function toolCallEvents(call: MockToolCall, n: number): SseEvent[] {
  const ids = { id: `fc_mock_${n}`, call_id: `call_mock_${n}`, name: call.name, status: 'completed' };
  if (call.type === 'custom') {
    const item = { type: 'custom_tool_call', ...ids, input: call.input };
    return [
      ['response.output_item.added', { output_index: 0, item: { ...item, input: '', status: 'in_progress' } }],
      ['response.output_item.done', { output_index: 0, item }],
    ];
  }
  const args = JSON.stringify(call.arguments);
  const item = { type: 'function_call', ...ids, arguments: args };
  return [
    ['response.output_item.added', { output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } }],
    ['response.function_call_arguments.delta', { output_index: 0, item_id: item.id, delta: args }],
    ['response.function_call_arguments.done', { output_index: 0, item_id: item.id, arguments: args }],
    ['response.output_item.done', { output_index: 0, item }],
  ];
}

/** Uses whichever shell tool this Codex build advertises (`exec_command` in 0.169.0). */
function shellToolCall(body: ResponsesRequestBody, command: string): MockToolCall {
  const names = new Set((body.tools ?? []).map((tool) => tool.name));
  if (!names.has('exec_command') && names.has('shell_command')) return { type: 'function', name: 'shell_command', arguments: { command } };
  if (!names.has('exec_command') && names.has('shell')) return { type: 'function', name: 'shell', arguments: { command: ['bash', '-lc', command] } };
  return { type: 'function', name: 'exec_command', arguments: { cmd: command, yield_time_ms: 1000 } };
}

function messageEvents(text: string, n: number): SseEvent[] {
  const itemId = `msg_mock_${n}`;
  const part = { type: 'output_text', text, annotations: [] };
  const item = { type: 'message', id: itemId, role: 'assistant', status: 'completed', content: [part] };
  return [
    ['response.output_item.added', { output_index: 0, item: { ...item, content: [], status: 'in_progress' } }],
    ['response.content_part.added', { output_index: 0, item_id: itemId, content_index: 0, part: { ...part, text: '' } }],
    ['response.output_text.delta', { output_index: 0, item_id: itemId, content_index: 0, delta: text }],
    ['response.output_text.done', { output_index: 0, item_id: itemId, content_index: 0, text }],
    ['response.content_part.done', { output_index: 0, item_id: itemId, content_index: 0, part }],
    ['response.output_item.done', { output_index: 0, item }],
  ];
}

function usageFor(body: ResponsesRequestBody, plan: ReplyPlan): Record<string, unknown> {
  const inputTokens = Math.ceil(JSON.stringify(body.input ?? []).length / 4);
  const outputTokens = Math.ceil((JSON.stringify(plan.call ?? '').length + plan.text.length) / 4) + 5;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
