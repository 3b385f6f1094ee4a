import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventJournal } from '../../host/journal/eventJournal.ts';
import { EVENT_COLUMNS, pushEventValues } from '../../host/journal/eventRowMapping.ts';
import type { EventRow } from '../../host/journal/eventRowMapping.ts';
import { applyJournalPragmas } from '../../host/journal/journalDatabase.ts';
import type { JournalSynchronous } from '../../host/journal/journalDatabase.ts';
import { journalMigrations } from '../../host/journal/journalMigrations.ts';
import { applyMigrations } from '../../host/journal/migrationRunner.ts';
import { openSqliteJournal } from '../../host/journal/sqliteEventJournal.ts';
import type { NewEvent } from '../../host/protocol/index.ts';
import type { BenchResult } from './benchResult.ts';
import { median } from './benchResult.ts';
import { settleHeap } from './gatewayBenchSetup.ts';
import { chunked, realisticEvents, rowsOf, terminalChunks } from './journalBenchData.ts';

const EVENT_COUNT = 200_000;
const EVENTS_PER_APPEND = 4;
const ROUNDS = 3;
const READ_PAGE = 1_000;
const CHUNK_COUNT = 50_000;
const CHUNK_BYTES = 512;
const CHUNKS_PER_TICK = 500;
const RAW_BLOCK_ROWS = 32;

/** One ingest shape: how durable, and how many events the orchestrator appends per loop turn. */
interface IngestCase {
  synchronous: JournalSynchronous;
  eventsPerTick: number;
}

const ingestCases: readonly IngestCase[] = [
  { synchronous: 'FULL', eventsPerTick: 1_000 },
  { synchronous: 'FULL', eventsPerTick: 100 },
  { synchronous: 'NORMAL', eventsPerTick: 1_000 },
];

/**
 * Journal throughput against raw better-sqlite3 on the same schema, pragmas and rows, in the
 * same run: event ingest through append() (group-committed, file DB), replay through read(),
 * and terminal chunk ingest. Each figure is the median of a few rounds.
 */
export async function runJournalBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'os-journal-bench-'));
  try {
    const events = realisticEvents(EVENT_COUNT);
    const rows = rowsOf(events);
    const results: BenchResult[] = [];
    for (const ingestCase of ingestCases) results.push(...await benchIngest(dir, ingestCase, events, rows));
    results.push(...benchReplay(dir, rows));
    results.push(...await benchTerminal(dir));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchIngest(dir: string, ingestCase: IngestCase, events: NewEvent[], rows: EventRow[]): Promise<BenchResult[]> {
  const label = `${ingestCase.synchronous} ${ingestCase.eventsPerTick}/tick`;
  const ticks = chunked(chunked(events, EVENTS_PER_APPEND), ingestCase.eventsPerTick / EVENTS_PER_APPEND);
  const rowTicks = chunked(rows, ingestCase.eventsPerTick);
  const rates = { journal: [] as number[], rawRows: [] as number[], rawBlocks: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.rawRows.push(await measureOnFreshFile(dir, (path) => ingestRaw(openRawDatabase(path, ingestCase.synchronous), rowTicks, 1)));
    rates.rawBlocks.push(await measureOnFreshFile(dir, (path) => ingestRaw(openRawDatabase(path, ingestCase.synchronous), rowTicks, RAW_BLOCK_ROWS)));
    rates.journal.push(await measureOnFreshFile(dir, (path) => ingestJournal(openSqliteJournal(path, ingestCase), ticks)));
  }
  const journal = median(rates.journal);
  const rawRows = median(rates.rawRows);
  const rawBlocks = median(rates.rawBlocks);
  return [
    { bench: 'journal', name: `append ${label}`, value: journal, unit: 'events/s', note: targetNote(ingestCase, 'target ≥ 100,000') },
    { bench: 'journal', name: `raw row inserts ${label}`, value: rawRows, unit: 'events/s', note: 'one INSERT per row' },
    { bench: 'journal', name: `raw block inserts ${label}`, value: rawBlocks, unit: 'events/s', note: `${RAW_BLOCK_ROWS} rows per INSERT, as the journal` },
    { bench: 'journal', name: `append/raw rows ${label}`, value: journal / rawRows, unit: '×' },
    { bench: 'journal', name: `append/raw blocks ${label}`, value: journal / rawBlocks, unit: '×', note: targetNote(ingestCase, 'target ≥ 0.8') },
  ];
}

/**
 * The targets are for durable group commit at load (FULL, 1,000 events per commit). With 100 per
 * commit the fsyncs bound both the journal and raw SQLite; NORMAL is not durable.
 */
function targetNote(ingestCase: IngestCase, target: string): string {
  if (ingestCase.synchronous !== 'FULL') return 'not durable: no fsync per commit';
  return ingestCase.eventsPerTick >= 1_000 ? target : 'an fsync per 100 events bounds it';
}

/** Appends as the orchestrator would: many appends per loop turn, each caller awaiting its own. */
async function ingestJournal(journal: EventJournal, ticks: NewEvent[][][]): Promise<number> {
  let delivered = 0;
  journal.onDidAppend((batch) => { delivered += batch.length; });
  const started = performance.now();
  for (const appends of ticks) await Promise.all(appends.map((events) => journal.append(events)));
  const seconds = (performance.now() - started) / 1000;
  await journal.close();
  if (delivered !== ticks.flat(2).length) throw new Error(`bench lost events: ${delivered} delivered`);
  return delivered / seconds;
}

/**
 * The substrate: one hand-written transaction per tick of prepared INSERTs of rows built ahead,
 * `blockRows` rows per events INSERT (and twice as many per entity INSERT).
 */
function ingestRaw(db: Database.Database, rowTicks: EventRow[][], blockRows: number): number {
  const insertEvents = prepareValues(db, `INSERT INTO events (${EVENT_COLUMNS.join(', ')})`, EVENT_COLUMNS.length, blockRows);
  const insertEntities = prepareValues(db, 'INSERT OR IGNORE INTO event_entities (entity_kind, entity_id, seq)', 3, blockRows * 2);
  const refsBySeq = new Map(rowTicks.flat().map((row) => [row.seq, (JSON.parse(row.envelope) as { entity_refs: { kind: string; id: string }[] }).entity_refs]));
  const insertTick = db.transaction((tick: EventRow[]) => {
    for (let start = 0; start < tick.length; start += blockRows) {
      const block = tick.slice(start, start + blockRows);
      const events: unknown[] = [];
      const entities: unknown[] = [];
      for (const row of block) {
        pushEventValues(row, events);
        for (const ref of refsBySeq.get(row.seq)!) entities.push(ref.kind, ref.id, row.seq);
      }
      insertEvents(events);
      insertEntities(entities);
    }
  });
  const started = performance.now();
  for (const tick of rowTicks) insertTick.immediate(tick);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rowTicks.flat().length / seconds;
}

/** A prepared INSERT for exactly `rows` rows when given that many, else one row at a time. */
function prepareValues(db: Database.Database, head: string, width: number, rows: number): (values: unknown[]) => void {
  const tuple = `(${new Array(width).fill('?').join(', ')})`;
  const full = db.prepare(`${head} VALUES ${new Array(rows).fill(tuple).join(', ')}`);
  const single = db.prepare(`${head} VALUES ${tuple}`);
  return (values) => {
    if (values.length === width * rows) full.run(values);
    else for (let offset = 0; offset < values.length; offset += width) single.run(values.slice(offset, offset + width));
  };
}

function benchReplay(dir: string, rows: EventRow[]): BenchResult[] {
  const path = freshPath(dir);
  ingestRaw(openRawDatabase(path, 'FULL'), chunked(rows, 1_000), RAW_BLOCK_ROWS);
  const rates = { journal: [] as number[], rawRows: [] as number[], rawParsed: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.journal.push(replayJournal(openSqliteJournal(path)));
    rates.rawRows.push(replayRaw(new Database(path, { readonly: true }), false));
    rates.rawParsed.push(replayRaw(new Database(path, { readonly: true }), true));
  }
  removeDatabase(path);
  const journal = median(rates.journal);
  const rawParsed = median(rates.rawParsed);
  return [
    { bench: 'journal', name: `replay read() pages of ${READ_PAGE}`, value: journal, unit: 'events/s', note: 'rows → envelopes' },
    { bench: 'journal', name: `raw select pages of ${READ_PAGE}`, value: median(rates.rawRows), unit: 'events/s', note: 'rows only, JSON left as text' },
    { bench: 'journal', name: `raw select + JSON.parse`, value: rawParsed, unit: 'events/s', note: 'the same work as read()' },
    { bench: 'journal', name: 'replay/raw select + parse', value: journal / rawParsed, unit: '×' },
  ];
}

function replayJournal(journal: EventJournal): number {
  const started = performance.now();
  let count = 0;
  for (let page = journal.read(0, READ_PAGE); page.length > 0; page = journal.read(page.at(-1)!.seq, READ_PAGE)) {
    count += page.length;
  }
  const seconds = (performance.now() - started) / 1000;
  journal.dispose();
  return count / seconds;
}

function replayRaw(db: Database.Database, parse: boolean): number {
  const select = db.prepare<[number, number], EventRow>('SELECT seq, type, envelope FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const started = performance.now();
  let count = 0;
  for (let page = select.all(0, READ_PAGE); page.length > 0; page = select.all(page.at(-1)!.seq, READ_PAGE)) {
    if (parse) for (const row of page) JSON.parse(row.envelope);
    count += page.length;
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return count / seconds;
}

async function benchTerminal(dir: string): Promise<BenchResult[]> {
  const chunks = terminalChunks(CHUNK_COUNT, CHUNK_BYTES);
  const ticks = chunked(chunks, CHUNKS_PER_TICK);
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rates.push(await measureOnFreshFile(dir, async (path) => {
      const journal = openSqliteJournal(path);
      const started = performance.now();
      for (const tick of ticks) await Promise.all(tick.map((data, index) => journal.appendTerminal(`term-${index % 8}`, data)));
      const seconds = (performance.now() - started) / 1000;
      await journal.close();
      return CHUNK_COUNT / seconds;
    }));
  }
  const rate = median(rates);
  return [
    { bench: 'journal', name: `appendTerminal FULL ${CHUNKS_PER_TICK}/tick, 8 streams`, value: rate, unit: 'chunks/s', note: `${CHUNK_BYTES}-byte chunks` },
    { bench: 'journal', name: 'appendTerminal throughput', value: (rate * CHUNK_BYTES) / 1e6, unit: 'MB/s' },
  ];
}

let fileCounter = 0;
function freshPath(dir: string): string {
  return join(dir, `bench-${++fileCounter}.db`);
}

/**
 * Deletes a measured database at once: left behind, hundreds of MB of dirty pages would make the
 * kernel throttle the writes of the cases measured after it.
 */
function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** Runs one measurement on a new database file, deleted afterwards. */
async function measureOnFreshFile(dir: string, measure: (path: string) => number | Promise<number>): Promise<number> {
  const path = freshPath(dir);
  settleHeap();
  try {
    return await measure(path);
  } finally {
    removeDatabase(path);
  }
}

function openRawDatabase(path: string, synchronous: JournalSynchronous): Database.Database {
  const db = new Database(path);
  applyJournalPragmas(db, synchronous);
  applyMigrations(db, journalMigrations);
  return db;
}
