import type { IncomingHttpHeaders } from 'node:http';

/** One of Linear's hourly budgets, as its response headers report it. */
export interface RateLimitBudget {
  limit: number | null;
  remaining: number | null;
  /** When the budget is full again (epoch ms), or null when not reported. */
  reset_at: number | null;
}

/** What Linear's `X-RateLimit-*`, `X-Complexity` and `Retry-After` headers said about one response. */
export interface RateLimitInfo {
  requests: RateLimitBudget;
  complexity: RateLimitBudget;
  endpoint: RateLimitBudget;
  /** Cost of this query in complexity points (`X-Complexity`). */
  query_complexity: number | null;
  /** `Retry-After`, in seconds. */
  retry_after_seconds: number | null;
}

/** Backoff when a rate-limited answer names no reset time. */
export const DEFAULT_RATE_LIMIT_BACKOFF_MS = 60_000;
/** Linear's budgets are hourly; a reset further out than this is treated as a bad header. */
const MAX_RATE_LIMIT_BACKOFF_MS = 3_600_000;
/** Never retry sooner than this, even when the reset time is already past (clock skew). */
const MIN_RATE_LIMIT_BACKOFF_MS = 1_000;

/** Reads the rate-limit headers of one response (names are case-insensitive; Node lower-cases them). */
export function readRateLimitInfo(headers: IncomingHttpHeaders): RateLimitInfo {
  const budget = (prefix: string): RateLimitBudget => ({
    limit: numberHeader(headers, `${prefix}-limit`),
    remaining: numberHeader(headers, `${prefix}-remaining`),
    reset_at: epochMs(numberHeader(headers, `${prefix}-reset`)),
  });
  return {
    requests: budget('x-ratelimit-requests'),
    complexity: budget('x-ratelimit-complexity'),
    endpoint: budget('x-ratelimit-endpoint-requests'),
    query_complexity: numberHeader(headers, 'x-complexity'),
    retry_after_seconds: numberHeader(headers, 'retry-after'),
  };
}

/**
 * When requests may resume after a rate-limited answer: `Retry-After` when given, otherwise the
 * latest reset of an exhausted budget (or of any budget when none reports 0 remaining), otherwise
 * a minute. Clamped to [1 s, 1 h] from `now` so a skewed or garbage header cannot stall the adapter.
 */
export function rateLimitResumeAt(info: RateLimitInfo, now: number): number {
  const clamp = (at: number) => Math.min(Math.max(at, now + MIN_RATE_LIMIT_BACKOFF_MS), now + MAX_RATE_LIMIT_BACKOFF_MS);
  if (info.retry_after_seconds !== null && info.retry_after_seconds >= 0) return clamp(now + info.retry_after_seconds * 1000);
  const budgets = [info.requests, info.complexity, info.endpoint].filter((budget) => budget.reset_at !== null);
  const exhausted = budgets.filter((budget) => budget.remaining !== null && budget.remaining <= 0);
  const resets = (exhausted.length > 0 ? exhausted : budgets).map((budget) => budget.reset_at as number);
  if (resets.length === 0) return clamp(now + DEFAULT_RATE_LIMIT_BACKOFF_MS);
  return clamp(Math.max(...resets));
}

function numberHeader(headers: IncomingHttpHeaders, name: string): number | null {
  const raw = headers[name];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Reset headers have been seen both as epoch seconds and epoch milliseconds; values above 1e11 are ms. */
function epochMs(value: number | null): number | null {
  if (value === null) return null;
  return value > 1e11 ? value : value * 1000;
}
