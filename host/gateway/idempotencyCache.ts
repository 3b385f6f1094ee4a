import { GatewayError } from './gatewayError.ts';

export const DEFAULT_IDEMPOTENCY_CAPACITY = 1000;

interface Entry<T> {
  fingerprint: string;
  result: Promise<T>;
}

/** What `run` produced and whether it came from an earlier call with the same key. */
export interface IdempotentResult<T> {
  value: T;
  replayed: boolean;
}

/**
 * Remembers the outcome of recent mutations by idempotency key (bounded, least recently used
 * first out). The same key with the same request fingerprint gets the same outcome, even while the
 * first call is still running; the same key with another fingerprint is a 409 conflict. A call
 * that fails is forgotten, so the client can retry it with the same key.
 */
export class IdempotencyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly capacity: number;

  constructor(capacity = DEFAULT_IDEMPOTENCY_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('idempotency cache capacity must be a positive integer');
    this.capacity = capacity;
  }

  async run(key: string, fingerprint: string, execute: () => Promise<T>): Promise<IdempotentResult<T>> {
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new GatewayError('conflict', 'this Idempotency-Key was already used for a different request; use a new key for a new action');
      }
      this.touch(key, existing);
      return { value: await existing.result, replayed: true };
    }
    const entry: Entry<T> = { fingerprint, result: execute() };
    this.touch(key, entry);
    try {
      return { value: await entry.result, replayed: false };
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
