// Browser side of the long-history check (test/e2e/longHistory.ts), bundled before the run panel's
// own bundle: a stand-in for VS Code's `acquireVsCodeApi` that answers the panel's bridge requests
// from a generated run of TOTAL events (deterministic, seq 1..TOTAL), relays a trickle of live
// events, and records main-thread blocking (Long Tasks API, and the longest gap between frames).
import type { EventEnvelope } from '../../host/protocol/envelope.ts';
import type { RunRequest } from '../../host/protocol/runView.ts';

export interface LongHistoryMetrics {
  /** Every task of 50 ms or more: when it started (ms since the page's time origin) and how long it ran. */
  longTasks: { start: number; duration: number }[];
  maxFrameGapMs: number;
  requests: number;
  live: number;
}

declare global {
  interface Window {
    acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
    longHistory: LongHistoryMetrics;
    longHistoryTotal: number;
  }
}

const TOTAL = window.longHistoryTotal;
const LIVE_INTERVAL_MS = 250;
const target = { folder: 'file:///long-history', run_id: 'run-long' };
const types = ['agent.message', 'agent.item', 'tokens.updated', 'turn.started', 'approval.requested', 'custom.unknown_kind'] as const;
let head = TOTAL;
const metrics: LongHistoryMetrics = { longTasks: [], maxFrameGapMs: 0, requests: 0, live: 0 };
window.longHistory = metrics;

new PerformanceObserver((list) => { for (const entry of list.getEntries()) metrics.longTasks.push({ start: entry.startTime, duration: entry.duration }); }).observe({ type: 'longtask', buffered: true });
let lastFrame = performance.now();
const onFrame = (now: number) => { metrics.maxFrameGapMs = Math.max(metrics.maxFrameGapMs, now - lastFrame); lastFrame = now; requestAnimationFrame(onFrame); };
requestAnimationFrame(onFrame);

function eventAt(seq: number): EventEnvelope {
  const type = types[seq % types.length]!;
  const payloads: Record<(typeof types)[number], Record<string, unknown>> = {
    'agent.message': { text: `Step ${seq}: reading the code around module ${seq % 97} and planning the next change.` },
    'agent.item': { item: { type: 'commandExecution', command: `rg -n "symbol${seq % 31}" src/`, exitCode: seq % 13 === 0 ? 1 : 0 } },
    'tokens.updated': { total_tokens: seq * 17, input_tokens: seq * 12, output_tokens: seq * 5 },
    'turn.started': { turn_number: Math.floor(seq / 1000) + 1 },
    'approval.requested': { approval: { id: `approval-${seq}`, state: 'approved', kind: 'command', command: `make test-${seq % 7}`, files: [] } },
    'custom.unknown_kind': { detail: { nested: [seq, seq + 1], note: 'a kind this client does not know' } },
  };
  return {
    id: `event-${seq}`, seq, schema_version: 1, type, timestamp: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
    actor: { kind: 'agent' }, correlation_id: null, entity_refs: [{ kind: 'run', id: target.run_id }], summary: `${type} ${seq}`, payload: payloads[type], raw_ref: null,
  };
}

function page(request: Extract<RunRequest, { method: 'events' }>) {
  const events: EventEnvelope[] = [];
  const wanted = (seq: number) => !request.types || request.types.includes(types[seq % types.length]!);
  let seq = request.direction === 'backward' ? (request.cursor ? request.cursor - 1 : head) : (request.cursor ?? 0) + 1;
  const step = request.direction === 'backward' ? -1 : 1;
  for (; seq >= 1 && seq <= head && events.length < request.limit; seq += step) if (wanted(seq)) events.push(eventAt(seq));
  if (step < 0) events.reverse();
  const hasMore = step < 0 ? seq >= 1 : seq <= head;
  return { schema_version: 1, events, next_cursor: step < 0 ? events[0]?.seq ?? 0 : events.at(-1)?.seq ?? request.cursor ?? 0, head, direction: request.direction, has_more: hasMore };
}

const run = {
  id: target.run_id, issue_id: 'issue-long', issue_identifier: 'LONG-1', state: 'running', attempt: null, workspace_path: '/tmp/long', terminal_stream_id: target.run_id,
  thread_id: 'thread-long', turn_count: 42, max_turns: 100, queued_at: '2025-01-01T00:00:00.000Z', started_at: '2025-01-01T00:00:01.000Z', ended_at: null, error: null,
  tokens: { input_tokens: 1_200_000, output_tokens: 500_000, total_tokens: 1_700_000 },
};

function answer(request: RunRequest): unknown {
  switch (request.method) {
    case 'detail': return {
      schema_version: 1, run, issue: null, workspace: { path: '/tmp/long', branch: null }, harness: { kind: 'codex', session_id: 'thread-long' }, approvals: [],
      terminal_stream_id: target.run_id, event_count: head, last_event_seq: head, cost_usd: null, validation: null, tracker_url: null,
    };
    case 'events': return page(request);
    case 'subscribe': setInterval(() => { head += 1; metrics.live += 1; deliver({ type: 'events', events: [eventAt(head)] }); }, LIVE_INTERVAL_MS); return { cursor: request.cursor };
    case 'files': return { schema_version: 1, run_id: target.run_id, workspace_path: '/tmp/long', source: 'events', base_ref: null, files: [{ path: 'src/module.ts', status: 'modified' }] };
    case 'logs': return { schema_version: 1, run_id: target.run_id, lines: [], next_cursor: 0, head, direction: 'backward', has_more: false };
    case 'terminal': return { text: '$ make test\nok', truncated: false };
    default: return { opened: false, message: 'not in the long-history check' };
  }
}

function deliver(message: unknown): void {
  window.postMessage(message, '*');
}

let state: unknown;
window.acquireVsCodeApi = () => ({
  postMessage: (message: unknown) => {
    const typed = message as { type: string; id?: number; request?: RunRequest };
    if (typed.type === 'ready') deliver({ type: 'init', target });
    if (typed.type === 'request' && typed.request) {
      metrics.requests += 1;
      const reply = { type: 'response', id: typed.id, ok: true, result: answer(typed.request) };
      setTimeout(() => deliver(reply), 0);
      if (typed.request.method === 'subscribe') setTimeout(() => deliver({ type: 'stream', status: 'live', message: null }), 0);
    }
  },
  getState: () => state,
  setState: (next: unknown) => { state = next; },
});
