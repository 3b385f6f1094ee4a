import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { newEvents, tempJournalPath } from './journalFixtures.ts';

test('an empty journal has head 0', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  t.after(() => journal.dispose());
  assert.equal(journal.head(), 0);
  assert.deepEqual(journal.read(0, 10), []);
});

test('seq starts at 1 and increases by 1 per event, across appends and batches', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  t.after(() => journal.dispose());

  const first = await journal.append(newEvents(3));
  const second = await journal.append(newEvents(2));

  assert.deepEqual(first.map((event) => event.seq), [1, 2, 3]);
  assert.deepEqual(second.map((event) => event.seq), [4, 5]);
  assert.equal(journal.head(), 5);
});

test('seq continues after close and reopen, never reusing a number', async (t) => {
  const path = tempJournalPath(t);
  const before = openSqliteJournal(path);
  await before.append(newEvents(3));
  await before.close();

  const after = openSqliteJournal(path);
  t.after(() => after.dispose());
  assert.equal(after.head(), 3);
  const appended = await after.append(newEvents(2));

  assert.deepEqual(appended.map((event) => event.seq), [4, 5]);
  assert.deepEqual(after.read(0, 100).map((event) => event.seq), [1, 2, 3, 4, 5]);
});

test('the journal assigns a unique UUIDv7 id, an ISO timestamp and the schema version', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const started = Date.now();

  const events = await journal.append(newEvents(50));

  assert.equal(new Set(events.map((event) => event.id)).size, 50);
  for (const event of events) {
    assert.match(event.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Date(event.timestamp).toISOString(), event.timestamp);
    assert.ok(Date.parse(event.timestamp) >= started - 1);
    assert.equal(event.schema_version, 1);
  }
});
