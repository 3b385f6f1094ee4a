import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventEnvelope } from '../../../../host/protocol/index.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { countRows, newEvent, newEvents, openSecondConnection, tempJournalPath } from './journalFixtures.ts';

test('N appends issued in one tick reach subscribers as one batch, in seq order', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  t.after(() => journal.dispose());
  const batches: (readonly EventEnvelope[])[] = [];
  journal.onDidAppend((events) => batches.push(events));

  const results = await Promise.all(Array.from({ length: 40 }, (_, index) => journal.append([newEvent({ payload: { index } })])));

  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0]?.map((event) => event.seq), Array.from({ length: 40 }, (_, index) => index + 1));
  assert.deepEqual(batches[0]?.map((event) => event.payload.index), Array.from({ length: 40 }, (_, index) => index));
  assert.deepEqual(results.flat(), batches[0]);
});

test('each append resolves with its own events, in the order it passed them', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());

  const [first, second] = await Promise.all([journal.append(newEvents(2)), journal.append(newEvents(3))]);

  assert.deepEqual(first?.map((event) => [event.seq, event.payload.index]), [[1, 0], [2, 1]]);
  assert.deepEqual(second?.map((event) => [event.seq, event.payload.index]), [[3, 0], [4, 1], [5, 2]]);
});

test('subscribers are told only after the batch is committed: a second connection already sees it', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  const observer = openSecondConnection(t, path);
  const visibleWhenTold: number[] = [];
  journal.onDidAppend(() => visibleWhenTold.push(countRows(observer, 'events')));

  const appends = Array.from({ length: 25 }, () => journal.append([newEvent()]));
  assert.equal(countRows(observer, 'events'), 0, 'nothing is written before the flush');
  await Promise.all(appends);

  assert.deepEqual(visibleWhenTold, [25]);
});

test('when subscribers are told, head() and read() already include the batch', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const observed: { head: number; readable: number[] }[] = [];
  journal.onDidAppend(() => observed.push({ head: journal.head(), readable: journal.read(0, 10).map((event) => event.seq) }));

  await Promise.all([journal.append(newEvents(2)), journal.append(newEvents(1))]);

  assert.deepEqual(observed, [{ head: 3, readable: [1, 2, 3] }]);
});

test('an append resolves only after its batch is committed', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  const observer = openSecondConnection(t, path);

  const visibleWhenResolved = await journal.append(newEvents(3)).then(() => countRows(observer, 'events'));

  assert.equal(visibleWhenResolved, 3);
});

test('appends separated by an await land in separate batches', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const batchSizes: number[] = [];
  journal.onDidAppend((events) => batchSizes.push(events.length));

  await Promise.all([journal.append(newEvents(2)), journal.append(newEvents(1))]);
  await journal.append(newEvents(4));

  assert.deepEqual(batchSizes, [3, 4]);
});

test('appends made by promise continuations of the same tick join the same batch', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const batchSizes: number[] = [];
  journal.onDidAppend((events) => batchSizes.push(events.length));

  const first = journal.append(newEvents(1));
  await Promise.resolve();
  const second = journal.append(newEvents(1));
  await Promise.all([first, second]);

  assert.deepEqual(batchSizes, [2]);
});

test('a subscriber that appends while being told starts the next batch', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const seen: number[][] = [];
  let followUp: Promise<EventEnvelope[]> | undefined;
  journal.onDidAppend((events) => {
    seen.push(events.map((event) => event.seq));
    followUp ??= journal.append([newEvent({ type: 'run.follow_up' })]);
  });

  await journal.append(newEvents(2));
  const [reaction] = (await followUp) ?? [];

  assert.equal(reaction?.seq, 3);
  assert.deepEqual(seen, [[1, 2], [3]]);
});

test('a disposed subscription is no longer told', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  let calls = 0;
  const subscription = journal.onDidAppend(() => { calls += 1; });

  await journal.append(newEvents(1));
  subscription.dispose();
  await journal.append(newEvents(1));

  assert.equal(calls, 1);
});

test('an entity index row is committed with each referenced entity of an event', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  const observer = openSecondConnection(t, path);

  await journal.append([
    newEvent({ entity_refs: [{ kind: 'run', id: 'run-9' }, { kind: 'run', id: 'run-9' }] }),
    newEvent({ entity_refs: [{ kind: 'issue', id: 'iss-3' }] }),
  ]);

  const rows = observer.prepare('SELECT entity_kind, entity_id, seq FROM event_entities ORDER BY seq').all();
  assert.deepEqual(rows, [{ entity_kind: 'run', entity_id: 'run-9', seq: 1 }, { entity_kind: 'issue', entity_id: 'iss-3', seq: 2 }]);
});
