import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTokenRegistry, tokenDigest } from '../../../../host/gateway/tokenRegistry.ts';
import { parseTokensFile, readTokensFile, tokensFilePermissionProblem } from '../../../../host/gateway/tokensFile.ts';

const PLAIN = 'ci-token-0123456789abcdef0123456789abcd';
const HASHED = 'alice-token-0123456789abcdef0123456789ab';

test('YAML and JSON tokens files give the same grants; hashes and plain tokens both authenticate', () => {
  const yaml = `tokens:\n  - name: alice\n    role: admin\n    token_sha256: ${tokenDigest(HASHED).toString('hex')}\n  - name: ci\n    role: viewer\n    token: ${PLAIN}\n`;
  const json = JSON.stringify({ tokens: [{ name: 'alice', role: 'admin', token_sha256: tokenDigest(HASHED).toString('hex').toUpperCase() }, { name: 'ci', role: 'viewer', token: PLAIN }] });

  for (const text of [yaml, json]) {
    const { grants, hasPlainTokens } = parseTokensFile(text, 'tokens.yaml');
    assert.equal(hasPlainTokens, true);
    const registry = createTokenRegistry(grants);
    assert.deepEqual(registry.authenticate(HASHED), { name: 'alice', role: 'admin' });
    assert.deepEqual(registry.authenticate(PLAIN), { name: 'ci', role: 'viewer' });
  }
});

test('a malformed tokens file names every problem and the expected shape', () => {
  const cases: Array<[string, RegExp]> = [
    ['tokens: [', /neither JSON nor YAML/],
    ['{}', /tokens/],
    ['tokens: []', /list at least one token/],
    ['tokens:\n  - {name: a, role: root, token_sha256: ab}', /tokens\.0\.role.*tokens\.0\.token_sha256: token_sha256 must be 64 hex digits/s],
    [`tokens:\n  - {name: a, role: viewer}`, /exactly one of token_sha256 \(preferred\) or token/],
    [`tokens:\n  - {name: a, role: viewer, token: short}`, /at least 16 characters/],
    [`tokens:\n  - {name: a, role: viewer, token: ${PLAIN}}\n  - {name: a, role: admin, token: ${HASHED}}`, /"a" appears twice/],
    [`tokens:\n  - {name: a, role: viewer, token: ${PLAIN}, extra: 1}`, /extra/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseTokensFile(text, 'tokens.yaml'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'invalid_tokens_file', text);
      assert.match(error.message, message, text);
      assert.match(error.message, /Expected \{tokens: \[\{name, role/);
      return true;
    });
  }
});

test('permissions: never writable by others; plain tokens never readable by others', () => {
  assert.equal(tokensFilePermissionProblem(0o600, true, 'linux'), undefined);
  assert.equal(tokensFilePermissionProblem(0o644, false, 'linux'), undefined, 'hashes may be readable');
  assert.match(tokensFilePermissionProblem(0o644, true, 'linux') ?? '', /holds plain tokens/);
  assert.match(tokensFilePermissionProblem(0o620, false, 'linux') ?? '', /may write it/);
  assert.equal(tokensFilePermissionProblem(0o666, true, 'win32'), undefined);

  const dir = mkdtempSync(join(tmpdir(), 'os-tokens-'));
  try {
    const path = join(dir, 'tokens.yaml');
    writeFileSync(path, `tokens:\n  - {name: ci, role: viewer, token: ${PLAIN}}\n`, { mode: 0o644 });
    chmodSync(path, 0o644);
    assert.throws(() => readTokensFile(path), { code: 'insecure_tokens_file' });
    chmodSync(path, 0o600);
    assert.equal(readTokensFile(path).grants.length, 1);
    assert.throws(() => readTokensFile(join(dir, 'missing.yaml')), { code: 'invalid_tokens_file' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
