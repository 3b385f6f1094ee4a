import { join } from 'node:path';
import type { NewEvent } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { LogFields, Logger, LogLevel } from '../base/logger.ts';
import type { GatewayLog } from '../gateway/gatewayLog.ts';
import { systemClock } from '../base/clock.ts';
import { errorMessage } from '../base/errors.ts';
import { openSqliteJournal } from '../journal/sqliteEventJournal.ts';
import { WorkflowWatcher } from '../workflow/workflowWatcher.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { continuationPrompt, renderPrompt } from '../workflow/promptRenderer.ts';
import { ApprovalService } from '../approvals/approvalService.ts';
import { WorkspaceManager } from '../workspace/workspaceManager.ts';
import { Orchestrator } from '../orchestrator/orchestrator.ts';
import { createCodexAdapter } from '../harness/codex/codexAdapter.ts';
import { createGatewayServer } from '../gateway/gatewayServer.ts';
import type { ServeOptions } from './cliArgs.ts';
import { loadOrCreateToken } from './tokenFile.ts';
import { createHostBackend, HOST_VERSION } from './hostBackend.ts';
import { TrackerHolder } from './trackerHolder.ts';
import { workflowStatus } from './workflowStatus.ts';

export interface RunningHost {
  stop(): Promise<void>;
}

/** The composition root: wires journal, workflow, tracker, harness, orchestrator and gateway. */
export async function startHost(options: ServeOptions, log: Logger): Promise<RunningHost> {
  const token = loadOrCreateToken(options.tokenFile);
  const journal = openSqliteJournal(join(options.data, 'journal.sqlite'));
  const publish = (event: NewEvent) => {
    journal.append([event]).catch((error: unknown) => log.log('error', 'journal', 'append failed', { type: event.type, error: errorMessage(error) }));
  };
  const watcher = new WorkflowWatcher({ path: options.workflow });
  let loadedAt: string | null = null;
  const approvals = new ApprovalService(publish);
  const workspaces = new WorkspaceManager((hook, result) => log.log(result.outcome === 'ok' ? 'info' : 'warn', 'workspace', `hook ${hook} ${result.outcome}`, { duration_ms: result.durationMs, exit_code: result.exitCode }));
  const trackers = new TrackerHolder(() => orchestrator.poke());
  const orchestrator: Orchestrator = new Orchestrator({
    journal, clock: systemClock, log, workspaces, approvals,
    workflow: () => watcher.current,
    tracker: () => trackers.current,
    harness: (workflow) => createCodexAdapter({
      command: workflow.config.codex.command,
      approvalPolicy: workflow.config.codex.approval_policy,
      threadSandbox: workflow.config.codex.thread_sandbox,
      turnSandboxPolicy: workflow.config.codex.turn_sandbox_policy,
      readTimeoutMs: workflow.config.codex.read_timeout_ms,
      turnTimeoutMs: workflow.config.codex.turn_timeout_ms,
    }),
    renderPrompt: (template, issue, attempt) => renderPrompt(template, { issue, attempt }),
    continuationPrompt,
  });

  const applyWorkflow = (definition: WorkflowDefinition) => {
    loadedAt = new Date().toISOString();
    try {
      trackers.update(definition);
    } catch (error) {
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

  let ready = false;
  const backend = createHostBackend({
    journal, orchestrator, approvals,
    workflowStatus: () => workflowStatus(watcher, loadedAt),
    trackerKind: () => trackers.current?.kind ?? 'none',
    isReady: () => ready,
  });
  const gateway = createGatewayServer({ journal, backend, token, log: gatewayLog(log) });
  try {
    await watcher.start();
    await gateway.listen({ socketPath: options.socket });
  } catch (error) {
    watcher.dispose();
    trackers.dispose();
    await journal.close();
    throw error;
  }
  publish({ type: EventTypes.hostStarted, actor: { kind: 'host' }, summary: `host ${HOST_VERSION} started`, payload: { version: HOST_VERSION, pid: process.pid, workflow: options.workflow } });
  orchestrator.start();
  ready = true;
  log.log('info', 'host', 'ready', { socket: options.socket, workflow: options.workflow });

  return {
    async stop() {
      ready = false;
      await orchestrator.shutdown();
      orchestrator.dispose();
      await gateway.close();
      watcher.dispose();
      trackers.dispose();
      await journal.close();
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
