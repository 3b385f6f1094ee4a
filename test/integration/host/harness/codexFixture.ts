import { anIssue } from '../../../fakes/issueBuilder.ts';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCodexAdapter } from '../../../../host/harness/codex/codexAdapter.ts';
import type { CodexAdapterOptions } from '../../../../host/harness/codex/codexAdapter.ts';
import type { ApprovalRequest, HarnessSession, SessionOptions } from '../../../../host/harness/harnessAdapter.ts';
import type { Issue } from '../../../../host/protocol/index.ts';
import { createCodexMockEnvironment } from '../../../fakes/codexMockEnvironment.ts';
import type { CodexMockEnvironment } from '../../../fakes/codexMockEnvironment.ts';
import { startMockResponsesServer } from '../../../fakes/mockResponsesServer.ts';
import type { MockResponsesScript, MockResponsesServer } from '../../../fakes/mockResponsesServer.ts';
import { createRecordingSink } from './recordingSink.ts';
import type { QuestionAnswerer, RecordingSink, ScriptedAnswer } from './recordingSink.ts';

/** Everything one real-codex test needs, each part private to that test. */
export interface CodexFixture {
  root: string;
  workspace: string;
  server: MockResponsesServer;
  environment: CodexMockEnvironment;
  sink: RecordingSink;
  sessionAbort: AbortController;
  /** A session with the fixture's adapter settings, `overrides` replacing some; `session` adds session options (e.g. resume). */
  startSession(overrides?: Partial<CodexAdapterOptions>, session?: Partial<SessionOptions>): Promise<HarnessSession>;
}

export interface CodexFixtureOptions {
  script?: Partial<MockResponsesScript>;
  decide?: (request: ApprovalRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;
  /** What the person does with the agent's questions (default: declines). */
  answerQuestions?: QuestionAnswerer;
  /** Codex `[features]` flags to switch on in config.toml (e.g. `default_mode_request_user_input`). */
  features?: string[];
}

export function buildIssue(overrides: Partial<Issue> = {}): Issue {
  return anIssue({ id: 'issue-1', identifier: 'OS-1', title: 'Create out.txt', state: 'In Progress', ...overrides });
}

/** Runs `body` with a fresh workspace, CODEX_HOME and mock model; disposes all of them afterwards. */
export async function withCodexFixture(options: CodexFixtureOptions, body: (fixture: CodexFixture) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'opensymphony-codex-'));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace);
  const server = await startMockResponsesServer(options.script);
  const sessions: HarnessSession[] = [];
  const sessionAbort = new AbortController();
  try {
    const environment = createCodexMockEnvironment({ dir: root, server, features: options.features });
    const sink = createRecordingSink(options.decide, options.answerQuestions);
    const startSession = async (overrides: Partial<CodexAdapterOptions> = {}, extra: Partial<SessionOptions> = {}): Promise<HarnessSession> => {
      const adapter = createCodexAdapter({
        command: environment.command, approvalPolicy: 'untrusted', threadSandbox: 'workspace-write', turnSandboxPolicy: null,
        readTimeoutMs: 10_000, turnTimeoutMs: 20_000,
        // `bash -lc` reads the login profile of HOME: the private one keeps the machine's (version
        // managers that rehash under a lock, slow init scripts) out of the app-server's start too.
        env: { ...process.env, ...environment.env }, ...overrides,
      });
      const session = await adapter.startSession({ issue: buildIssue(), workspacePath: workspace, sink, signal: sessionAbort.signal, ...extra });
      sessions.push(session);
      return session;
    };
    await body({ root, workspace, server, environment, sink, sessionAbort, startSession });
  } finally {
    for (const session of sessions) await session.dispose();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}
