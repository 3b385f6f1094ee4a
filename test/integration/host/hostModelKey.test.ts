// A model API key handed to the host the way the extension hands one from SecretStorage: in the
// host's environment, under the variable the WORKFLOW.md model profile references. It must reach
// the harness and nothing else: not the journal, not the snapshot, not the host's log.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope, Run } from '../../../host/protocol/index.ts';
import { EventTypes } from '../../../host/protocol/index.ts';
import { FakeAgentServer } from '../../fakes/openhands/fakeAgentServer.ts';
import { startHostProcess } from '../../fakes/hostProcess.ts';
import type { HostUnderTest } from '../../fakes/hostProcess.ts';

const MODEL_KEY = 'sk-model-7f3c9e1d-never-journal-me';
const SESSION_KEY = 'oh-session-4b2a-never-journal-me';

function writeWorkflow(dir: string, baseUrl: string): string {
  writeFileSync(join(dir, 'issues.yaml'), ['issues:', '  - identifier: KEY-1', '    title: Use the model', '    state: Backlog'].join('\n'));
  const workflow = join(dir, 'WORKFLOW.md');
  writeFileSync(workflow, [
    '---',
    'tracker: { kind: local, path: issues.yaml }',
    'workspace: { root: workspaces }',
    'agent: { max_turns: 1 }',
    'harness: { kind: openhands }',
    'openhands:',
    `  base_url: ${JSON.stringify(baseUrl)}`,
    '  session_api_key: $OS_TEST_SESSION_KEY',
    '  confirmation_mode: false',
    '  llm: { model: openai/test-model, api_key: $OS_TEST_MODEL_KEY }',
    '---',
    'Work on {{ issue.identifier }}',
  ].join('\n'));
  return workflow;
}

/** Every byte the host stored under its data folder (journal, WAL, raw payloads), as text. */
function storedBytes(dataDir: string): string {
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

describe('a model API key from the host environment', { timeout: 90_000 }, () => {
  let dir: string;
  let agentServer: FakeAgentServer;
  let host: HostUnderTest;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-model-key-'));
    agentServer = await FakeAgentServer.start({ sessionApiKeys: [SESSION_KEY] });
  });
  after(async () => {
    await host?.stop();
    await agentServer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the agent-server and appears in no event, snapshot or log', async () => {
    const dataDir = join(dir, 'data');
    host = await startHostProcess({ workflow: writeWorkflow(dir, agentServer.baseUrl), dataDir, env: { OS_TEST_MODEL_KEY: MODEL_KEY, OS_TEST_SESSION_KEY: SESSION_KEY } });
    assert.equal((await host.client.dispatch({ issue_id: 'KEY-1' }, { idempotencyKey: 'start-key-1' })).accepted, true);
    const ended = await waitForRunEnd(host);
    assert.equal(ended.state, 'completed', ended.error ?? '');

    const create = agentServer.requests.find((request) => request.method === 'POST' && request.path === '/api/conversations');
    assert.equal((create?.body as { agent: { llm: { api_key: string } } }).agent.llm.api_key, MODEL_KEY, 'the key reached the harness');
    const events = await host.client.events(0, 1000);
    assert.ok(events.events.length > 5);
    const snapshot = await host.client.snapshot();
    for (const [where, text] of [['events', JSON.stringify(events)], ['snapshot', JSON.stringify(snapshot)], ['host log', host.logs()], ['data folder', storedBytes(dataDir)]]) {
      assert.ok(!text!.includes(MODEL_KEY), `the model key is not in the ${where}`);
      assert.ok(!text!.includes(SESSION_KEY), `the session key is not in the ${where}`);
    }
  });
});

async function waitForRunEnd(host: HostUnderTest): Promise<Run> {
  const ended = await new Promise<EventEnvelope>((resolve, reject) => {
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error('the run did not end within 60 s')); }, 60_000);
    const subscription = host.client.subscribeEvents({
      cursor: 0,
      onEvents: (batch) => {
        const end = batch.find((event) => event.type === EventTypes.runCompleted || event.type === EventTypes.runFailed);
        if (!end) return;
        clearTimeout(timer);
        subscription.dispose();
        resolve(end);
      },
    });
  });
  return ended.payload.run as Run;
}
