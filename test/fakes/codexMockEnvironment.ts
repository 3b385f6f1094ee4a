// A private, offline Codex installation for tests and the demo workspace: its own CODEX_HOME whose
// config.toml points at the mock Responses server, and a wrapper script usable as `codex.command`.
// Config keys follow reference/codex/OFFLINE-HARNESS-NOTES.md §2.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The platform packages @openai/codex 0.169.0 installs as optional dependencies, by Node platform-arch. */
const PLATFORM_TARGETS: Record<string, { packageName: string; triple: string }> = {
  'linux-x64': { packageName: '@openai/codex-linux-x64', triple: 'x86_64-unknown-linux-musl' },
  'linux-arm64': { packageName: '@openai/codex-linux-arm64', triple: 'aarch64-unknown-linux-musl' },
  'darwin-x64': { packageName: '@openai/codex-darwin-x64', triple: 'x86_64-apple-darwin' },
  'darwin-arm64': { packageName: '@openai/codex-darwin-arm64', triple: 'aarch64-apple-darwin' },
};

/** Value of MOCK_API_KEY; Codex only needs the variable to be set (it becomes the bearer token). */
export const MOCK_API_KEY = 'opensymphony-mock-key';

export interface CodexMockEnvironmentOptions {
  /** An absolute scratch directory owned by the caller (CODEX_HOME, TMPDIR and the wrapper go here). */
  dir: string;
  /** The mock server, or anything with its `baseUrl` (`http://127.0.0.1:PORT/v1`). */
  server: { baseUrl: string };
  /** Model slug; a bundled slug avoids Codex's per-turn "model metadata not found" warning. */
  model?: string;
  /**
   * Extra `[features]` flags to switch on, e.g. `default_mode_request_user_input` (0.169.0 offers
   * the agent's `request_user_input` tool outside Plan mode only with it).
   */
  features?: readonly string[];
}

export interface CodexMockEnvironment {
  codexHome: string;
  /** Shell-quoted absolute path of the wrapper script; use it as `codex.command`. */
  command: string;
  wrapperPath: string;
  /** The variables the wrapper sets, for callers that spawn the binary themselves. */
  env: Record<string, string>;
}

/** Resolves the pinned native codex binary from this repository's node_modules. */
export function resolveCodexBinary(): string {
  const target = PLATFORM_TARGETS[`${process.platform}-${process.arch}`];
  if (!target) throw new Error(`@openai/codex has no native binary for ${process.platform}-${process.arch} in this test setup.`);
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve(`${target.packageName}/package.json`);
  } catch (error) {
    throw new Error(`${target.packageName} is not installed; run \`npm install\` (it is an optional dependency of the @openai/codex devDependency).`, { cause: error });
  }
  const binary = join(dirname(packageJson), 'vendor', target.triple, 'bin', 'codex');
  if (!existsSync(binary)) throw new Error(`The codex binary is missing at ${binary}; reinstall @openai/codex.`);
  return binary;
}

/** Writes CODEX_HOME/config.toml and the wrapper script under `dir`; creates nothing elsewhere. */
export function createCodexMockEnvironment(options: CodexMockEnvironmentOptions): CodexMockEnvironment {
  const dir = resolve(options.dir);
  const codexHome = join(dir, 'codex-home');
  const tmpDir = join(dir, 'tmp');
  // The agent's commands run in a login shell (`bash -lc`): a private HOME keeps the machine's own
  // profile (version managers, slow init scripts) out of them, so runs are the same everywhere.
  const homeDir = join(dir, 'home');
  for (const folder of [codexHome, tmpDir, homeDir]) mkdirSync(folder, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), configToml(options.server.baseUrl, options.model ?? 'gpt-5.5', options.features ?? []));
  const env = { CODEX_HOME: codexHome, MOCK_API_KEY, TMPDIR: tmpDir, HOME: homeDir };
  const wrapperPath = join(dir, 'codex-app-server.sh');
  writeFileSync(wrapperPath, wrapperScript(resolveCodexBinary(), env, options.server.baseUrl));
  chmodSync(wrapperPath, 0o755);
  return { codexHome, command: shellQuote(wrapperPath), wrapperPath, env };
}

function configToml(baseUrl: string, model: string, features: readonly string[]): string {
  return [
    `model = ${tomlString(model)}`,
    // Switched-on under-development features would otherwise add a warning to every session.
    ...(features.length ? ['suppress_unstable_features_warning = true'] : []),
    'model_provider = "mock"',
    'approval_policy = "on-request"',
    'sandbox_mode = "workspace-write"',
    'web_search = "disabled"',
    '',
    '[model_providers.mock]',
    'name = "Local mock Responses API"',
    `base_url = ${tomlString(baseUrl)}`,
    'wire_api = "responses"',
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    '# Without these, startup syncs curated plugins from github.com and chatgpt.com.',
    '[features]',
    'plugins = false',
    'apps = false',
    'remote_plugin = false',
    ...features.map((feature) => `${feature} = true`),
    '',
    '[analytics]',
    'enabled = false',
    '',
  ].join('\n');
}

/** The wrapper sets everything itself, so any process (a host, `npm start`) can spawn it as is. */
function wrapperScript(binary: string, env: Record<string, string>, baseUrl: string): string {
  const exports = Object.entries(env).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  const override = shellQuote(`model_providers.mock.base_url=${tomlString(baseUrl)}`);
  return ['#!/bin/sh', '# Generated by test/fakes/codexMockEnvironment.ts: offline codex app-server against a mock model.', ...exports,
    `exec ${shellQuote(binary)} app-server -c ${override} "$@"`, ''].join('\n');
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
