import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import { CodedError } from '../../base/errors.ts';
import { readRateLimitInfo } from './linearRateLimit.ts';
import type { LinearRequestMeter } from './linearRequestStats.ts';
import { readGraphqlData } from './linearResponse.ts';
import { LinearTrackerError } from './linearTrackerError.ts';
import { postGraphql } from './linearTransport.ts';
import type { LinearConnection } from './linearTransport.ts';

/** One successful answer: its `data` and when the server produced it (epoch ms). */
export interface LinearAnswer {
  data: Record<string, unknown>;
  serverTime: number;
}

/**
 * The adapter's GraphQL client: one request per call, classified into typed errors, metered, and
 * gated by the rate-limit backoff. After a rate-limited answer no request leaves until the reset
 * time Linear named; calls before then fail at once with the same `tracker_rate_limited`.
 */
export class LinearApiClient {
  private readonly connection: LinearConnection & { clock: Clock };
  private readonly meter: LinearRequestMeter;
  private readonly log: Logger | undefined;
  private readonly signal: AbortSignal | undefined;
  private resumeAt: number | null = null;

  /** `signal` aborts every request in flight (the tracker's lifetime). */
  constructor(connection: LinearConnection & { clock: Clock }, meter: LinearRequestMeter, options: { log?: Logger; signal?: AbortSignal } = {}) {
    this.connection = connection;
    this.meter = meter;
    this.log = options.log;
    this.signal = options.signal;
  }

  /** When requests may resume after a rate limit (epoch ms), or null when not backing off. */
  get rateLimitedUntil(): number | null {
    return this.resumeAt !== null && this.resumeAt > this.connection.clock.now() ? this.resumeAt : null;
  }

  /** Sends `document` as `operation` (a stats and message label) and returns its `data`. */
  async query(operation: string, document: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (await this.request(operation, document, variables)).data;
  }

  /**
   * The same, with the server's time of the answer (its `Date` header, whole seconds; the local
   * send time when absent), so delta syncs can use Linear's clock, the one `updatedAt` comes from.
   */
  async request(operation: string, document: string, variables: Record<string, unknown>): Promise<LinearAnswer> {
    const clock = this.connection.clock;
    this.refuseWhileBackingOff(operation);
    const sentAt = clock.now();
    this.meter.requestSent(operation, sentAt);
    try {
      const response = await postGraphql(this.connection, { query: document, variables, signal: this.signal });
      this.meter.answered(readRateLimitInfo(response.headers));
      const data = readGraphqlData(response, { apiKey: this.connection.apiKey, now: clock.now(), operation: describe(operation) });
      const serverTime = Date.parse(response.headers.date ?? '');
      return { data, serverTime: Number.isNaN(serverTime) ? sentAt : serverTime };
    } catch (error) {
      if (error instanceof LinearTrackerError && error.code === 'tracker_rate_limited') this.startBackoff(error);
      if (error instanceof CodedError) this.meter.failedWith(error, true);
      throw error;
    }
  }

  private refuseWhileBackingOff(operation: string): void {
    const until = this.rateLimitedUntil;
    if (until === null) return;
    const error = new LinearTrackerError('tracker_rate_limited',
      `Linear rate limit: backing off until ${new Date(until).toISOString()}, so the ${describe(operation)} was not sent. It resumes by itself; if this repeats, raise polling.interval_ms in WORKFLOW.md or share the key with fewer clients.`,
      { retryAt: until });
    this.meter.failedWith(error, false);
    throw error;
  }

  private startBackoff(error: LinearTrackerError): void {
    this.resumeAt = error.retryAt;
    this.log?.log('warn', 'tracker.linear', 'rate limited; backing off', { until: error.retryAt === null ? null : new Date(error.retryAt).toISOString(), status: error.status });
  }
}

const OPERATION_NAMES: Readonly<Record<string, string>> = {
  sync: 'issue sync', issues_by_ids: 'by-id refresh', issues_in_states: 'state query', milestones: 'milestone query',
};

/** How messages name an operation ("Linear answered the issue sync with …"). */
function describe(operation: string): string {
  return OPERATION_NAMES[operation] ?? operation.replace(/_/g, ' ');
}
