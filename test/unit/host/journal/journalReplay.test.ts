import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventEnvelopeSchema } from '../../../../host/protocol/index.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { newEvent, newEvents, tempJournalPath } from './journalFixtures.ts';

test('read pages through the journal from a cursor, oldest first, at most limit per page', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  t.after(() => journal.dispose());
  await journal.append(newEvents(25));

  const pages: number[][] = [];
  let cursor = 0;
  for (;;) {
    const page = journal.read(cursor, 10);
    if (page.length === 0) break;
    pages.push(page.map((event) => event.seq));
    cursor = page.at(-1)!.seq;
  }

  assert.deepEqual(pages, [
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
    [21, 22, 23, 24, 25],
  ]);
});

test('read from a cursor in the middle returns only later events', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(newEvents(8));

  assert.deepEqual(journal.read(5, 100).map((event) => event.seq), [6, 7, 8]);
  assert.deepEqual(journal.read(8, 100), []);
  assert.deepEqual(journal.read(3, 0), []);
});

test('a replayed envelope equals the envelope the append returned, and is schema-valid', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  t.after(() => journal.dispose());
  const [appended] = await journal.append([newEvent({
    type: 'approval.requested',
    actor: { kind: 'orchestrator' },
    correlation_id: 'corr-7',
    raw_ref: 'raw/42',
    payload: { command: ['npm', 'test'], nested: { ok: true, n: 1.5 }, text: 'ünïcødé ✓' },
  })]);

  const [replayed] = journal.read(0, 1);

  assert.deepEqual(replayed, appended);
  assert.deepEqual(EventEnvelopeSchema.parse(replayed), replayed);
});

test('optional fields of a new event are stored as null and []', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append([{ type: 'host.started', actor: { kind: 'host' }, summary: 'up', payload: {} }]);

  const [stored] = journal.read(0, 1);

  assert.equal(stored?.correlation_id, null);
  assert.equal(stored?.raw_ref, null);
  assert.deepEqual(stored?.entity_refs, []);
});

test('read rejects a negative or fractional cursor or limit', (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());

  for (const [cursor, limit] of [[-1, 10], [0, -1], [0.5, 10], [0, Number.NaN]] as const) {
    assert.throws(() => journal.read(cursor, limit), { code: 'journal_invalid_argument' });
  }
});

test('a large batch is stored in the order it was appended', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  t.after(() => journal.dispose());
  await Promise.all([journal.append(newEvents(70)), journal.append(newEvents(3))]);

  const stored = journal.read(0, 100);

  assert.deepEqual(stored.map((event) => event.seq), Array.from({ length: 73 }, (_, index) => index + 1));
  assert.deepEqual(stored.map((event) => event.payload.index), [...Array.from({ length: 70 }, (_, index) => index), 0, 1, 2]);
});
