import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { EventEnvelope } from '../../../host/protocol/index.ts';
import type { RunRequest, RunRequestMethod, RunResult } from '../../../host/protocol/runView.ts';
import { RunController } from '../../../webviews/run/runController.ts';
import type { RunRequester } from '../../../webviews/run/runController.ts';
import { RequestError } from '../../../webviews/shared/requestBroker.ts';
import { windowEvents } from '../../../webviews/state/eventWindow.ts';
import { createRunReducer, initialRunState } from '../../../webviews/state/runState.ts';
import { Store } from '../../../webviews/state/store.ts';
import { ManualFrames } from './manualFrames.ts';
import { aDetail, anEvent } from './webviewBuilders.ts';

const target = { folder: 'file:///repo', run_id: 'run-1' };

/** Answers the panel's requests from a run of `count` events (odd seqs are approvals, the rest messages). */
class FakeHost implements RunRequester {
  readonly requests: RunRequest[] = [];
  failing = new Set<RunRequestMethod>();
  readonly events: EventEnvelope[];

  constructor(count: number) {
    this.events = Array.from({ length: count }, (_, index) => anEvent(index + 1, index % 2 === 0 ? 'approval.requested' : 'agent.message'));
  }

  async request<M extends RunRequestMethod>(request: Extract<RunRequest, { method: M }>): Promise<RunResult<M>> {
    this.requests.push(request);
    if (this.failing.has(request.method)) throw new RequestError({ code: 'gateway_unreachable', message: 'host down' });
    return this.answer(request) as RunResult<M>;
  }

  private answer(request: RunRequest): unknown {
    const head = this.events.length;
    switch (request.method) {
      case 'detail': return aDetail({ event_count: head, last_event_seq: head });
      case 'events': {
        const matching = this.events.filter((event) => !request.types || request.types.includes(event.type));
        const beyond = request.direction === 'backward'
          ? matching.filter((event) => event.seq < (request.cursor ?? Infinity))
          : matching.filter((event) => event.seq > (request.cursor ?? 0));
        const events = request.direction === 'backward' ? beyond.slice(-request.limit) : beyond.slice(0, request.limit);
        return { schema_version: 1, events, next_cursor: events[0]?.seq ?? 0, head, direction: request.direction, has_more: beyond.length > events.length };
      }
      case 'subscribe': return { cursor: request.cursor };
      case 'files': return { schema_version: 1, run_id: 'run-1', workspace_path: null, source: 'none', base_ref: null, files: [] };
      case 'logs': return { schema_version: 1, run_id: 'run-1', lines: [], next_cursor: 0, head, direction: 'backward', has_more: false };
      case 'terminal': return { text: '', truncated: false };
      case 'action': case 'decideApproval': return { schema_version: 1, action_id: 'a', correlation_id: 'c', idempotency_key: 'k', action: request.method, accepted: false, reason: 'the run already ended', expected_events: [], result: null };
      default: return { opened: true, message: null };
    }
  }

  last(method: RunRequestMethod): RunRequest | undefined {
    return this.requests.filter((request) => request.method === method).at(-1);
  }
}

function setUp(count: number) {
  const host = new FakeHost(count);
  const store = new Store(createRunReducer({ pageSize: 100, maxLoaded: 1000 }), initialRunState(), new ManualFrames().schedule);
  const controller = new RunController(store, host, { pageSize: 100, maxLoaded: 1000 });
  return { host, store, controller };
}

describe('run panel controller', () => {
  it('loads the detail and the newest page, then subscribes from where both end', async () => {
    const { host, store, controller } = setUp(5000);
    await controller.init(target);
    assert.deepEqual(host.last('events'), { method: 'events', cursor: null, direction: 'backward', limit: 100, types: null });
    assert.deepEqual(host.last('subscribe'), { method: 'subscribe', cursor: 5000 });
    const seqs = windowEvents(store.getState().timeline.window).map((event) => event.seq);
    assert.deepEqual([seqs[0], seqs.at(-1), seqs.length], [4901, 5000, 100]);
    for (const method of ['files', 'logs', 'terminal'] as const) assert.ok(host.last(method), `${method} requested`);
    controller.dispose();
  });

  it('pages older events in when the list nears the top, one request at a time', async () => {
    const { host, store, controller } = setUp(5000);
    await controller.init(target);
    controller.onViewport(true, false);
    controller.onViewport(true, false);
    assert.equal(host.requests.filter((request) => request.method === 'events').length, 2, 'a second call while loading asks nothing');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(host.last('events'), { method: 'events', cursor: 4901, direction: 'backward', limit: 100, types: null });
    assert.equal(store.getState().timeline.window.length, 200);
    controller.dispose();
  });

  it('jumps to an event that is not loaded by paging in around it', async () => {
    const { host, store, controller } = setUp(5000);
    await controller.init(target);
    controller.jumpTo(1234);
    await new Promise((resolve) => setImmediate(resolve));
    const pages = host.requests.filter((request) => request.method === 'events').slice(-2);
    assert.deepEqual(pages.map((request) => request.method === 'events' && [request.direction, request.cursor]).sort(), [['backward', 1235], ['forward', 1234]]);
    const { timeline } = store.getState();
    assert.equal(timeline.scrollRequest?.seq, 1234);
    assert.equal(timeline.hasNewer, true, 'the window no longer reaches the newest');
    assert.ok(windowEvents(timeline.window).some((event) => event.seq === 1234));
    controller.dispose();
  });

  it('asks the gateway for the selected kinds only', async () => {
    const { host, store, controller } = setUp(300);
    await controller.init(target);
    controller.setKinds(['approval']);
    await new Promise((resolve) => setImmediate(resolve));
    const request = host.last('events');
    assert.ok(request?.method === 'events' && request.types?.includes('approval.requested') && !request.types.includes('agent.message'));
    assert.ok(windowEvents(store.getState().timeline.window).every((event) => event.type === 'approval.requested'));
    controller.dispose();
  });

  it('shows a gateway error, and retries everything when the host comes back', async () => {
    const { host, store, controller } = setUp(50);
    host.failing = new Set(['detail', 'events']);
    await controller.init(target);
    assert.equal(store.getState().detail.error?.code, 'gateway_unreachable');
    assert.equal(store.getState().timeline.error?.code, 'gateway_unreachable');
    assert.equal(host.last('subscribe'), undefined, 'nothing to subscribe from');
    controller.onStream('offline', 'host stopped');
    host.failing.clear();
    controller.onStream('reconnecting', 'host is back');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.getState().detail.error, null);
    assert.equal(store.getState().timeline.window.length, 50);
    assert.deepEqual(host.last('subscribe'), { method: 'subscribe', cursor: 50 });
    controller.dispose();
  });

  it('loads again when a panel restored while the host was starting hears that the host is ready', async () => {
    const { host, store, controller } = setUp(20);
    host.failing = new Set(['detail', 'events']);
    await controller.init(target);
    host.failing.clear();
    controller.onStream('reconnecting', 'the host is ready again');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.getState().detail.value?.event_count, 20);
    assert.deepEqual(host.last('subscribe'), { method: 'subscribe', cursor: 20 });
    controller.dispose();
  });

  it('shows what an action\'s receipt said', async () => {
    const { store, controller } = setUp(10);
    await controller.runAction('cancel');
    assert.deepEqual(store.getState().outcomes.map((outcome) => [outcome.label, outcome.status, outcome.message]), [['Cancel', 'rejected', 'the run already ended']]);
    controller.dispose();
  });
});
