import * as vscode from 'vscode';
import type { RunDetail } from '../../host/protocol/index.ts';
import type { OpenOutcome, RunDetailView, RunRequest, RunRequestMethod, RunResult, RunTarget } from '../../host/protocol/runView.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import type { RunTerminalManager } from '../terminals/runTerminal.ts';
import type { RunBaseContentProvider } from '../diff/runDiffEditor.ts';
import { openRunDiff } from '../diff/runDiffEditor.ts';
import type { RunEventRelay } from './runEventRelay.ts';
import type { GatewayClient } from '../../host/client/gatewayClient.ts';
import { decideApproval, runAction } from './runGateway.ts';
import { terminalExcerpt, TERMINAL_EXCERPT_LINES } from './terminalExcerpt.ts';

/** Log lines the panel shows (newest last). */
const LOG_LINES = 200;
/** Terminal chunks read for the excerpt; chunks are small, a few lines each at most. */
const TERMINAL_CHUNKS = 200;

/** What a request handler may use: the run's connection and routes, the relay, the editor's services. */
export interface RunRequestContext {
  target: RunTarget;
  /** The folder's connection (throws `not_connected` when the folder has none). */
  connection(): FolderConnection;
  /** The gateway client of the connected host (throws `not_connected` while it is not ready). */
  client(): GatewayClient;
  relay: RunEventRelay;
  terminals: RunTerminalManager;
  diffs: RunBaseContentProvider;
  /** The latest detail read for this panel, for handlers that need the run's workspace or issue. */
  detail: RunDetail | undefined;
}

type Handler<M extends RunRequestMethod> = (context: RunRequestContext, request: Extract<RunRequest, { method: M }>) => Promise<RunResult<M>>;

export const runRequestHandlers: { [M in RunRequestMethod]: Handler<M> } = {
  detail: async (context) => detailView(await readDetail(context), context.connection()),
  events: (context, request) => context.client().runEvents(context.target.run_id, {
    cursor: request.cursor ?? 0, limit: request.limit, direction: request.direction, ...(request.types ? { types: request.types } : {}),
  }),
  subscribe: async (context, request) => {
    context.relay.start(context.connection(), request.cursor);
    return { cursor: request.cursor };
  },
  files: (context) => context.client().runFiles(context.target.run_id),
  logs: (context) => context.client().runLogs(context.target.run_id, { cursor: 0, direction: 'backward', limit: LOG_LINES }),
  terminal: async (context) => {
    const client = context.client();
    // The panel asks for its detail and its terminal at once: the stream id may not be known yet.
    const streamId = (context.detail ?? await readDetail(context)).terminal_stream_id;
    const probe = await client.terminalSnapshot(context.target.run_id, streamId, { cursor: 0, limit: 1 });
    const from = Math.max(0, probe.head - TERMINAL_CHUNKS);
    const tail = from === 0 && probe.head <= 1 ? probe : await client.terminalSnapshot(context.target.run_id, streamId, { cursor: from, limit: TERMINAL_CHUNKS });
    return terminalExcerpt(tail, TERMINAL_EXCERPT_LINES, from > 0);
  },
  openDiff: async (context, request) => {
    const connection = context.connection();
    const diff = await context.client().runDiff(context.target.run_id, request.path);
    const detail = context.detail ?? await readDetail(context);
    // A remote gateway's workspaces are not files of this machine.
    const workspacePath = connection.supervisor.paths ? detail.workspace?.path ?? detail.run.workspace_path : null;
    return openRunDiff(context.diffs, { runId: context.target.run_id, issueIdentifier: detail.run.issue_identifier, workspacePath }, diff);
  },
  open: async (context, request) => openers[request.what](context),
  action: (context, request) => runAction(context.client(), request.action, context.target.run_id),
  decideApproval: (context, request) => decideApproval(context.client(), request.approval_id, request.decision),
};

/** Reads the run's detail and keeps it as the panel's latest. */
async function readDetail(context: RunRequestContext): Promise<RunDetail> {
  const detail = await context.client().runDetail(context.target.run_id);
  context.detail = detail;
  return detail;
}

const openers: Record<'terminal' | 'workspace' | 'tracker', (context: RunRequestContext) => Promise<OpenOutcome>> = {
  terminal: async (context) => {
    const connection = context.connection();
    const run = connection.state.runs.get(context.target.run_id) ?? context.detail?.run;
    if (!run) return { opened: false, message: 'the run is not known yet' };
    context.terminals.show(connection, run);
    return { opened: true, message: null };
  },
  workspace: async (context) => {
    const detail = context.detail ?? await readDetail(context);
    const path = detail.workspace?.path ?? detail.run.workspace_path;
    if (!path) return { opened: false, message: 'the run has no workspace yet' };
    if (!context.connection().supervisor.paths) return { opened: false, message: `the workspace is on the gateway's machine: ${path}` };
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(path), { forceNewWindow: true });
    return { opened: true, message: null };
  },
  tracker: async (context) => {
    const url = trackerUrl(context.detail ?? await readDetail(context), context.connection());
    if (!url) return { opened: false, message: 'the issue has no tracker URL' };
    return { opened: await vscode.env.openExternal(vscode.Uri.parse(url)), message: null };
  },
};

function trackerUrl(detail: RunDetail, connection: FolderConnection): string | null {
  return detail.issue?.url ?? connection.state.issues.get(detail.run.issue_id)?.url ?? null;
}

/** The panel's view of a RunDetail: plus what the editor knows (the tracker URL) and fields not reported yet. */
export function detailView(detail: RunDetail, connection: FolderConnection): RunDetailView {
  return { ...detail, cost_usd: null, validation: null, tracker_url: trackerUrl(detail, connection) };
}
