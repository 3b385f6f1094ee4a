import type { EventJournal, SerializedEvent } from '../journal/eventJournal.ts';
import { serializeEnvelope } from '../journal/serializedEvent.ts';
import type { EntityRef } from '../protocol/index.ts';
import type { CursorSource } from './cursorStream.ts';

/**
 * The events naming one entity (a run, a planning session), replayed through the journal's
 * entity index and filtered from live batches. Its head (for lag) is the newest seq of the
 * entity the source has seen, so a quiet entity does not look behind while others write.
 */
export function entityEventSource(journal: EventJournal, kind: EntityRef['kind'], id: string, cursor: number): CursorSource<SerializedEvent> {
  let newest = cursor;
  const note = (events: readonly SerializedEvent[]): readonly SerializedEvent[] => {
    newest = Math.max(newest, events.at(-1)?.seq ?? 0);
    return events;
  };
  return {
    read: (after, limit) => note(journal.readSerializedByEntity(kind, id, after, limit)),
    subscribe: (listener) => journal.onDidAppend((events) => {
      const mine = events.filter((event) => event.entity_refs.some((ref) => ref.kind === kind && ref.id === id));
      if (mine.length > 0) listener(note(mine.map(serializeEnvelope)));
    }),
    seqOf: (event) => event.seq,
    head: () => newest,
  };
}
