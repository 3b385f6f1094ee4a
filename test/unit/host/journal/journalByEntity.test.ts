import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import type { EventJournal } from '../../../../host/journal/eventJournal.ts';
import { newEvent } from './journalFixtures.ts';

/** 30 events: seq 3k+1 names run-a, 3k+2 run-b, 3k+3 both; types alternate run.output / agent.item. */
async function interleavedJournal(t: { after(fn: () => void): void }): Promise<EventJournal> {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(Array.from({ length: 30 }, (_, index) => {
    const runs = [['run-a'], ['run-b'], ['run-a', 'run-b']][index % 3] as string[];
    return newEvent({
      type: index % 2 === 0 ? 'run.output' : 'agent.item',
      payload: { index },
      entity_refs: runs.map((id) => ({ kind: 'run' as const, id })),
    });
  }));
  return journal;
}

const seqsOf = (events: { seq: number }[]) => events.map((event) => event.seq);

test('readByEntity returns only the events that name the entity, forward from a cursor', async (t) => {
  const journal = await interleavedJournal(t);

  assert.deepEqual(seqsOf(journal.readByEntity('run', 'run-a', 0, 5)), [1, 3, 4, 6, 7]);
  assert.deepEqual(seqsOf(journal.readByEntity('run', 'run-a', 7, 4, 'forward')), [9, 10, 12, 13]);
  assert.deepEqual(seqsOf(journal.readByEntity('run', 'run-b', 28, 10)), [29, 30]);
  assert.deepEqual(journal.readByEntity('run', 'run-c', 0, 10), []);
  assert.deepEqual(journal.readByEntity('issue', 'run-a', 0, 10), [], 'the kind is part of the key');
});

test('backward pages load the newest events first and walk to the oldest, each page oldest first', async (t) => {
  const journal = await interleavedJournal(t);
  const pages: number[][] = [];
  for (let cursor = 0; ;) {
    const page = journal.readByEntity('run', 'run-b', cursor, 8, 'backward');
    if (page.length === 0) break;
    pages.push(seqsOf(page));
    cursor = page[0]!.seq;
  }

  assert.deepEqual(pages, [
    [20, 21, 23, 24, 26, 27, 29, 30],
    [8, 9, 11, 12, 14, 15, 17, 18],
    [2, 3, 5, 6],
  ]);
  assert.deepEqual(seqsOf(journal.readByEntity('run', 'run-b', 5, 8, 'backward')), [2, 3], 'strictly before the cursor');
});

test('a type filter keeps only the listed types, in both directions', async (t) => {
  const journal = await interleavedJournal(t);

  const forward = journal.readByEntity('run', 'run-a', 0, 100, 'forward', ['agent.item']);
  assert.ok(forward.every((event) => event.type === 'agent.item'));
  assert.deepEqual(seqsOf(forward), [4, 6, 10, 12, 16, 18, 22, 24, 28, 30]);
  assert.deepEqual(seqsOf(journal.readByEntity('run', 'run-a', 0, 3, 'backward', ['agent.item', 'run.output'])), [27, 28, 30]);
  assert.deepEqual(journal.readByEntity('run', 'run-a', 0, 10, 'forward', ['nope']), []);
});

test('entitySummary counts the events of an entity and names the newest', async (t) => {
  const journal = await interleavedJournal(t);

  assert.deepEqual(journal.entitySummary('run', 'run-a'), { count: 20, lastSeq: 30 });
  assert.deepEqual(journal.entitySummary('run', 'run-b'), { count: 20, lastSeq: 30 });
  assert.deepEqual(journal.entitySummary('run', 'nobody'), { count: 0, lastSeq: 0 });
});

test('readByEntity refuses a negative cursor or limit with a typed error', async (t) => {
  const journal = await interleavedJournal(t);

  assert.throws(() => journal.readByEntity('run', 'run-a', -1, 10), { code: 'journal_invalid_argument' });
  assert.throws(() => journal.readByEntity('run', 'run-a', 0, -5, 'backward'), { code: 'journal_invalid_argument' });
});
