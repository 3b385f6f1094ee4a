import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeEvents, readEventFrames, REPLAY_FRAME_BYTES } from '../../../../host/gateway/streamRoutes.ts';
import { serializeEnvelope } from '../../../../host/journal/serializedEvent.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { EventBatchMessageSchema, SCHEMA_VERSION } from '../../../../host/protocol/index.ts';
import type { NewEvent } from '../../../../host/protocol/index.ts';
import { newEvent, newEvents, openSecondConnection, tempJournalPath } from './journalFixtures.ts';

/** Events whose JSON is easy to get wrong when spliced: escapes, odd numbers, nulls, nesting. */
function awkwardEvents(): NewEvent[] {
  return [
    newEvent(),
    newEvent({ type: 'approval.requested', correlation_id: 'corr-"quoted"', raw_ref: 'raw/\\42', summary: 'line\nbreak\t"tab"' }),
    newEvent({ payload: { text: 'ünïcødé ✓ 😀', lone: '\ud800', control: '\u0001\u001f', html: '</script>' } }),
    newEvent({ payload: { numbers: [0, -0, 1e21, 1.5e-7, -12.25, Number.MAX_SAFE_INTEGER], flags: [true, false, null] } }),
    newEvent({ payload: { nested: { deep: { deeper: [{ a: 1 }, [], {}] } }, __proto__key: { x: 1 } }, entity_refs: [] }),
    newEvent({ actor: { kind: 'user', id: 'ü@example.com' }, entity_refs: [{ kind: 'session', id: 'plan-1' }], payload: {} }),
  ];
}

test('a serialized replay is byte-identical to stringifying the envelopes read returns', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(awkwardEvents());

  const serialized = journal.readSerialized(0, 100);
  const envelopes = journal.read(0, 100);

  assert.equal(serialized.length, envelopes.length);
  assert.deepEqual(serialized.map((event) => event.seq), envelopes.map((event) => event.seq));
  assert.deepEqual(serialized.map((event) => event.json), envelopes.map((event) => JSON.stringify(event)));
  assert.deepEqual(journal.readSerialized(3, 2).map((event) => event.seq), [4, 5]);
});

test('a replayed batch message parses with the protocol schema and equals the parse-and-stringify message', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(awkwardEvents());

  const [frame] = encodeEvents(journal.readSerialized(0, 100));
  const previousFrame = JSON.stringify({ kind: 'events', schema_version: SCHEMA_VERSION, events: journal.read(0, 100) });

  assert.equal(frame, previousFrame);
  const message = EventBatchMessageSchema.parse(JSON.parse(frame as string));
  assert.deepEqual(message.events, journal.read(0, 100));
});

test('live envelopes serialize to the same text a later replay of their rows gives', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const live: string[] = [];
  journal.onDidAppend((events) => live.push(...events.map((event) => serializeEnvelope(event).json)));

  await journal.append(awkwardEvents());

  assert.deepEqual(live, journal.readSerialized(0, 100).map((event) => event.json));
});

test('an entity replay serializes only the events naming the entity, forward from the cursor', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(awkwardEvents());

  const replay = journal.readSerializedByEntity('run', 'run-1', 1, 100);

  const expected = journal.readByEntity('run', 'run-1', 1, 100, 'forward');
  assert.deepEqual(replay.map((event) => event.json), expected.map((event) => JSON.stringify(event)));
  assert.deepEqual(replay.map((event) => event.seq), [2, 3, 4]);
});

test('a serialized run is the page\'s events joined by commas, with its last seq and count', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(awkwardEvents());

  const run = journal.readSerializedRun(1, 3);
  const page = journal.read(1, 3);

  assert.ok(run);
  assert.equal(run.seq, 4);
  assert.equal(run.count, 3);
  assert.equal(Buffer.from(run.json).toString('utf8'), page.map((event) => JSON.stringify(event)).join(','));
  assert.equal(journal.readSerializedRun(0, 100)?.count, awkwardEvents().length);
  assert.equal(journal.readSerializedRun(journal.head(), 100), undefined);
});

test('a replay frame is a frame of its own and live events share one, each the text the string path makes', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(awkwardEvents());
  const [replayed] = readEventFrames(journal, 0, 3);
  assert.ok(replayed);

  const frames = encodeEvents([replayed, ...journal.readSerialized(3, 100)]);

  assert.equal(frames.length, 2);
  const [runFrame, liveFrame] = frames;
  assert.ok(runFrame !== undefined && typeof runFrame === 'object' && 'utf8' in runFrame);
  assert.equal(Buffer.from(runFrame.utf8).toString('utf8'), encodeEvents(journal.readSerialized(0, 3))[0]);
  assert.equal(liveFrame, encodeEvents(journal.readSerialized(3, 100))[0]);
  const events = [runFrame, liveFrame].flatMap((frame) => EventBatchMessageSchema.parse(JSON.parse(typeof frame === 'string' ? frame : Buffer.from((frame as { utf8: Uint8Array }).utf8).toString('utf8'))).events);
  assert.deepEqual(events, journal.read(0, 100));
});

test('runs of a page follow each other in journal order, each near the byte budget, big events alone', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  const sizes = Array.from({ length: 300 }, (_, index) => (index === 150 ? 40_000 : (index * 7919) % 900));
  await journal.append(sizes.map((size, index) => newEvent({ summary: `event ${index}`, payload: { text: 'x'.repeat(size) } })));

  const runs = journal.readSerializedRuns(10, 280, 8_192);

  assert.deepEqual(runs.map((run) => run.seq), runs.map((_, index) => 10 + runs.slice(0, index + 1).reduce((sum, run) => sum + run.count, 0)));
  assert.equal(runs.reduce((sum, run) => sum + run.count, 0), 280);
  assert.equal(runs.map((run) => Buffer.from(run.json).toString('utf8')).join(','), journal.readSerialized(10, 280).map((event) => event.json).join(','));
  assert.ok(runs.length >= 10, `${runs.length} runs for about 150 KB`);
  const bigRun = runs.find((run) => run.seq - run.count < 151 && run.seq >= 151);
  assert.ok(bigRun && bigRun.json.byteLength > 40_000);
  assert.deepEqual(journal.readSerializedRuns(journal.head(), 100, 8_192), []);
  assert.throws(() => journal.readSerializedRuns(0, 10, 0), { code: 'journal_invalid_argument' });
});

test('a replay frame is a run read inside its batch message: the bytes the string path sends', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  await journal.append(Array.from({ length: 400 }, (_, index) => newEvent({ summary: `event ${index}` })));
  await journal.append(awkwardEvents());

  const frames = readEventFrames(journal, 0, 1_000);

  assert.ok(frames.length > 1);
  let cursor = 0;
  for (const frame of frames) {
    const text = Buffer.from(frame.frame).toString('utf8');
    assert.ok(Buffer.byteLength(text) < 2 * REPLAY_FRAME_BYTES);
    assert.equal(text, encodeEvents(journal.readSerialized(cursor, frame.seq - cursor))[0]);
    cursor = frame.seq;
  }
  assert.equal(cursor, journal.head());
  assert.deepEqual(encodeEvents(frames).map((frame) => (frame as { utf8: Uint8Array }).utf8), frames.map((frame) => frame.frame));
});

test('a long run keeps journal order: SQLite joins the rows as the ordered page yields them', async (t) => {
  const journal = openSqliteJournal(':memory:');
  t.after(() => journal.dispose());
  for (let batch = 0; batch < 6; batch++) await journal.append(Array.from({ length: 500 }, (_, index) => newEvent({ summary: `event ${batch}-${index}`, payload: { size: 'x'.repeat((index * 7919) % 300) } })));

  const run = journal.readSerializedRun(17, 2500);

  assert.ok(run);
  assert.equal(Buffer.from(run.json).toString('utf8'), journal.read(17, 2500).map((event) => JSON.stringify(event)).join(','));
});

test('runs read across gaps in the seqs hold the same events as read(), in order', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  await journal.append(newEvents(40));
  // The writer never leaves gaps; a repaired or hand-edited file might.
  openSecondConnection(t, path).prepare('DELETE FROM events WHERE seq IN (3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 37)').run();

  const expected = (cursor: number, limit: number): string => journal.read(cursor, limit).map((event) => JSON.stringify(event)).join(',');
  for (const [cursor, limit] of [[0, 5], [2, 3], [8, 4], [9, 13], [0, 40], [36, 10]] as const) {
    const run = journal.readSerializedRun(cursor, limit);
    assert.equal(Buffer.from(run?.json ?? []).toString('utf8'), expected(cursor, limit), `cursor ${cursor}, limit ${limit}`);
    assert.equal(run?.count, journal.read(cursor, limit).length);
  }
  journal.readSerializedRuns(0, 100, 600); // learns the event size: the next read cuts small runs
  const runs = journal.readSerializedRuns(0, 100, 600);
  assert.ok(runs.length > 5, `${runs.length} runs`);
  assert.equal(runs.map((run) => Buffer.from(run.json).toString('utf8')).join(','), expected(0, 100));
  assert.equal(runs.at(-1)?.seq, 40);
});
