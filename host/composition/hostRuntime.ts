import { join } from 'node:path';
import type { NewEvent } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { LogFields, Logger, LogLevel } from '../base/logger.ts';
import type { GatewayLog } from '../gateway/gatewayLog.ts';
import { systemClock } from '../base/clock.ts';
import { errorMessage } from '../base/errors.ts';
import { openSqliteJournal } from '../journal/sqliteEventJournal.ts';
import type { DataFolderLock } from './dataFolderLock.ts';
import { WorkflowWatcher } from '../workflow/workflowWatcher.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { continuationPrompt, renderPrompt } from '../workflow/promptRenderer.ts';
import { ApprovalService } from '../approvals/approvalService.ts';
import { WorkspaceManager } from '../workspace/workspaceManager.ts';
import { hookLogObserver } from '../workspace/hookLog.ts';
import { Orchestrator } from '../orchestrator/orchestrator.ts';
import { TaskGraphService } from '../taskgraph/taskGraphService.ts';
import { createGatewayServer } from '../gateway/gatewayServer.ts';
import type { GatewayServer } from '../gateway/gatewayServer.ts';
import { readTokensFile } from '../gateway/tokensFile.ts';
import { TokensFileReloader } from '../gateway/tokensFileReloader.ts';
import type { ServeOptions } from './cliArgs.ts';
import { loadOrCreateToken } from './tokenFile.ts';
import { createHostBackend, HOST_VERSION } from './hostBackend.ts';
import { TrackerHolder } from './trackerHolder.ts';
import { HarnessFactory } from './harnessFactory.ts';
import { workflowStatus } from './workflowStatus.ts';

export interface RunningHost {
  stop(): Promise<void>;
  /** Open gateway streams of every kind and transport. */
  streamSubscribers(): number;
}

/**
 * The composition root: wires journal, workflow, tracker, harness, orchestrator and gateway on a
 * data folder the caller holds (`lockDataFolder`); the lock is released when the host stops.
 */
export async function startHost(options: ServeOptions, log: Logger, dataLock: DataFolderLock): Promise<RunningHost> {
  const token = options.tokenFile === undefined ? undefined : loadOrCreateToken(options.tokenFile);
  const tokens = options.tokensFile === undefined ? [] : readTokensFile(options.tokensFile).grants;
  const journal = openSqliteJournal(join(options.data, 'journal.sqlite'));
  journal.onDidCheckpoint((checkpoint) => {
    if (checkpoint.ok) log.log('debug', 'journal', 'checkpointed', { wal_frames: checkpoint.walFrames, ms: Math.round(checkpoint.ms) });
    else log.log('warn', 'journal', 'background checkpoints stopped; the writer checkpoints by itself', { error: checkpoint.error });
  });
  const publish = (event: NewEvent) => {
    journal.append([event]).catch((error: unknown) => log.log('error', 'journal', 'append failed', { type: event.type, error: errorMessage(error) }));
  };
  const watcher = new WorkflowWatcher({ path: options.workflow });
  let loadedAt: string | null = null;
  const approvals = new ApprovalService(publish);
  const workspaces = new WorkspaceManager(hookLogObserver(log));
  let trackerProblem: string | undefined;
  const trackers = new TrackerHolder(() => orchestrator.poke(), log);
  const harnesses = new HarnessFactory({ dataDir: options.data, log });
  const orchestrator: Orchestrator = new Orchestrator({
    journal, clock: systemClock, log, workspaces, approvals,
    workflow: () => watcher.current,
    workflowProblem: () => watcher.lastError?.message,
    tracker: () => trackers.current,
    trackerProblem: () => trackerProblem,
    harness: (workflow) => harnesses.adapterFor(workflow),
    renderPrompt: (template, issue, attempt) => renderPrompt(template, { issue, attempt }),
    continuationPrompt,
  });

  const applyWorkflow = (definition: WorkflowDefinition) => {
    loadedAt = new Date().toISOString();
    try {
      trackers.update(definition);
      trackerProblem = undefined;
    } catch (error) {
      trackerProblem = errorMessage(error);
      log.log('error', 'tracker', errorMessage(error));
    }
    publish({ type: EventTypes.workflowLoaded, actor: { kind: 'host' }, summary: `WORKFLOW.md loaded`, payload: { workflow: workflowStatus(watcher, loadedAt) }, entity_refs: [{ kind: 'workflow', id: watcher.path }] });
    orchestrator.poke();
  };
  watcher.onDidChange(applyWorkflow);
  watcher.onDidFail((error) => {
    log.log('warn', 'workflow', 'WORKFLOW.md is invalid; keeping the last good configuration', { code: error.code, error: error.message });
    publish({ type: EventTypes.workflowInvalid, actor: { kind: 'host' }, summary: `WORKFLOW.md invalid: ${error.message}`, payload: { workflow: workflowStatus(watcher, loadedAt) }, entity_refs: [{ kind: 'workflow', id: watcher.path }] });
  });

  // Started before the watcher, so it sees the first workflow.loaded and fetches projects then.
  const taskGraph = new TaskGraphService({ journal, tracker: () => trackers.current, config: () => watcher.current?.config, clock: systemClock, log });
  taskGraph.start();
  let ready = false;
  let stopping = false;
  // The gateway is created after the backend; the snapshot reads its health through this late binding.
  const late: { gateway?: GatewayServer } = {};
  const backend = createHostBackend({
    journal, orchestrator, approvals, taskGraph,
    workflowStatus: () => workflowStatus(watcher, loadedAt),
    trackerKind: () => trackers.current?.kind ?? 'none',
    trackerStats: () => trackers.current?.stats?.() ?? null,
    isReady: () => ready,
    isStopping: () => stopping,
    workflow: () => watcher.current,
    tracker: () => trackers.current,
    trackerProblem: () => trackerProblem,
    gatewayHealth: () => late.gateway?.health(),
  });
  const gateway = createGatewayServer({ journal, backend, token, tokens, log: gatewayLog(log) });
  late.gateway = gateway;
  const tokensReloader = options.tokensFile === undefined
    ? undefined
    : new TokensFileReloader({ path: options.tokensFile, apply: (grants) => gateway.replaceTokens(grants), log: gatewayLog(log) });
  try {
    await watcher.start();
    for (const listener of options.listeners) await gateway.listen(listener);
  } catch (error) {
    tokensReloader?.dispose();
    await gateway.close();
    taskGraph.dispose();
    watcher.dispose();
    trackers.dispose();
    await journal.close();
    dataLock.release();
    throw error;
  }
  publish({ type: EventTypes.hostStarted, actor: { kind: 'host' }, summary: `host ${HOST_VERSION} started`, payload: { version: HOST_VERSION, pid: process.pid, workflow: options.workflow } });
  // Rebuilds runs and retries from the journal, then polls; a failure here is logged, the host keeps serving.
  await orchestrator.start().catch((error: unknown) => log.log('error', 'orchestrator', 'recovery from the journal failed', { error: errorMessage(error) }));
  ready = true;
  log.log('info', 'host', 'ready', { socket: options.socket, workflow: options.workflow });

  return {
    streamSubscribers: () => Object.values(gateway.health().streams).reduce((sum, stream) => sum + stream.subscribers, 0),
    async stop() {
      ready = false;
      stopping = true;
      await orchestrator.shutdown();
      orchestrator.dispose();
      await harnesses.stop();
      tokensReloader?.dispose();
      await gateway.close();
      taskGraph.dispose();
      watcher.dispose();
      trackers.dispose();
      await journal.close();
      dataLock.release();
    },
  };
}

function gatewayLog(log: Logger): GatewayLog {
  const forward = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => log.log(level, 'gateway', message, toLogFields(fields));
  return { info: forward('info'), warn: forward('warn'), error: forward('error') };
}

function toLogFields(fields: Record<string, unknown>): LogFields {
  const result: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    result[key] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string | number | boolean | null) : JSON.stringify(value);
  }
  return result;
}
