import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { newEvents, tempJournalPath } from './journalFixtures.ts';

test('appending after close rejects with journal_closed', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  await journal.close();

  await assert.rejects(journal.append(newEvents(1)), { code: 'journal_closed' });
  await assert.rejects(journal.appendTerminal('s', Buffer.from('late')), { code: 'journal_closed' });
});

test('reading after close throws journal_closed', async () => {
  const journal = openSqliteJournal(':memory:');
  await journal.close();

  assert.throws(() => journal.read(0, 10), { code: 'journal_closed' });
  assert.throws(() => journal.head(), { code: 'journal_closed' });
  assert.throws(() => journal.readTerminal('s', 0, 10), { code: 'journal_closed' });
  assert.throws(() => journal.terminalHead('s'), { code: 'journal_closed' });
});

test('close commits appends still queued, and tells their subscribers, before closing', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  let told = 0;
  journal.onDidAppend((events) => { told += events.length; });
  const pending = journal.append(newEvents(3));
  const pendingChunk = journal.appendTerminal('s', Buffer.from('bye'));

  await journal.close();

  assert.equal((await pending).length, 3);
  assert.equal((await pendingChunk).seq, 1);
  assert.equal(told, 3);
  const reopened = openSqliteJournal(path);
  t.after(() => reopened.dispose());
  assert.equal(reopened.head(), 3);
  assert.equal(reopened.terminalHead('s'), 1);
});

test('close and dispose can be called more than once', async () => {
  const journal = openSqliteJournal(':memory:');
  await journal.close();
  await journal.close();
  journal.dispose();
});

test('opening creates missing parent folders', async (t) => {
  const path = join(dirname(tempJournalPath(t)), 'deep', 'er', 'journal.db');
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());

  await journal.append(newEvents(1));
  assert.equal(journal.head(), 1);
});

test('a path that is not a journal fails with journal_open_failed and says what to check', (t) => {
  const folder = dirname(tempJournalPath(t));
  const garbage = join(folder, 'garbage.db');
  writeFileSync(garbage, 'this is not a SQLite database, not even close'.repeat(100));
  const directory = join(folder, 'a-directory.db');
  mkdirSync(directory);

  for (const path of [garbage, directory, '']) {
    assert.throws(() => openSqliteJournal(path), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'journal_open_failed');
      assert.match(error.message, /Cannot open the event journal/);
      assert.match(error.message, /writable/);
      return true;
    });
  }
});
