// `npm start`: the product, running, to try by hand. Packages the extension, starts the real VS Code
// workbench (code-server) on 127.0.0.1 with the VSIX installed and the sample repository open, and
// the real codex agent against the local mock model. Everything lives in .artifacts/demo/ (the
// sample repository and the workbench profile are kept between starts). Ctrl-C stops it all.
// Env: PORT (default 8080; a busy port falls back to a free one).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CleanupStack } from './cleanupStack.ts';
import { ensureCodeServer, installExtension, launchCodeServer, repoRoot } from './codeServer.ts';
import { startMockAgent } from './mockAgent.ts';
import { buildAndPackage } from './packageExtension.ts';
import { createSampleWorkspace } from './sampleWorkspace.ts';
import { Timeline } from './timeline.ts';

const timeline = new Timeline('start');
const log = timeline.log.bind(timeline);
const cleanup = new CleanupStack(log);
const demoDir = join(repoRoot, '.artifacts', 'demo');

async function main(): Promise<void> {
  mkdirSync(demoDir, { recursive: true });
  const vsix = await timeline.time('buildAndPackage', () => buildAndPackage({ suite: false }));
  await timeline.time('ensureCodeServer', () => ensureCodeServer(log));
  const agent = await startMockAgent(join(demoDir, 'codex'));
  cleanup.add('stop mock model', () => agent.close());
  const sample = createSampleWorkspace({ dir: join(demoDir, 'sample'), codexCommand: agent.codex.command, keepExisting: true });
  const state = join(demoDir, 'workbench');
  await timeline.time('installExtension', () => installExtension(vsix, { runDir: state }));
  const server = await timeline.time('codeServerReady', () => launchCodeServer({
    runDir: state, workspace: sample.dir, port: Number(process.env.PORT ?? 8080), portFallback: true,
  }));
  cleanup.add('stop code-server', async () => log('code-server stopped', await server.stop()));
  console.log([
    '',
    'OpenSymphony is running in a real VS Code workbench. Open:',
    '',
    `    ${server.folderUrl(sample.dir)}`,
    '',
    `Sample repository: ${sample.dir} (WORKFLOW.md, issues.yaml; issue workspaces in ${sample.workspacesRoot})`,
    `Agent: the real codex binary against a local mock model at ${agent.server.baseUrl}`,
    'Try: OpenSymphony in the activity bar → right-click DEMO-1 → Start Run → Approve in the notification.',
    `Logs: code-server ${server.logFile}; host logs via "OpenSymphony: Show Host Logs".`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));
  const exit = await server.process.exited;
  log(`code-server exited (${exit})`);
}

cleanup.onSignals();
try {
  await main();
} catch (error) {
  console.error('npm start failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
