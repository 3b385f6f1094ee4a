import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { countRows, newEvent, openSecondConnection, tempJournalPath } from './journalFixtures.ts';

/** Makes every insert of an event of type `poison` abort its transaction, from outside the journal. */
function poisonEventType(db: Database.Database): void {
  db.exec(`CREATE TRIGGER reject_poison BEFORE INSERT ON events WHEN NEW.type = 'poison'
    BEGIN SELECT RAISE(ABORT, 'poison event refused'); END`);
}

test('when the batch transaction fails, every append of the batch rejects and no subscriber is told', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  const observer = openSecondConnection(t, path);
  poisonEventType(observer);
  let eventCalls = 0;
  let terminalCalls = 0;
  journal.onDidAppend(() => { eventCalls += 1; });
  journal.onDidAppendTerminal(() => { terminalCalls += 1; });

  const outcomes = await Promise.allSettled([
    journal.append([newEvent({ type: 'fine.before' })]),
    journal.appendTerminal('term-1', Buffer.from('output')),
    journal.append([newEvent({ type: 'poison' })]),
    journal.append([newEvent({ type: 'fine.after' })]),
  ]);

  for (const outcome of outcomes) {
    assert.equal(outcome.status, 'rejected');
    assert.equal(outcome.reason.code, 'journal_append_failed');
    assert.match(outcome.reason.message, /poison event refused/);
  }
  assert.equal(eventCalls, 0);
  assert.equal(terminalCalls, 0);
  assert.equal(countRows(observer, 'events'), 0);
  assert.equal(countRows(observer, 'terminal_chunks'), 0);
  assert.equal(journal.head(), 0);
  assert.equal(journal.terminalHead('term-1'), 0);
});

test('after a failed batch the next batch commits and takes the numbers nobody saw', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  poisonEventType(openSecondConnection(t, path));
  await journal.append([newEvent()]);
  await Promise.allSettled([journal.append([newEvent()]), journal.append([newEvent({ type: 'poison' })])]);
  const told: number[] = [];
  journal.onDidAppend((events) => told.push(...events.map((event) => event.seq)));

  const [next] = await journal.append([newEvent()]);

  assert.equal(next?.seq, 2);
  assert.deepEqual(told, [2]);
  assert.deepEqual(journal.read(0, 10).map((event) => event.seq), [1, 2]);
});

test('an event that cannot be serialized fails its own append only, not its batch-mates', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;

  const [good, bad] = await Promise.allSettled([
    journal.append([newEvent()]),
    journal.append([newEvent({ payload: cyclic })]),
  ]);

  assert.equal(good.status, 'fulfilled');
  assert.equal(bad.status, 'rejected');
  assert.equal(bad.reason.code, 'journal_invalid_argument');
  assert.equal(journal.head(), 1);
});

test('events the table would refuse are rejected at append time with journal_invalid_argument', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const invalid = [
    { type: '' },
    { payload: [] as unknown as Record<string, unknown> },
    { correlation_id: 7 as unknown as string },
    { entity_refs: [{ kind: 'run' }] as never },
  ];

  for (const overrides of invalid) {
    await assert.rejects(journal.append([newEvent(overrides)]), { code: 'journal_invalid_argument' });
  }
  assert.equal(journal.head(), 0);
});
