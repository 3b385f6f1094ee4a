import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import { tokenDigest } from '../../../../host/gateway/tokenRegistry.ts';
import { deferred } from './gatewayFixture.ts';
import { selfSignedCertificate } from './tlsCertificate.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const VIEWER = 'standalone-viewer-0123456789abcdef01234567';
const OPERATOR = 'standalone-operator-0123456789abcdef012345';

/** A folder with a valid WORKFLOW.md (local tracker, no issues) and a 0600 tokens file. */
function hostFolder(t: TestContext): { dir: string; workflow: string; tokensFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'os-serve-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'issues.yaml'), 'issues: []\n');
  const workflow = join(dir, 'WORKFLOW.md');
  writeFileSync(workflow, '---\ntracker:\n  kind: local\n---\nWork on {{ issue.identifier }}\n');
  const tokensFile = join(dir, 'tokens.yaml');
  writeFileSync(tokensFile, [
    'tokens:',
    `  - {name: dashboard, role: viewer, token_sha256: ${tokenDigest(VIEWER).toString('hex')}}`,
    `  - {name: oncall, role: operator, token: ${OPERATOR}}`,
  ].join('\n'), { mode: 0o600 });
  return { dir, workflow, tokensFile };
}

/** Runs `host/main.ts serve` from source; `url` resolves with the TCP listener's URL from the log. */
function serve(t: TestContext, args: string[]): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', join(repoRoot, 'host', 'main.ts'), 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  const url = deferred<string>('the host to log its listener URL', 20_000);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => { url.reject(new Error(`the host exited (${code}):\n${output}`)); resolve(code); }));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const found = /gateway listening kind=tcp .*url=(\S+)/.exec(output);
    if (found?.[1]) url.resolve(found[1]);
  });
  t.after(async () => { if (child.exitCode === null) { child.kill('SIGKILL'); await exit; } });
  return { child, url: url.promise, exit, output: () => output };
}

test('serve runs standalone on TLS with a tokens file: roles apply, and SIGTERM stops it cleanly', async (t) => {
  const { dir, workflow, tokensFile } = hostFolder(t);
  const certificate = selfSignedCertificate();
  const host = serve(t, ['--workflow', workflow, '--data', join(dir, 'data'), '--listen', '127.0.0.1:0', '--tokens-file', tokensFile,
    '--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile]);
  const url = await host.url;
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);

  const viewer = new GatewayClient({ baseUrl: url, tls: { ca: certificate.cert }, token: VIEWER });
  const operator = new GatewayClient({ baseUrl: url.replace('https:', 'wss:'), tls: { ca: certificate.cert }, token: OPERATOR });
  t.after(() => { viewer.dispose(); operator.dispose(); });
  await viewer.waitForReady({ timeoutMs: 20_000 });
  assert.ok((await viewer.snapshot()).seq >= 1);
  await assert.rejects(viewer.dispatch({ issue_id: 'DEMO-1' }), { code: 'forbidden', status: 403 });
  assert.equal((await operator.dispatch({ issue_id: 'DEMO-1' })).action, 'dispatch');

  host.child.kill('SIGTERM');
  assert.equal(await host.exit, 0);
  assert.ok(![VIEWER, OPERATOR].some((token) => host.output().includes(token)), 'no token in the host log');
});

test('serve refuses a non-loopback listener without TLS, and exits 1 with what to do', async (t) => {
  const { dir, workflow, tokensFile } = hostFolder(t);
  const host = serve(t, ['--workflow', workflow, '--data', join(dir, 'data'), '--listen', '0.0.0.0:0', '--tokens-file', tokensFile]);
  host.url.catch(() => {});

  assert.equal(await host.exit, 1);
  assert.match(host.output(), /insecure_remote_listener: refusing to listen on 0\.0\.0\.0:0 without TLS.*--allow-insecure-remote/);
});
