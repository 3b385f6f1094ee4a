import { join } from 'node:path';
import type { HarnessAdapter, HarnessSession, SessionOptions } from '../harness/harnessAdapter.ts';
import { createCodexAdapter } from '../harness/codex/codexAdapter.ts';
import { createOpenHandsAdapter } from '../harness/openhands/openHandsAdapter.ts';
import { AgentServerSupervisor } from '../harness/openhands/agentServerSupervisor.ts';
import { providerToolsFor } from '../harness/tools/providerTools.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { Logger } from '../base/logger.ts';
import type { IDisposable } from '../base/lifecycle.ts';

/** Every harness kind a workflow may select; a Record so a kind added to the workflow schema must be listed here. */
const SUPPORTED_HARNESSES: Readonly<Record<WorkflowDefinition['config']['harness']['kind'], true>> = { codex: true, openhands: true };

/** The harness kinds this host can run, for capabilities. */
export const HARNESS_KINDS: readonly string[] = Object.keys(SUPPORTED_HARNESSES);

/**
 * Picks the harness a workflow asks for (`harness.kind`). For OpenHands without a `base_url`, it
 * owns one local agent-server for the host's lifetime, started on the first session and replaced
 * when its command changes.
 */
export class HarnessFactory implements IDisposable {
  private supervisor: { command: string; instance: AgentServerSupervisor } | undefined;
  private readonly dataDir: string;
  private readonly log: Logger;

  constructor(options: { dataDir: string; log: Logger }) {
    this.dataDir = options.dataDir;
    this.log = options.log;
  }

  adapterFor(workflow: WorkflowDefinition): HarnessAdapter {
    return workflow.config.harness.kind === 'openhands' ? this.openHands(workflow) : codex(workflow);
  }

  private openHands(workflow: WorkflowDefinition): HarnessAdapter {
    const settings = workflow.config.openhands;
    const adapterFor = (baseUrl: string, sessionApiKey: string | null) => createOpenHandsAdapter({
      baseUrl, sessionApiKey,
      llm: { model: settings.llm.model, baseUrl: settings.llm.base_url, apiKey: settings.llm.api_key },
      confirmationMode: settings.confirmation_mode,
      readTimeoutMs: settings.read_timeout_ms,
      turnTimeoutMs: settings.turn_timeout_ms,
    });
    if (settings.base_url) return adapterFor(settings.base_url, settings.session_api_key);
    const supervisor = this.localServer(settings.server.command, settings.server.ready_timeout_ms);
    return {
      kind: 'openhands',
      async startSession(options: SessionOptions): Promise<HarnessSession> {
        await supervisor.start();
        return adapterFor(supervisor.baseUrl, supervisor.sessionApiKey).startSession(options);
      },
    };
  }

  private localServer(command: string, readyTimeoutMs: number): AgentServerSupervisor {
    if (this.supervisor?.command === command) return this.supervisor.instance;
    void this.supervisor?.instance.stop();
    const instance = new AgentServerSupervisor({ command, readyTimeoutMs, cwd: join(this.dataDir, 'openhands') });
    instance.onDidChangeState((state) => this.log.log(state.status === 'failed' ? 'error' : 'info', 'openhands', `agent-server ${state.status}`));
    this.supervisor = { command, instance };
    return instance;
  }

  /** Stops the local agent-server, if one runs. */
  async stop(): Promise<void> {
    await this.supervisor?.instance.stop();
    this.supervisor = undefined;
  }

  dispose(): void {
    void this.stop();
  }
}

function codex(workflow: WorkflowDefinition): HarnessAdapter {
  const settings = workflow.config.codex;
  return createCodexAdapter({
    command: settings.command,
    approvalPolicy: settings.approval_policy,
    threadSandbox: settings.thread_sandbox,
    turnSandboxPolicy: settings.turn_sandbox_policy,
    readTimeoutMs: settings.read_timeout_ms,
    turnTimeoutMs: settings.turn_timeout_ms,
    // linear_graphql for a Linear tracker; the key stays in the host, out of the agent's environment.
    ...providerToolsFor(workflow.config.tracker),
  });
}
