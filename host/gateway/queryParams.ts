import { GatewayError } from './gatewayError.ts';

export const DEFAULT_EVENT_PAGE_LIMIT = 200;
export const MAX_EVENT_PAGE_LIMIT = 1000;

/** `cursor`: the highest seq the client has; absent means 0 (from the beginning). */
export function parseCursor(query: URLSearchParams): number {
  const raw = query.get('cursor');
  return raw === null ? 0 : parseCursorValue(raw, 'cursor');
}

/** A cursor value from `name` (the `cursor` parameter, or `Last-Event-ID` on SSE). */
export function parseCursorValue(raw: string, name: string): number {
  const cursor = parseNonNegativeInteger(raw);
  if (cursor === undefined) {
    throw new GatewayError('invalid_request', `${name} must be a non-negative integer (the last seq you received), got "${truncate(raw)}"`);
  }
  return cursor;
}

/** `limit`: page size, 1..1000, default 200. */
export function parseLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return DEFAULT_EVENT_PAGE_LIMIT;
  const limit = parseNonNegativeInteger(raw);
  if (limit === undefined || limit < 1 || limit > MAX_EVENT_PAGE_LIMIT) {
    throw new GatewayError('invalid_request', `limit must be an integer from 1 to ${MAX_EVENT_PAGE_LIMIT}, got "${truncate(raw)}"`);
  }
  return limit;
}

/** `direction`: `forward` (default) or `backward`. */
export function parseDirection(query: URLSearchParams): 'forward' | 'backward' {
  const raw = query.get('direction');
  if (raw === null || raw === 'forward') return 'forward';
  if (raw === 'backward') return 'backward';
  throw new GatewayError('invalid_request', `direction must be forward or backward, got "${truncate(raw)}"`);
}

/** Most event types one `types` filter may list. */
export const MAX_TYPE_FILTERS = 100;

/** `types=a,b`: event types to keep (none: every type). Each is a non-empty name without spaces. */
export function parseTypes(query: URLSearchParams): string[] | undefined {
  const raw = query.get('types');
  if (raw === null || raw.trim() === '') return undefined;
  const types = [...new Set(raw.split(',').map((type) => type.trim()))];
  if (types.length > MAX_TYPE_FILTERS || types.some((type) => !/^[\w.:/-]{1,100}$/.test(type))) {
    throw new GatewayError('invalid_request', `types must be a comma-separated list of at most ${MAX_TYPE_FILTERS} event types such as run.started,agent.item, got "${truncate(raw)}"`);
  }
  return types;
}

/** Rejects a cursor past the journal head: the client's state belongs to another journal. */
export function assertCursorWithinHead(cursor: number, head: number, what: string): void {
  if (cursor > head) {
    throw new GatewayError(
      'conflict',
      `cursor ${cursor} is ahead of the ${what} head ${head}; the host's journal was reset, so reload the snapshot and stream from its seq`,
    );
  }
}

function parseNonNegativeInteger(raw: string): number | undefined {
  if (!/^\d{1,16}$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}

function truncate(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}
