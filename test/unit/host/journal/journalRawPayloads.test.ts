import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { journalMigrations } from '../../../../host/journal/journalMigrations.ts';
import { applyMigrations } from '../../../../host/journal/migrationRunner.ts';
import { MAX_RAW_PAYLOAD_CHARS } from '../../../../host/journal/rawPayloadStore.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { countRows, newEvent, openSecondConnection, tempJournalPath } from './journalFixtures.ts';

test('a raw payload gets an id at once and is committed no later than the event that refers to it', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  const other = openSecondConnection(t, path);

  const id = journal.appendRaw({ runId: 'run-1', source: 'codex/malformed', body: '{"id":3,"result":' });
  assert.equal(journal.readRaw(id)?.body, '{"id":3,"result":', 'readable while still queued');
  assert.equal(countRows(other, 'raw_payloads'), 0, 'nothing is written before the group commit');
  const [event] = await journal.append([newEvent({ raw_ref: id })]);

  assert.equal(countRows(other, 'raw_payloads'), 1);
  const stored = journal.readRaw(event!.raw_ref!);
  assert.equal(stored?.runId, 'run-1');
  assert.equal(stored?.source, 'codex/malformed');
  assert.ok(!Number.isNaN(Date.parse(stored?.timestamp ?? '')));
});

test('raw payloads survive a reopen and unknown ids read as undefined', async (t) => {
  const path = tempJournalPath(t);
  const first = openSqliteJournal(path);
  const id = first.appendRaw({ runId: null, source: 'openhands/unknown_event', body: '{"kind":"FutureEvent"}' });
  await first.close();

  const second = openSqliteJournal(path);
  t.after(() => second.dispose());
  assert.deepEqual(second.readRaw(id), { id, runId: null, source: 'openhands/unknown_event', timestamp: second.readRaw(id)?.timestamp, body: '{"kind":"FutureEvent"}' });
  assert.equal(second.readRaw('no-such-id'), undefined);
});

test('a body over the cap keeps its start and says how much was cut', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const id = journal.appendRaw({ runId: 'run-1', source: 'codex/stdout_overflow', body: 'x'.repeat(MAX_RAW_PAYLOAD_CHARS + 10) });
  await journal.append([newEvent({ raw_ref: id })]);

  const body = journal.readRaw(id)?.body ?? '';
  assert.ok(body.startsWith('x'.repeat(MAX_RAW_PAYLOAD_CHARS)));
  assert.match(body, /truncated: 10 more characters/);
});

test('a raw payload without a source is refused; a closed journal refuses to keep one', async () => {
  const journal = openSqliteJournal(':memory:');
  assert.throws(() => journal.appendRaw({ runId: null, source: '', body: 'x' }), { code: 'journal_invalid_argument' });
  await journal.close();
  assert.throws(() => journal.appendRaw({ runId: null, source: 'codex/malformed', body: 'x' }), { code: 'journal_closed' });
});

test('migration 2 adds raw_payloads to a journal created at schema 1 and keeps its events', (t) => {
  const db = new Database(':memory:');
  t.after(() => db.close());
  applyMigrations(db, journalMigrations.slice(0, 1));
  db.prepare(`INSERT INTO events (seq, id, type, ts, actor, correlation_id, entity_refs, summary, payload, raw_ref, schema_version)
    VALUES (1, 'e1', 'host.started', '2026-01-01T00:00:00.000Z', '{"kind":"host"}', NULL, '[]', 's', '{}', NULL, 1)`).run();

  assert.deepEqual(applyMigrations(db, journalMigrations.slice(0, 2)), [2]);
  assert.equal(countRows(db, 'events'), 1);
  assert.equal(countRows(db, 'raw_payloads'), 0);
});
