// Connection profiles inside a real extension host: the local host's gateway exposed on loopback,
// and attaching the window to a remote hosted gateway (a second host process serving TCP).
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { OpenSymphonyApi } from '../../extension/main.ts';

const TIMEOUT_MS = 30_000;

async function api(): Promise<OpenSymphonyApi> {
  const extension = vscode.extensions.getExtension<OpenSymphonyApi>('opensymphony.opensymphony');
  assert.ok(extension);
  return extension.activate();
}

async function until(what: string, probe: () => boolean | Promise<boolean>, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; ${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** fetch() cannot set Host; a DNS-rebinding page's request carries the attacker's name in it. */
function statusWithHost(port: number, path: string, token: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers: { host, authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('error', reject);
    request.end();
  });
}

function localTokenFile(): string {
  const status = JSON.parse(readFileSync(process.env.OPENSYMPHONY_TEST_STATUS_FILE ?? '', 'utf8')) as { folders: { tokenFile: string | null }[] };
  const file = status.folders[0]?.tokenFile;
  assert.ok(file, 'the status file names the local token file');
  return file;
}


/** A second host serving `issuesYaml` over loopback TCP, as a hosted gateway would. */
async function startRemoteHost(issuesYaml: string): Promise<{ url: string; token: () => string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'remote-gateway-'));
  writeFileSync(join(dir, 'issues.yaml'), issuesYaml);
  writeFileSync(join(dir, 'WORKFLOW.md'), '---\ntracker:\n  kind: local\n  active_states: []\n---\nprompt\n');
  const port = await freePort();
  const hostScript = join(vscode.extensions.getExtension('opensymphony.opensymphony')!.extensionPath, 'dist', 'host.js');
  const remote: ChildProcess = spawn(process.execPath, [hostScript, 'serve', '--workflow', join(dir, 'WORKFLOW.md'), '--data', join(dir, 'data'),
    '--listen', `127.0.0.1:${port}`, '--token-file', join(dir, 'token')], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
  try {
    await until('the remote host to write its token', () => existsSync(join(dir, 'token')));
  } catch (error) {
    remote.kill('SIGTERM');
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, token: () => readFileSync(join(dir, 'token'), 'utf8'), stop: () => remote.kill('SIGTERM') };
}
describe('connection profiles', () => {
  it('exposes the local gateway on loopback when asked, with the token still required', async () => {
    const opensymphony = await api();
    const port = await freePort();
    const config = vscode.workspace.getConfiguration('opensymphony');
    await config.update('gateway.port', port, vscode.ConfigurationTarget.Workspace);
    await config.update('gateway.expose', true, vscode.ConfigurationTarget.Workspace);
    try {
      const token = readFileSync(localTokenFile(), 'utf8').trim();
      const ready = () => fetch(`http://127.0.0.1:${port}/readyz`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status === 200, () => false);
      await until('the exposed gateway to answer', ready, () => JSON.stringify(opensymphony.connections()));
      // Two settings changed, so the host may restart once more: a refused connection is waited out,
      // any answer other than the refusal fails the test.
      let withoutToken = 0;
      await until('no answer without the token', async () => (withoutToken = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status, () => 0)) !== 0);
      assert.equal(withoutToken, 401, 'no token, no answer');
      let foreign = 0;
      await until('the foreign Host refused', async () => (foreign = await statusWithHost(port, '/readyz', token, 'evil.example').catch(() => 0)) !== 0);
      assert.ok(foreign >= 400 && foreign < 500, `a foreign Host (DNS rebinding) is refused (got ${foreign})`);
    } finally {
      await config.update('gateway.expose', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('gateway.port', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the local host to be ready again', () => opensymphony.connections()[0]?.state === 'ready', () => JSON.stringify(opensymphony.connections()));
  });

  it('says a remote gateway refused the token, with the next step, instead of showing an empty tree', async () => {
    const opensymphony = await api();
    const remote = await startRemoteHost('issues: []\n');
    try {
      await opensymphony.connectRemote(remote.url, 'not-the-token');
      await until('the refusal in the view', () => /refused the token \(HTTP 401\).*Connect to Remote Gateway/.test(opensymphony.viewMessage() ?? ''),
        () => `message ${opensymphony.viewMessage()}; ${JSON.stringify(opensymphony.connections())}`);
      assert.equal(opensymphony.connections()[0]?.state, 'failed');
    } finally {
      await vscode.workspace.getConfiguration('opensymphony').update('connection.mode', undefined, vscode.ConfigurationTarget.Workspace);
      remote.stop();
    }
    await until('the local host again', () => opensymphony.connections()[0]?.description === 'local host' && opensymphony.connections()[0]?.state === 'ready',
      () => JSON.stringify(opensymphony.connections()));
  });

  it('attaches to a remote hosted gateway with a stored token, then back to the local host', async () => {
    const opensymphony = await api();
    const remote = await startRemoteHost('issues:\n  - identifier: REMOTE-1\n    title: Served by the remote host\n    state: Backlog\n');
    try {
      await opensymphony.connectRemote(remote.url, remote.token());
      const attached = () => {
        const [connection] = opensymphony.connections();
        return connection?.description === `remote ${new URL(remote.url).host}` && connection.state === 'ready' && connection.issues === 1;
      };
      await until('the window to show the remote host and its issue', attached, () => JSON.stringify(opensymphony.connections()));
    } finally {
      await vscode.workspace.getConfiguration('opensymphony').update('connection.mode', undefined, vscode.ConfigurationTarget.Workspace);
      remote.stop();
    }
    await until('the local host again', () => opensymphony.connections()[0]?.description === 'local host' && opensymphony.connections()[0]?.state === 'ready',
      () => JSON.stringify(opensymphony.connections()));
  });
});
