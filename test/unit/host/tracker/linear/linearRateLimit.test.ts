import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rateLimitResumeAt, readRateLimitInfo } from '../../../../../host/tracker/linear/linearRateLimit.ts';

const NOW = Date.parse('2026-11-21T12:00:00Z');

describe('Linear rate-limit headers', () => {
  test('reads both budgets, the endpoint budget, X-Complexity and Retry-After; resets in seconds become ms', () => {
    const info = readRateLimitInfo({
      'x-ratelimit-requests-limit': '2500', 'x-ratelimit-requests-remaining': '12', 'x-ratelimit-requests-reset': String(NOW + 5_000),
      'x-ratelimit-complexity-limit': '3000000', 'x-ratelimit-complexity-remaining': '0', 'x-ratelimit-complexity-reset': String((NOW + 60_000) / 1000),
      'x-complexity': '412', 'retry-after': '7',
    });
    assert.deepEqual(info, {
      requests: { limit: 2500, remaining: 12, reset_at: NOW + 5_000 },
      complexity: { limit: 3_000_000, remaining: 0, reset_at: NOW + 60_000 },
      endpoint: { limit: null, remaining: null, reset_at: null },
      query_complexity: 412,
      retry_after_seconds: 7,
    });
  });

  test('missing, empty and non-numeric headers read as null', () => {
    const info = readRateLimitInfo({ 'x-complexity': '', 'x-ratelimit-requests-limit': 'lots' });
    assert.equal(info.query_complexity, null);
    assert.equal(info.requests.limit, null);
  });
});

describe('when requests may resume', () => {
  const at = (headers: Record<string, string>) => rateLimitResumeAt(readRateLimitInfo(headers), NOW) - NOW;

  test('Retry-After wins over reset headers', () => {
    assert.equal(at({ 'retry-after': '30', 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(NOW + 600_000) }), 30_000);
  });

  test('otherwise the latest reset among exhausted budgets, ignoring budgets that still have room', () => {
    assert.equal(at({
      'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(NOW + 120_000),
      'x-ratelimit-complexity-remaining': '500', 'x-ratelimit-complexity-reset': String(NOW + 900_000),
    }), 120_000);
  });

  test('when no budget says it is exhausted, the latest reset of any', () => {
    assert.equal(at({ 'x-ratelimit-requests-reset': String(NOW + 20_000), 'x-ratelimit-endpoint-requests-reset': String(NOW + 40_000) }), 40_000);
  });

  test('no usable header: one minute; a reset in the past: one second; a reset beyond an hour: one hour', () => {
    assert.equal(at({}), 60_000);
    assert.equal(at({ 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(NOW - 5_000) }), 1_000);
    assert.equal(at({ 'retry-after': '86400' }), 3_600_000);
  });
});
