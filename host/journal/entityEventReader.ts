import type Database from 'better-sqlite3';
import type { EntityRef, EventEnvelope } from '../protocol/index.ts';
import { envelopeFromJson } from './eventRowMapping.ts';
import { journalInvalidArgument } from './journalErrors.ts';
import { serializedEventsFromRaw } from './serializedEvent.ts';
import type { SerializedEvent } from './serializedEvent.ts';

/** Which way a page goes from its cursor: `forward` = seq > cursor, oldest first; `backward` = seq < cursor, newest first. */
export type PageDirection = 'forward' | 'backward';

/** How many events name an entity, and the newest of them. */
export interface EntityEventSummary {
  count: number;
  /** 0 when no event names the entity. */
  lastSeq: number;
}

type EntityPageArgs = [kind: string, id: string, cursor: number, types: string | null, types2: string | null, limit: number];

// The `event_entities` index (one row per entity ref, written in the event's transaction) drives
// every query: a range scan of its primary key (kind, id, seq), then a lookup of each event by seq.
// Type filters arrive as one JSON array so a single prepared statement serves any list of types.
const PAGE_SQL = (comparison: '>' | '<', order: 'ASC' | 'DESC', columns = 'events.envelope') => `
  SELECT ${columns} FROM event_entities
  JOIN events ON events.seq = event_entities.seq
  WHERE event_entities.entity_kind = ? AND event_entities.entity_id = ? AND event_entities.seq ${comparison} ?
    AND (? IS NULL OR events.type IN (SELECT value FROM json_each(?)))
  ORDER BY event_entities.seq ${order}
  LIMIT ?`;

/** Reads of the events that name one entity (a run, an issue, an approval), through the entity index. */
export class EntityEventReader {
  private readonly forward: Database.Statement<EntityPageArgs, string>;
  private readonly backward: Database.Statement<EntityPageArgs, string>;
  private readonly forwardSerialized: Database.Statement<EntityPageArgs, [number, string]>;
  private readonly summary: Database.Statement<[string, string], { count: number; last: number | null }>;

  constructor(db: Database.Database) {
    this.forward = db.prepare<EntityPageArgs, string>(PAGE_SQL('>', 'ASC')).pluck();
    this.backward = db.prepare<EntityPageArgs, string>(PAGE_SQL('<', 'DESC')).pluck();
    this.forwardSerialized = db.prepare<EntityPageArgs, [number, string]>(PAGE_SQL('>', 'ASC', 'events.seq, events.envelope')).raw(true);
    this.summary = db.prepare<[string, string], { count: number; last: number | null }>(
      'SELECT COUNT(*) AS count, MAX(seq) AS last FROM event_entities WHERE entity_kind = ? AND entity_id = ?',
    );
  }

  /**
   * Events naming `kind`/`id`, at most `limit`, always returned oldest first. Forward: seq > cursor.
   * Backward: seq < cursor, the newest such events (a cursor of 0 means "from the newest").
   * `types` keeps only events of those types (none: every type).
   */
  events(kind: EntityRef['kind'], id: string, cursor: number, limit: number, direction: PageDirection, types?: readonly string[]): EventEnvelope[] {
    assertPage(cursor, limit);
    const typeList = types && types.length > 0 ? JSON.stringify(types) : null;
    if (direction === 'forward') return this.forward.all(kind, id, cursor, typeList, typeList, limit).map(envelopeFromJson);
    const before = cursor === 0 ? Number.MAX_SAFE_INTEGER : cursor;
    return this.backward.all(kind, id, before, typeList, typeList, limit).reverse().map(envelopeFromJson);
  }

  /** Forward `events` of `kind`/`id` after `cursor`, as the wire JSON the journal stored. */
  serializedEvents(kind: EntityRef['kind'], id: string, cursor: number, limit: number): SerializedEvent[] {
    assertPage(cursor, limit);
    return serializedEventsFromRaw(this.forwardSerialized.all(kind, id, cursor, null, null, limit));
  }

  entitySummary(kind: EntityRef['kind'], id: string): EntityEventSummary {
    const row = this.summary.get(kind, id);
    return { count: row?.count ?? 0, lastSeq: row?.last ?? 0 };
  }
}

function assertPage(cursor: number, limit: number): void {
  if (!Number.isSafeInteger(cursor) || cursor < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw journalInvalidArgument(
      `A journal read needs a non-negative integer cursor and limit; got cursor ${cursor}, limit ${limit}.`,
    );
  }
}
