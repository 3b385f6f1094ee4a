import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { createLinearTracker } from '../../../../../host/tracker/linear/linearTracker.ts';
import { LinearTrackerError } from '../../../../../host/tracker/linear/linearTrackerError.ts';
import { API_KEY, PROJECT_SLUG, failure, linearFixture } from './linearFixture.ts';
import type { LinearFixture } from './linearFixture.ts';

/** A fixture with three issues in the project. */
async function fixtureWith(t: TestContext, options: Parameters<typeof linearFixture>[2] = {}): Promise<LinearFixture> {
  return linearFixture(t, ({ graph, project }) => graph.addIssues(3, { project }), options);
}

describe('Linear adapter: error categories', () => {
  test('missing_tracker_api_key when the key is missing or blank, before any request', () => {
    for (const apiKey of [null, undefined, '', '   ']) {
      assert.throws(() => createLinearTracker({ apiKey, projectSlug: PROJECT_SLUG }), (error: LinearTrackerError) => {
        assert.equal(error.code, 'missing_tracker_api_key');
        assert.match(error.message, /tracker\.api_key.*LINEAR_API_KEY/);
        return true;
      });
    }
  });

  test('missing_tracker_project_slug when tracker.project_slug is missing or blank', () => {
    for (const projectSlug of [null, '', ' ']) {
      assert.throws(() => createLinearTracker({ apiKey: API_KEY, projectSlug }), { code: 'missing_tracker_project_slug' });
    }
  });

  test('linear_project_not_found when no project has the slug', async (t) => {
    const { tracker } = await fixtureWith(t, { projectSlug: 'nosuchslug00' });
    const error = await failure(tracker.fetchAllIssues());
    assert.equal(error.code, 'linear_project_not_found');
    assert.match(error.message, /"nosuchslug00"/);
  });

  test('linear_api_request when Linear cannot be reached', async (t) => {
    const { tracker, server } = await fixtureWith(t);
    await server.close();
    const error = await failure(tracker.fetchAllIssues());
    assert.equal(error.code, 'linear_api_request');
    assert.match(error.message, /tracker\.endpoint/);
  });

  test('linear_api_request when no complete answer arrives within the timeout (on the injected clock)', async (t) => {
    const { tracker, server, clock } = await fixtureWith(t, { timeoutMs: 30_000 });
    server.failNext({ kind: 'hang' });
    const pending = failure(tracker.fetchAllIssues());
    await server.waitForRequests(1);
    clock.advance(30_000);
    const error = await pending;
    assert.equal(error.code, 'linear_api_request');
    assert.match(error.message, /no complete answer within 30000 ms/);
  });

  test('linear_api_status for an HTTP error status, with advice by kind', async (t) => {
    const { tracker, server, clock } = await fixtureWith(t);
    server.failNext({ kind: 'http_status', status: 502 });
    const error = await failure(tracker.fetchAllIssues()) as LinearTrackerError;
    assert.deepEqual({ code: error.code, status: error.status }, { code: 'linear_api_status', status: 502 });
    assert.match(error.message, /HTTP 502.*next poll retries/);
    clock.advance(1_000);
    assert.equal((await tracker.fetchAllIssues()).length, 3, 'the next read recovers');
  });

  test('linear_api_status naming the key when Linear rejects the credential', async (t) => {
    const { tracker } = await fixtureWith(t, { serverKey: 'lin_api_a_different_key' });
    const error = await failure(tracker.fetchAllIssues());
    assert.equal(error.code, 'linear_api_status');
    assert.match(error.message, /AUTHENTICATION_ERROR.*Check tracker\.api_key/);
  });

  test('linear_graphql_errors when HTTP 200 carries top-level errors', async (t) => {
    const { tracker, server } = await fixtureWith(t);
    server.failNext({ kind: 'graphql_error', message: 'Field not accessible for this key' });
    const error = await failure(tracker.fetchAllIssues());
    assert.equal(error.code, 'linear_graphql_errors');
    assert.match(error.message, /Field not accessible for this key \(INVALID_INPUT\)/);
  });

  test('linear_unknown_payload for a body that is not JSON, and for JSON without data', async (t) => {
    const { tracker, server } = await fixtureWith(t);
    server.failNext({ kind: 'not_json' });
    assert.equal((await failure(tracker.fetchAllIssues())).code, 'linear_unknown_payload');
    server.failNext({ kind: 'no_data' });
    assert.equal((await failure(tracker.fetchAllIssues())).code, 'linear_unknown_payload');
  });

  test('every failure rejects with a LinearTrackerError; a disposed tracker aborts its request in flight', async (t) => {
    const { tracker, server } = await fixtureWith(t);
    server.failNext({ kind: 'hang' });
    const pending = failure(tracker.fetchAllIssues());
    await server.waitForRequests(1);
    tracker.dispose();
    const error = await pending;
    assert.ok(error instanceof LinearTrackerError);
    assert.equal(error.code, 'linear_api_request');
    assert.match(error.message, /disposed/);
  });
});

describe('Linear adapter: the API key stays secret', () => {
  test('the key appears in no error message, error object, log line or stats, whatever fails', async (t) => {
    // Every sync is a full one here, so every fault meets a page with issues on it.
    const { tracker, server, clock, logs } = await fixtureWith(t, { timeoutMs: 1_000, fullResyncIntervalMs: 1 });
    const errors: Error[] = [];
    const faults = [
      { kind: 'graphql_error', message: `token ${API_KEY} is not allowed here` },
      { kind: 'http_status', status: 500 },
      { kind: 'not_json' },
      { kind: 'drop_end_cursor' },
      { kind: 'malformed_issue', field: 'id' },
      { kind: 'rate_limited', retryAfterSeconds: 5 },
    ] as const;
    for (const fault of faults) {
      server.failNext(fault);
      errors.push(await failure(tracker.fetchAllIssues()));
    }
    errors.push(await failure(tracker.fetchAllIssues())); // refused locally while backing off
    clock.advance(10_000);
    server.failNext({ kind: 'hang' });
    const timedOut = failure(tracker.fetchAllIssues());
    await server.waitForRequests(faults.length + 1);
    clock.advance(1_000);
    errors.push(await timedOut);
    const badKey = await linearFixture(t, () => {}, { serverKey: 'lin_api_other' });
    errors.push(await failure(badKey.tracker.fetchAllIssues()));
    assert.deepEqual(errors.map((error) => (error as LinearTrackerError).code), [
      'linear_graphql_errors', 'linear_api_status', 'linear_unknown_payload', 'linear_missing_end_cursor', 'linear_malformed_issue',
      'tracker_rate_limited', 'tracker_rate_limited', 'linear_api_request', 'linear_api_status',
    ]);
    for (const error of errors) {
      assert.ok(!error.message.includes(API_KEY), `message leaks the key: ${error.message}`);
      assert.ok(!inspect(error, { depth: 8 }).includes(API_KEY), `error object leaks the key: ${error.message}`);
    }
    assert.match(errors[0]!.message, /token \[redacted\] is not allowed/);
    assert.ok(logs.length > 0, 'the rate limit was logged');
    assert.ok(!logs.join('\n').includes(API_KEY));
    assert.ok(!JSON.stringify(tracker.stats()).includes(API_KEY));
  });
});
