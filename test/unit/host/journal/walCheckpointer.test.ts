import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { openJournalDatabase } from '../../../../host/journal/journalDatabase.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { CHECKPOINT_AFTER_BYTES, WRITER_CHECKPOINT_PAGES, WalCheckpointer } from '../../../../host/journal/walCheckpointer.ts';
import type { JournalCheckpoint } from '../../../../host/journal/walCheckpointer.ts';
import { countRows, newEvent, openSecondConnection, tempJournalPath } from './journalFixtures.ts';

const WAIT_MS = 15_000;

/** Resolves with the next checkpoint report, or fails after `WAIT_MS`. */
function nextCheckpoint(onDidCheckpoint: (listener: (checkpoint: JournalCheckpoint) => void) => { dispose(): void }): Promise<JournalCheckpoint> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error(`no checkpoint within ${WAIT_MS} ms`)); }, WAIT_MS);
    const subscription = onDidCheckpoint((checkpoint) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(checkpoint);
    });
  });
}

test('a file journal copies its WAL into the database file from a worker once enough is committed', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  const sizeBefore = statSync(path).size;
  const checkpoint = nextCheckpoint(journal.onDidCheckpoint);
  const line = 'x'.repeat(2_000);
  const count = Math.ceil(CHECKPOINT_AFTER_BYTES / line.length);
  for (let index = 0; index < count; index += 500) {
    await journal.append(Array.from({ length: 500 }, (_, offset) => newEvent({ payload: { index: index + offset, line } })));
  }

  const report = await checkpoint;
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.ok(report.ok && report.checkpointedFrames > 0 && report.checkpointedFrames <= report.walFrames, JSON.stringify(report));
  // The pages now live in the database file itself, not only in the WAL.
  assert.ok(statSync(path).size > sizeBefore + CHECKPOINT_AFTER_BYTES / 2, `database file is ${statSync(path).size} bytes`);
  await journal.close();

  const reopened = openSqliteJournal(path);
  t.after(() => reopened.dispose());
  const events = reopened.read(0, count + 500);
  assert.equal(events.length, Math.ceil(count / 500) * 500);
  assert.deepEqual(events.slice(0, 3).map((event) => event.payload.index), [0, 1, 2]);
  assert.equal(events.at(-1)?.seq, events.length);
});

test('the writer keeps an automatic checkpoint as a safety net while the worker runs', async (t) => {
  const path = tempJournalPath(t);
  const db = openJournalDatabase(path, 'FULL');
  const checkpointer = new WalCheckpointer(db, path, 'FULL');
  t.after(async () => { await checkpointer.close(); db.close(); });
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), WRITER_CHECKPOINT_PAGES);
});

test('a checkpoint worker that cannot open the journal reports it and gives checkpoints back to the writer', async (t) => {
  const path = tempJournalPath(t);
  const db = openJournalDatabase(path, 'FULL');
  const checkpointer = new WalCheckpointer(db, `${path}.missing`, 'FULL');
  t.after(async () => { await checkpointer.close(); db.close(); });

  const report = await nextCheckpoint(checkpointer.onDidCheckpoint);
  assert.equal(report.ok, false);
  assert.match(report.ok ? '' : report.error, /unable to open|does not exist|missing/i);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
});

test('closing a file journal stops its checkpoint worker and keeps every event', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  await journal.append([newEvent(), newEvent()]);
  await journal.close();
  // The last connection to close checkpoints and removes the WAL: the worker's is closed too.
  assert.throws(() => statSync(`${path}-wal`), { code: 'ENOENT' });
  assert.equal(countRows(openSecondConnection(t, path), 'events'), 2);
});

test('an in-memory journal has no checkpoint worker and never reports one', async () => {
  const journal = openSqliteJournal(':memory:');
  const reports: JournalCheckpoint[] = [];
  const subscription = journal.onDidCheckpoint((checkpoint) => reports.push(checkpoint));
  await journal.append([newEvent()]);
  subscription.dispose();
  await journal.close();
  assert.deepEqual(reports, []);
});
