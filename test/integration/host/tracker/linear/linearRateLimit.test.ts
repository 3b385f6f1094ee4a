import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LinearTrackerError } from '../../../../../host/tracker/linear/linearTrackerError.ts';
import { failure, linearFixture } from './linearFixture.ts';

const rateLimited = async (promise: Promise<unknown>) => (await failure(promise)) as LinearTrackerError;

describe('Linear adapter: rate limits', () => {
  test('RATELIMITED (HTTP 400) backs off until the reset header: no request before it, the same error meanwhile', async (t) => {
    const { tracker, server, clock, requestCount } = await linearFixture(t, ({ graph, project }) => graph.addIssues(2, { project }));
    const resetAt = clock.now() + 120_000;
    server.failNext({ kind: 'rate_limited', resetAt });
    const first = await rateLimited(tracker.fetchAllIssues());
    assert.deepEqual({ code: first.code, status: first.status, retryAt: first.retryAt }, { code: 'tracker_rate_limited', status: 400, retryAt: resetAt });
    assert.match(first.message, new RegExp(new Date(resetAt).toISOString()));
    assert.equal(requestCount(), 1);

    clock.advance(119_999);
    const meanwhile = await rateLimited(tracker.fetchIssuesByIds(['any-id']));
    assert.deepEqual({ code: meanwhile.code, retryAt: meanwhile.retryAt }, { code: 'tracker_rate_limited', retryAt: resetAt });
    assert.equal(requestCount(), 1, 'nothing is sent before the reset');

    clock.advance(1);
    assert.equal((await tracker.fetchAllIssues()).length, 2);
    assert.equal(requestCount(), 2);
  });

  test('reset headers in epoch seconds are honoured like milliseconds', async (t) => {
    const { tracker, server, clock } = await linearFixture(t);
    const resetSeconds = Math.floor(clock.now() / 1000) + 300;
    server.failNext({ kind: 'rate_limited', resetAt: resetSeconds });
    assert.equal((await rateLimited(tracker.fetchAllIssues())).retryAt, resetSeconds * 1000);
  });

  test('HTTP 429 with Retry-After backs off for that many seconds', async (t) => {
    const { tracker, server, clock, requestCount } = await linearFixture(t);
    const now = clock.now();
    server.failNext({ kind: 'rate_limited', status: 429, retryAfterSeconds: 30 });
    const error = await rateLimited(tracker.fetchAllIssues());
    assert.deepEqual({ code: error.code, status: error.status, retryAt: error.retryAt }, { code: 'tracker_rate_limited', status: 429, retryAt: now + 30_000 });
    clock.advance(29_000);
    await rateLimited(tracker.fetchAllIssues());
    clock.advance(1_000);
    await tracker.fetchAllIssues();
    assert.equal(requestCount(), 2);
  });

  test('a bare HTTP 429 without any rate-limit header backs off one minute', async (t) => {
    const { tracker, server, clock } = await linearFixture(t);
    const now = clock.now();
    server.failNext({ kind: 'rate_limited', status: 429, withoutHeaders: true });
    assert.equal((await rateLimited(tracker.fetchAllIssues())).retryAt, now + 60_000);
  });

  test('stats show the backoff, the last rate-limit headers and the failure, without counting refused calls as requests', async (t) => {
    const { tracker, server, clock } = await linearFixture(t);
    const resetAt = clock.now() + 90_000;
    server.failNext({ kind: 'rate_limited', resetAt });
    await rateLimited(tracker.fetchAllIssues());
    await rateLimited(tracker.fetchAllIssues());
    const stats = tracker.stats();
    assert.equal(stats.rate_limited_until, new Date(resetAt).toISOString());
    assert.deepEqual(stats.rate_limit?.requests, { limit: 2500, remaining: 0, reset_at: resetAt });
    assert.deepEqual({ requests: stats.requests, failed: stats.failed_requests, last: stats.last_error?.code }, { requests: 1, failed: 1, last: 'tracker_rate_limited' });
    clock.advance(90_000);
    await tracker.fetchAllIssues();
    assert.equal(tracker.stats().rate_limited_until, null);
  });
});
