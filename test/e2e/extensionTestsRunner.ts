// Runs test/suite (mocha) INSIDE code-server's extension host, the way @vscode/test-electron does
// for desktop VS Code: the workbench URL's `payload` carries extensionDevelopmentPath and
// extensionTestsPath, and the workbench reports the suite's outcome via window.codeAutomationExit.
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { format } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import type { CodeServer } from './codeServer.ts';

export interface ExtensionTestsOptions {
  server: CodeServer;
  browser: BrowserContext;
  folder: string;
  extensionDevelopmentPath: string;
  /** The bundled suite entry (exports run()). */
  extensionTestsPath: string;
  /** Where test/suite/index.ts writes its JSON summary (OPENSYMPHONY_TEST_RESULTS given to code-server). */
  resultsFile: string;
  timeoutMs: number;
  log: (...parts: unknown[]) => void;
  /** Receives the extension host's console output (type: log, info, warn, error). */
  forward: (type: string, text: string) => void;
  screenshot?: string;
}

export interface ExtensionTestsOutcome {
  exitCode: number | 'timeout';
  results: { failures: number; passes: number; tests: number; results: unknown[] } | undefined;
  ok: boolean;
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

/** The workbench's remoteAuthority, as served in its `vscode-workbench-web-configuration` meta tag. */
async function remoteAuthority(server: CodeServer, folder: string): Promise<string> {
  const html = await fetchText(server.folderUrl(folder));
  const match = /id="vscode-workbench-web-configuration" data-settings="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error('the workbench page has no vscode-workbench-web-configuration meta tag');
  const config = JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { remoteAuthority?: string };
  if (!config.remoteAuthority) throw new Error('the workbench configuration has no remoteAuthority');
  return config.remoteAuthority;
}

/** Code 1.139 honours the payload only with developmentOptions.enableSmokeTestDriver (TESTING-VSCODE.md). */
function enableSmokeTestDriver(): void {
  new MutationObserver((_, observer) => {
    const element = document.getElementById('vscode-workbench-web-configuration');
    if (!element) return;
    observer.disconnect();
    const config = JSON.parse(element.getAttribute('data-settings') ?? '{}');
    config.developmentOptions = { ...(config.developmentOptions ?? {}), enableSmokeTestDriver: true };
    element.setAttribute('data-settings', JSON.stringify(config));
  }).observe(document, { childList: true, subtree: true });
}

export async function runExtensionTests(options: ExtensionTestsOptions): Promise<ExtensionTestsOutcome> {
  const { server, browser, folder } = options;
  const page = await browser.newPage();
  try {
    let finish: (code: number) => void = () => {};
    const finished = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => options.forward(type, format(...(args ?? []))));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    // Patch the config in the page, not with page.route(): a routed document makes Chromium block
    // the workbench's WebSocket to 127.0.0.1 (Local Network Access checks).
    await page.addInitScript(enableSmokeTestDriver);
    const authority = await remoteAuthority(server, folder);
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${options.extensionDevelopmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${options.extensionTestsPath}`],
    ];
    options.log(`in-host suite: ${options.extensionTestsPath} with extensionDevelopmentPath ${options.extensionDevelopmentPath}`);
    await page.goto(`${server.folderUrl(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([finished, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)))]);
    clearTimeout(timer);
    if (options.screenshot) await page.screenshot({ path: options.screenshot }).catch(() => undefined);
    const results = existsSync(options.resultsFile) ? JSON.parse(readFileSync(options.resultsFile, 'utf8')) : undefined;
    return { exitCode, results, ok: exitCode === 0 && results !== undefined && results.failures === 0 && results.tests > 0 };
  } finally {
    await page.close().catch(() => undefined);
  }
}
