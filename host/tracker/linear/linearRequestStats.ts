import type { RateLimitInfo } from './linearRateLimit.ts';

/** What the Linear adapter has cost so far; shown in the dashboard snapshot as `tracker.stats`. */
export type LinearRequestStats = {
  /** HTTP requests sent to Linear (attempts refused locally while backing off are not requests). */
  requests: number;
  /** The same, per operation: `sync`, `milestones`, `issues_in_states`, `issues_by_ids`. */
  requests_by_operation: Record<string, number>;
  failed_requests: number;
  /** Sum of `X-Complexity` over the answers that reported it. */
  complexity_used: number;
  last_complexity: number | null;
  /** The rate-limit headers of the latest answer that had any (reset times in epoch ms). */
  rate_limit: RateLimitInfo | null;
  /** While backing off after a rate limit: when requests resume (ISO 8601). */
  rate_limited_until: string | null;
  last_request_at: string | null;
  last_error: { code: string; message: string } | null;
  cached_issues: number;
  last_sync_at: string | null;
  last_full_sync_at: string | null;
};

/** Accumulates request counts and headers; the tracker adds cache facts when it reports. */
export class LinearRequestMeter {
  private requests = 0;
  private readonly byOperation: Record<string, number> = {};
  private failed = 0;
  private complexityUsed = 0;
  private lastComplexity: number | null = null;
  private rateLimit: RateLimitInfo | null = null;
  private lastRequestAt: number | null = null;
  private lastError: { code: string; message: string } | null = null;

  requestSent(operation: string, at: number): void {
    this.requests += 1;
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
    this.lastRequestAt = at;
  }

  answered(info: RateLimitInfo): void {
    if (info.query_complexity !== null) {
      this.complexityUsed += info.query_complexity;
      this.lastComplexity = info.query_complexity;
    }
    const reported = [info.requests, info.complexity, info.endpoint].some((budget) => budget.limit !== null || budget.remaining !== null || budget.reset_at !== null);
    if (reported || info.retry_after_seconds !== null) this.rateLimit = info;
  }

  failedWith(error: { code: string; message: string }, sent: boolean): void {
    if (sent) this.failed += 1;
    this.lastError = { code: error.code, message: error.message };
  }

  /** The counters as JSON-safe stats; the cache facts come from the tracker. */
  snapshot(extra: { rateLimitedUntil: number | null; cachedIssues: number; lastSyncAt: number | null; lastFullSyncAt: number | null }): LinearRequestStats {
    return {
      requests: this.requests,
      requests_by_operation: { ...this.byOperation },
      failed_requests: this.failed,
      complexity_used: this.complexityUsed,
      last_complexity: this.lastComplexity,
      rate_limit: this.rateLimit === null ? null : structuredClone(this.rateLimit),
      rate_limited_until: iso(extra.rateLimitedUntil),
      last_request_at: iso(this.lastRequestAt),
      last_error: this.lastError,
      cached_issues: extra.cachedIssues,
      last_sync_at: iso(extra.lastSyncAt),
      last_full_sync_at: iso(extra.lastFullSyncAt),
    };
  }
}

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}
