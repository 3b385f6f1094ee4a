import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TerminalChunk } from '../../../../host/journal/eventJournal.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { tempJournalPath } from './journalFixtures.ts';

const text = (chunk: TerminalChunk | undefined): string => Buffer.from(chunk?.data ?? []).toString('utf8');
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);

test('each terminal stream numbers its chunks from 1, independently of the others', async (t) => {
  const journal = openSqliteJournal(tempJournalPath(t));
  t.after(() => journal.dispose());

  const chunks = await Promise.all([
    journal.appendTerminal('a', bytes('a1')),
    journal.appendTerminal('b', bytes('b1')),
    journal.appendTerminal('a', bytes('a2')),
    journal.appendTerminal('a', bytes('a3')),
    journal.appendTerminal('b', bytes('b2')),
  ]);

  assert.deepEqual(chunks.map((chunk) => [chunk.streamId, chunk.seq]), [['a', 1], ['b', 1], ['a', 2], ['a', 3], ['b', 2]]);
  assert.deepEqual(journal.readTerminal('a', 0, 10).map(text), ['a1', 'a2', 'a3']);
  assert.deepEqual(journal.readTerminal('b', 0, 10).map(text), ['b1', 'b2']);
  assert.equal(journal.terminalHead('a'), 3);
  assert.equal(journal.terminalHead('b'), 2);
  assert.equal(journal.terminalHead('never-written'), 0);
  assert.equal(journal.head(), 0, 'terminal chunks do not consume event seqs');
});

test('readTerminal pages from a cursor with a limit', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await Promise.all(['1', '2', '3', '4', '5'].map((line) => journal.appendTerminal('s', bytes(line))));

  assert.deepEqual(journal.readTerminal('s', 1, 2).map(text), ['2', '3']);
  assert.deepEqual(journal.readTerminal('s', 3, 10).map(text), ['4', '5']);
  assert.deepEqual(journal.readTerminal('s', 5, 10), []);
});

test('terminal chunk seqs continue per stream after close and reopen', async (t) => {
  const path = tempJournalPath(t);
  const before = openSqliteJournal(path);
  await Promise.all([before.appendTerminal('a', bytes('x')), before.appendTerminal('a', bytes('y'))]);
  await before.close();

  const after = openSqliteJournal(path);
  t.after(() => after.dispose());
  const [a, b] = await Promise.all([after.appendTerminal('a', bytes('z')), after.appendTerminal('b', bytes('w'))]);

  assert.equal(a.seq, 3);
  assert.equal(b.seq, 1);
});

test('terminal subscribers are told of each committed chunk, in order', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const told: string[] = [];
  journal.onDidAppendTerminal((chunk) => told.push(`${chunk.streamId}#${chunk.seq}:${text(chunk)}`));

  await Promise.all([journal.appendTerminal('a', bytes('one')), journal.appendTerminal('b', bytes('two')), journal.appendTerminal('a', bytes('three'))]);

  assert.deepEqual(told, ['a#1:one', 'b#1:two', 'a#2:three']);
});

test('the journal stores the bytes of the view it was given, copied at append time', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const pooled = Buffer.from('xxHELLOxx');
  const view = pooled.subarray(2, 7);

  const appended = journal.appendTerminal('s', view);
  pooled.fill(0);
  await appended;

  assert.equal(text(journal.readTerminal('s', 0, 1)[0]), 'HELLO');
});

test('readTerminalRuns joins a page into runs within the run size, bytes intact; a longer chunk goes alone', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  // Binary chunks with NUL bytes and invalid UTF-8, 10 bytes each but the fourth (25 bytes).
  const chunks = Array.from({ length: 8 }, (_, index) => Uint8Array.from({ length: index === 3 ? 25 : 10 }, (_, byte) => (index * 37 + byte * 101) % 256));
  for (const data of chunks) await journal.appendTerminal('s', data);
  await journal.appendTerminal('other', bytes('not mine'));

  const runs = journal.readTerminalRuns('s', 1, 6, 20);

  assert.deepEqual(runs.map((run) => [run.seq, run.count, run.data.byteLength]), [[3, 2, 20], [4, 1, 25], [6, 2, 20], [7, 1, 10]]);
  assert.deepEqual(Buffer.concat(runs.map((run) => run.data)), Buffer.concat(chunks.slice(1, 7)));
  assert.ok(runs.every((run) => run.streamId === 's'));
  assert.deepEqual(journal.readTerminalRuns('s', 8, 10, 20), []);
  assert.throws(() => journal.readTerminalRuns('s', 0, 10, 0), { code: 'journal_invalid_argument' });
});

test('long runs keep stream order, whatever the chunk sizes', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const chunks = Array.from({ length: 1500 }, (_, index) => Buffer.alloc(1 + ((index * 7919) % 700), index % 251));
  await Promise.all(chunks.map((data) => journal.appendTerminal('s', data)));

  const runs = journal.readTerminalRuns('s', 3, 1400, 64 * 1024);

  assert.ok(runs.length > 3 && runs.every((run) => run.data.byteLength <= 64 * 1024));
  assert.deepEqual(Buffer.concat(runs.map((run) => run.data)), Buffer.concat(chunks.slice(3, 1403)));
  assert.equal(runs.reduce((total, run) => total + run.count, 0), 1400);
});

test('readTerminalRuns ends a page before the chunk that would pass the page budget, never before the first', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  for (const size of [30, 30, 30, 100, 10]) await journal.appendTerminal('s', new Uint8Array(size));

  const counted = (runs: { seq: number; count: number }[]) => runs.map((run) => [run.seq, run.count]);
  assert.deepEqual(counted(journal.readTerminalRuns('s', 0, 10, 40, 70)), [[1, 1], [2, 1]]);
  assert.deepEqual(counted(journal.readTerminalRuns('s', 3, 10, 40, 70)), [[4, 1]], 'a first chunk larger than the budget still comes');
  assert.deepEqual(counted(journal.readTerminalRuns('s', 0, 10, 1000)), [[5, 5]], 'no budget: the whole page');
});
