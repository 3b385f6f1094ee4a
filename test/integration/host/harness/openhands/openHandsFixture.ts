import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalRequest, HarnessEvent, SessionOptions } from '../../../../../host/harness/harnessAdapter.ts';
import { createOpenHandsAdapter } from '../../../../../host/harness/openhands/openHandsAdapter.ts';
import type { OpenHandsAdapterOptions } from '../../../../../host/harness/openhands/openHandsAdapter.ts';
import type { OpenHandsSession } from '../../../../../host/harness/openhands/openHandsSession.ts';
import { anIssue } from '../../../../fakes/issueBuilder.ts';
import { FakeAgentServer } from '../../../../fakes/openhands/fakeAgentServer.ts';
import type { FakeAgentServerOptions } from '../../../../fakes/openhands/fakeAgentServer.ts';
import type { FakeConversation } from '../../../../fakes/openhands/fakeConversation.ts';
import { createRecordingSink } from '../recordingSink.ts';
import type { RecordingSink, ScriptedAnswer } from '../recordingSink.ts';

export const TEST_SESSION_KEY = 'test-session-key';

/** Everything one OpenHands adapter test needs, private to that test. */
export interface OpenHandsFixture {
  server: FakeAgentServer;
  workspace: string;
  sink: RecordingSink;
  sessionAbort: AbortController;
  /** Resolves once `check` holds, re-checked on every sink event; rejects after the bound. */
  waitForSink(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves once `check` holds for the only conversation, re-checked on every frame it publishes. */
  waitForConversation(check: (conversation: FakeConversation) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** A session with the fixture's adapter settings, `overrides` replacing some; `session` adds session options (e.g. resume). */
  startSession(overrides?: Partial<OpenHandsAdapterOptions>, session?: Partial<SessionOptions>): Promise<OpenHandsSession>;
}

export interface OpenHandsFixtureOptions {
  server?: FakeAgentServerOptions;
  decide?: (request: ApprovalRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;
}

/**
 * Runs `body` against a fresh fake agent-server; afterwards disposes the sessions, closes the
 * server and asserts that every response and frame the fake served matched the pinned OpenAPI.
 */
export async function withOpenHandsFixture(options: OpenHandsFixtureOptions, body: (fixture: OpenHandsFixture) => Promise<void>): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'opensymphony-openhands-'));
  const server = await FakeAgentServer.start({ sessionApiKeys: [TEST_SESSION_KEY], ...options.server });
  const sessions: OpenHandsSession[] = [];
  const sessionAbort = new AbortController();
  const sinkListeners = new Set<() => void>();
  const recording = createRecordingSink(options.decide);
  const sink: RecordingSink = { ...recording, event: (event) => { recording.event(event); for (const listener of [...sinkListeners]) listener(); } };
  const adapterOptions = (overrides: Partial<OpenHandsAdapterOptions> = {}): OpenHandsAdapterOptions => ({
    baseUrl: server.baseUrl,
    sessionApiKey: TEST_SESSION_KEY,
    llm: { model: 'openai/fake-model', apiKey: 'sk-test-not-a-secret' },
    confirmationMode: false,
    readTimeoutMs: 2_000,
    turnTimeoutMs: 10_000,
    readyTimeoutMs: 2_000,
    reconnect: { initialMs: 5, maxMs: 50 },
    ...overrides,
  });
  try {
    const startSession = async (overrides: Partial<OpenHandsAdapterOptions> = {}, extra: Partial<SessionOptions> = {}): Promise<OpenHandsSession> => {
      const adapter = createOpenHandsAdapter(adapterOptions(overrides));
      const session = await adapter.startSession({ issue: anIssue({ identifier: 'OS-1' }), workspacePath: workspace, sink, signal: sessionAbort.signal, ...extra });
      sessions.push(session as OpenHandsSession);
      return session as OpenHandsSession;
    };
    const waitForSink = (check: () => boolean, what: string, timeoutMs?: number): Promise<void> => waitUntil(check, (listener) => {
      sinkListeners.add(listener);
      return () => sinkListeners.delete(listener);
    }, what, timeoutMs);
    const waitForConversation = (check: (conversation: FakeConversation) => boolean, what: string, timeoutMs?: number): Promise<void> => {
      const conversation = server.onlyConversation();
      return waitUntil(() => check(conversation), (listener) => conversation.subscribe({ send: listener }), what, timeoutMs);
    };
    await body({ server, workspace, sink, sessionAbort, waitForSink, waitForConversation, startSession });
  } finally {
    for (const session of sessions) await session.dispose();
    await server.close();
    rmSync(workspace, { recursive: true, force: true });
  }
  assert.deepEqual(server.schemaViolations, [], 'the fake served something its OpenAPI does not allow');
}

/** Resolves once `check` holds, re-checking whenever `subscribe`'s source fires; rejects after `timeoutMs`. */
export function waitUntil(check: () => boolean, subscribe: (listener: () => void) => () => void, what: string, timeoutMs = 5_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { unsubscribe(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** Sink events that carry a wire event id, keyed by that id. */
export function eventsById(events: readonly HarnessEvent[]): Map<string, HarnessEvent[]> {
  const byId = new Map<string, HarnessEvent[]>();
  for (const event of events) {
    const id = event.payload.event_id;
    if (typeof id !== 'string') continue;
    byId.set(id, [...(byId.get(id) ?? []), event]);
  }
  return byId;
}

/** Delivery figures of the stored events: how many the fake stored, reached the sink, and arrived twice. */
export function deliveryFigures(server: FakeAgentServer, sink: RecordingSink): { sent: number; received: number; duplicates: number; missing: string[] } {
  const stored = server.onlyConversation().events;
  const byId = eventsById(sink.events);
  const missing = stored.filter((event) => !byId.has(event.id)).map((event) => `${event.kind} ${event.id}`);
  const duplicates = stored.reduce((sum, event) => sum + Math.max(0, (byId.get(event.id)?.length ?? 0) - 1), 0);
  return { sent: stored.length, received: stored.length - missing.length, duplicates, missing };
}
