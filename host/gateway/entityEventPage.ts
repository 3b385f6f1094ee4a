import type { EventJournal } from '../journal/eventJournal.ts';
import type { EntityRef, EventEnvelope, PageDirection } from '../protocol/index.ts';
import { GatewayError } from './gatewayError.ts';
import { parseCursor, parseDirection, parseLimit, parseTypes } from './queryParams.ts';

/** One page of an entity's events, with how to continue in the same direction. */
export interface EntityEventPage {
  events: EventEnvelope[];
  next_cursor: number;
  head: number;
  direction: PageDirection;
  has_more: boolean;
}

/**
 * Reads `?cursor=&limit=&direction=&types=` and returns that page of the events naming the entity.
 * Forward: after `cursor`; `next_cursor` = the page's last seq. Backward: before `cursor` (0 = from
 * the newest); `next_cursor` = the page's first seq. `has_more`: another page exists in that
 * direction now (one extra row is read to know). Head and page are read in one synchronous step,
 * so a client that streams from `head` misses nothing.
 */
export function readEntityEventPage(journal: EventJournal, kind: EntityRef['kind'], id: string, query: URLSearchParams): EntityEventPage {
  const cursor = parseCursor(query);
  const limit = parseLimit(query);
  const direction = parseDirection(query);
  const types = parseTypes(query);
  const head = journal.head();
  const bound = direction === 'forward' ? head : head + 1;
  if (cursor > bound) {
    throw new GatewayError('conflict', `cursor ${cursor} is ahead of the journal head ${head}; the host's journal was reset, so reload the run and page from its last_event_seq`);
  }
  const rows = journal.readByEntity(kind, id, cursor, limit + 1, direction, types);
  const has_more = rows.length > limit;
  const events = !has_more ? rows : direction === 'forward' ? rows.slice(0, limit) : rows.slice(1);
  const edge = direction === 'forward' ? events.at(-1) : events[0];
  return { events, next_cursor: edge?.seq ?? cursor, head, direction, has_more };
}
