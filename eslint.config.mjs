// Lint rules encode the architecture (../shared/ARCHITECTURE.md "Dependency rules"), so a wrong
// import fails `npm test` instead of waiting for a reviewer.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'util', 'events', 'worker_threads', 'zlib', 'tls', 'dns', 'readline'];
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((name) => `node:${name}`), 'node:*', 'better-sqlite3', 'ws', 'undici'];

export default tseslint.config(
  // .artifacts/ holds what runs leave behind (npm start installs a built extension there).
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.artifacts/**', 'test/e2e/tools/**', '.vscode-test/**', 'host/harness/codex/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode'], patterns: [{ group: ['**/extension/**', '**/webviews/**'], message: 'host/ is plain Node and never depends on the VS Code side.' }] }],
    },
  },
  {
    files: ['host/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', ...nodeBuiltins, ...nodeBuiltins.map((name) => `node:${name}`), 'better-sqlite3', 'ws', 'undici'], patterns: [{ group: ['node:*', '../*', '!./*'], message: 'host/protocol is browser-safe and self-contained.' }] }],
    },
  },
  {
    files: ['extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/host/*', '!**/host/protocol', '!**/host/client', '**/host/*/**', '!**/host/protocol/**', '!**/host/client/**', '**/webviews/**/*.ts*'], message: 'extension/ may import only host/protocol and host/client from the host.' }] }],
    },
  },
  {
    files: ['webviews/**/*.ts', 'webviews/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', ...nodeImports.filter((name) => !name.includes('*'))], patterns: [{ group: ['node:*', '**/host/*', '!**/host/protocol', '**/host/*/**', '!**/host/protocol/**', '**/extension/**'], message: 'webviews/ run in a browser sandbox and may import only host/protocol.' }] }],
    },
  },
);
