// A second orchestrator host started the way a hosted gateway is: `node dist/host.js serve --listen
// 127.0.0.1:<port> --workflow ... --data ... --token-file ...`, in its own process group, on the
// Node 24 that runs code-server. The remote-profile flow attaches the window to it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import { freePort, repoRoot, toolsEnv, toolsNode } from './codeServer.ts';
import { spawnGroup } from './processGroup.ts';
import type { ProcessGroup } from './processGroup.ts';
import { waitUntil } from './timeline.ts';

export interface RemoteHost {
  readonly url: string;
  readonly token: string;
  readonly client: GatewayClient;
  readonly process: ProcessGroup;
  stop(): Promise<void>;
}

/** Starts `dist/host.js serve` for `workflowPath` on a free loopback port and waits until it is ready. */
export async function startRemoteHost(options: { workflowPath: string; dir: string; logFile: string }): Promise<RemoteHost> {
  const hostScript = join(repoRoot, 'dist', 'host.js');
  if (!existsSync(hostScript)) throw new Error(`${hostScript} is missing: run "npm run package" (the e2e run builds it unless OPENSYMPHONY_E2E_VSIX is set)`);
  const port = await freePort();
  const tokenFile = join(options.dir, 'token');
  const args = [hostScript, 'serve', '--workflow', options.workflowPath, '--data', join(options.dir, 'data'), '--listen', `127.0.0.1:${port}`, '--token-file', tokenFile];
  // A private HOME, as for the workbench's own host: the machine's login profile stays out of `bash -lc`.
  const home = join(options.dir, 'home');
  mkdirSync(home, { recursive: true });
  const group = spawnGroup(toolsNode, args, { cwd: options.dir, env: toolsEnv({ ...process.env, HOME: home }), logFile: options.logFile });
  let exited: number | string | undefined;
  void group.exited.then((code) => { exited = code; });
  try {
    await waitUntil('the remote host to write its token', () => {
      if (exited !== undefined) throw new Error(`the remote host exited (${exited}); see ${options.logFile}`);
      return existsSync(tokenFile) && readFileSync(tokenFile, 'utf8').trim() !== '';
    }, 30_000);
    const url = `http://127.0.0.1:${port}`;
    const token = readFileSync(tokenFile, 'utf8').trim();
    const client = new GatewayClient({ baseUrl: url, token });
    await client.waitForReady({ timeoutMs: 30_000 });
    return { url, token, client, process: group, stop: async () => { client.dispose(); await group.stop(); } };
  } catch (error) {
    await group.stop();
    throw error;
  }
}
