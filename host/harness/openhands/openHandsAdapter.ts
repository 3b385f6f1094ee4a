import { systemClock } from '../../base/clock.ts';
import type { Clock } from '../../base/clock.ts';
import type { BackoffOptions } from '../../client/backoff.ts';
import type { HarnessAdapter, HarnessSession, SessionOptions } from '../harnessAdapter.ts';
import { DEFAULT_RECONNECT_BACKOFF } from './conversationEventStream.ts';
import { OPENHANDS_CAPABILITIES, OpenHandsSession } from './openHandsSession.ts';
import type { OpenHandsSessionConfig } from './openHandsSession.ts';

/** WORKFLOW.md `openhands.*` settings the adapter needs. */
export interface OpenHandsAdapterOptions {
  /** The agent-server, e.g. `http://127.0.0.1:8000` (a path part is its root path). */
  baseUrl: string;
  /** Sent as `X-Session-API-Key`; null when the server has no keys configured. */
  sessionApiKey: string | null;
  /** The agent's LLM; `apiKey` goes to the server in the create request and is masked in its answers. */
  llm: { model: string; baseUrl?: string | null; apiKey?: string | null };
  /** True: every action waits for a human (`AlwaysConfirm`); false: `NeverConfirm`. */
  confirmationMode: boolean;
  /** Limit for each REST request. */
  readTimeoutMs: number;
  /** Silence limit inside a turn: reset by every event, paused while a human decides. */
  turnTimeoutMs: number;
  /** Readiness barrier per WebSocket connection (A9: 30 s). */
  readyTimeoutMs?: number;
  /** Reconnect backoff of the event socket (default 1 s doubling to 30 s). */
  reconnect?: Partial<BackoffOptions>;
  /** Agent steps per run (`max_iterations`, default 500). */
  maxIterations?: number;
  /** Tool registry names (default terminal, file_editor, task_tracker). */
  tools?: string[];
  /** Delete the conversation on the server when the session ends (default false: its history stays). */
  deleteConversationOnDispose?: boolean;
  clock?: Clock;
}

const DEFAULT_READY_TIMEOUT_MS = 30_000;
const DEFAULT_TOOLS = ['terminal', 'file_editor', 'task_tracker'];

/** The OpenHands agent-server harness: one conversation per session, REST + WebSocket. */
export function createOpenHandsAdapter(options: OpenHandsAdapterOptions): HarnessAdapter {
  const config: OpenHandsSessionConfig = {
    baseUrl: options.baseUrl,
    sessionApiKey: options.sessionApiKey,
    llm: { model: options.llm.model, baseUrl: options.llm.baseUrl ?? null, apiKey: options.llm.apiKey ?? null },
    confirmationMode: options.confirmationMode,
    readTimeoutMs: options.readTimeoutMs,
    turnTimeoutMs: options.turnTimeoutMs,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    reconnect: { ...DEFAULT_RECONNECT_BACKOFF, ...options.reconnect },
    maxIterations: options.maxIterations ?? 500,
    tools: options.tools ?? DEFAULT_TOOLS,
    deleteConversationOnDispose: options.deleteConversationOnDispose ?? false,
    clock: options.clock ?? systemClock,
  };
  return {
    kind: 'openhands',
    capabilities: OPENHANDS_CAPABILITIES,
    startSession: (session: SessionOptions): Promise<HarnessSession> => OpenHandsSession.start(config, session),
  };
}
