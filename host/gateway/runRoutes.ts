import type { EventJournal } from '../journal/eventJournal.ts';
import { SCHEMA_VERSION } from '../protocol/index.ts';
import type { Run, RunDetail, RunDiff, RunEventPage, RunFiles, RunLogPage, TerminalSnapshot } from '../protocol/index.ts';
import { readEntityEventPage } from './entityEventPage.ts';
import type { GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { sendJson } from './httpJson.ts';
import { assertCursorWithinHead, parseCursor, parseLimit } from './queryParams.ts';
import { requireReady } from './readRoutes.ts';
import type { HttpHandler, HttpRouteContext, Route } from './routeTable.ts';
import type { RunBackend } from './runBackend.ts';
import { toRunLogLine } from './runLogLines.ts';

/** Dependencies of the run read routes. */
export interface RunRouteDeps {
  journal: EventJournal;
  backend: GatewayBackend;
}

/** Longest `path` the diff route accepts. */
const MAX_DIFF_PATH_CHARS = 4096;
/** Raw terminal bytes per snapshot page (at least one chunk is always sent); page on with `next_cursor`. */
export const MAX_SNAPSHOT_BYTES = 1024 * 1024;

/**
 * `GET /api/v1/runs/{run_id}` and its `events`, `logs`, `files`, `diffs`, and
 * `terminal/{terminal_id}/snapshot`; open to viewers. Unknown runs are 404.
 */
export function runRoutes(deps: RunRouteDeps): Route[] {
  const read = (handle: (context: HttpRouteContext, run: Run, runs: RunBackend) => Promise<unknown> | unknown): Route['http'] => {
    const handler: HttpHandler = async (context) => {
      const { runs, run } = runOf(deps.backend, context.params.run_id as string);
      sendJson(context.res, 200, await handle(context, run, runs));
    };
    return { GET: { role: 'viewer', handle: handler } };
  };
  return [
    { pattern: '/api/v1/runs/{run_id}', http: read((_context, run, runs) => runDetail(deps.journal, run, runs)) },
    { pattern: '/api/v1/runs/{run_id}/events', http: read(({ url }, run) => runEvents(deps.journal, run, url)) },
    { pattern: '/api/v1/runs/{run_id}/logs', http: read(({ url }, run) => runLogs(deps.journal, run, url)) },
    { pattern: '/api/v1/runs/{run_id}/files', http: read((_context, run, runs) => runFiles(run, runs)) },
    { pattern: '/api/v1/runs/{run_id}/diffs', http: read(({ url }, run, runs) => runDiff(run, runs, url)) },
    { pattern: '/api/v1/runs/{run_id}/terminal/{terminal_id}/snapshot', http: read(({ url, params }, run) => terminalSnapshot(deps.journal, run, params.terminal_id as string, url)) },
  ];
}

/** The run backend and the run, or 503 while starting / 404 for an unknown run. */
export function runOf(backend: GatewayBackend, runId: string): { runs: RunBackend; run: Run } {
  requireReady(backend);
  const run = backend.runs?.run(runId);
  if (!backend.runs || !run) throw new GatewayError('not_found', `no run ${JSON.stringify(runId)} on this host; run ids come from the snapshot, the task graph or run.* events`);
  return { runs: backend.runs, run };
}

async function runDetail(journal: EventJournal, run: Run, runs: RunBackend): Promise<RunDetail> {
  const context = await runs.context(run);
  const { count, lastSeq } = journal.entitySummary('run', run.id);
  return {
    schema_version: SCHEMA_VERSION, run, ...context, terminal_stream_id: run.terminal_stream_id, event_count: count, last_event_seq: lastSeq,
  };
}

function runEvents(journal: EventJournal, run: Run, url: URL): RunEventPage {
  return { schema_version: SCHEMA_VERSION, ...readEntityEventPage(journal, 'run', run.id, url.searchParams) };
}

function runLogs(journal: EventJournal, run: Run, url: URL): RunLogPage {
  const { events, ...page } = readEntityEventPage(journal, 'run', run.id, url.searchParams);
  return { schema_version: SCHEMA_VERSION, run_id: run.id, lines: events.map(toRunLogLine), ...page };
}

async function runFiles(run: Run, runs: RunBackend): Promise<RunFiles> {
  const changes = await runs.changes(run);
  return {
    schema_version: SCHEMA_VERSION, run_id: run.id, workspace_path: run.workspace_path, source: changes.source, base_ref: changes.baseRef, files: changes.files,
  };
}

async function runDiff(run: Run, runs: RunBackend, url: URL): Promise<RunDiff> {
  const path = diffPath(url.searchParams.get('path'));
  const diff = await runs.diff(run, path);
  if (!diff) throw new GatewayError('not_found', `${path} is not among the files run ${run.id} changed; GET /api/v1/runs/${run.id}/files lists them`);
  return { schema_version: SCHEMA_VERSION, run_id: run.id, path, status: diff.status, source: diff.source, base_ref: diff.baseRef, diff: diff.diff, truncated: diff.truncated };
}

/** `path`: a workspace-relative path as `files` lists it; never absolute, never leaving the workspace. */
function diffPath(raw: string | null): string {
  if (raw === null || raw === '') throw new GatewayError('invalid_request', 'diffs needs ?path=<a path from GET …/files>');
  const segments = raw.split('/');
  if (raw.length > MAX_DIFF_PATH_CHARS || raw.startsWith('/') || raw.includes('\\') || raw.includes('\0') || segments.some((segment) => segment === '..' || segment === '.' || segment === '')) {
    throw new GatewayError('invalid_request', 'path must be a workspace-relative path with / separators, as GET …/files lists it');
  }
  return raw;
}

function terminalSnapshot(journal: EventJournal, run: Run, terminalId: string, url: URL): TerminalSnapshot {
  if (terminalId !== run.terminal_stream_id) {
    throw new GatewayError('not_found', `run ${run.id} has no terminal ${JSON.stringify(terminalId)}; its terminal is ${run.terminal_stream_id}`);
  }
  const cursor = parseCursor(url.searchParams);
  const limit = parseLimit(url.searchParams);
  const head = journal.terminalHead(terminalId);
  assertCursorWithinHead(cursor, head, `terminal stream "${terminalId}"`);
  const chunks = withinBytes(journal.readTerminal(terminalId, cursor, limit), MAX_SNAPSHOT_BYTES);
  return {
    schema_version: SCHEMA_VERSION,
    stream_id: terminalId,
    chunks: chunks.map((chunk) => ({ seq: chunk.seq, data: Buffer.from(chunk.data).toString('base64') })),
    next_cursor: chunks.at(-1)?.seq ?? cursor,
    head,
  };
}

/** The longest prefix of `chunks` within `maxBytes`, and never empty when there are chunks. */
function withinBytes<T extends { data: Uint8Array }>(chunks: T[], maxBytes: number): T[] {
  let total = 0;
  const kept = chunks.findIndex((chunk, index) => (total += chunk.data.byteLength) > maxBytes && index > 0);
  return kept === -1 ? chunks : chunks.slice(0, kept);
}
