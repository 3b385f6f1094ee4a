import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { doctorCommand } from '../../../../host/composition/doctorCommand.ts';
import type { DoctorEnvironment } from '../../../../host/composition/doctorCommand.ts';
import { selfSignedCertificate } from '../../../integration/host/gateway/tlsCertificate.ts';

/** A folder with a valid WORKFLOW.md and a `codex` program on a private PATH. */
function workspace(t: TestContext): { dir: string; environment: DoctorEnvironment; flags: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'os-doctor-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'WORKFLOW.md'), '---\ntracker:\n  kind: local\n---\nWork on {{ issue.identifier }}\n');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'codex'), '#!/bin/sh\n', { mode: 0o755 });
  // Certificates are made after this (and their notBefore is the second they were made), so the
  // doctor's clock runs a minute ahead: "now" is never before a certificate made by the test.
  const environment: DoctorEnvironment = { pathVariable: join(dir, 'bin'), platform: 'linux', now: new Date(Date.now() + 60_000) };
  const flags = ['--workflow', join(dir, 'WORKFLOW.md'), '--data', join(dir, 'data'), '--socket', join(dir, 'host.sock'), '--token-file', join(dir, 'token')];
  return { dir, environment, flags };
}

async function doctor(args: string[], environment: DoctorEnvironment): Promise<{ code: number; lines: string[] }> {
  let output = '';
  const code = await doctorCommand(args, (text) => { output += text; }, environment);
  return { code, lines: output.trimEnd().split('\n') };
}

function line(lines: readonly string[], verdict: string, check: string): string {
  const found = lines.find((entry) => new RegExp(`^${verdict}\\s+${check}\\s`).test(entry));
  assert.ok(found, `no ${verdict} ${check} line in:\n${lines.join('\n')}`);
  return found;
}

test('a sound local configuration passes every check and exits 0', async (t) => {
  const { environment, flags } = workspace(t);

  const { code, lines } = await doctor(flags, environment);
  assert.equal(code, 0, lines.join('\n'));
  for (const check of ['workflow', 'codex', 'data', 'socket', 'token-file']) line(lines, 'OK', check);
  assert.equal(lines.at(-1), 'doctor: the configuration looks good');
});

test('a hosted configuration reports TLS, listeners and tokens; a certificate near its end is a warning', async (t) => {
  const { dir, environment, flags } = workspace(t);
  const certificate = selfSignedCertificate('doctor', 3);
  const tokensFile = join(dir, 'tokens.yaml');
  writeFileSync(tokensFile, `tokens:\n  - {name: ops, role: admin, token_sha256: ${'a'.repeat(64)}}\n`, { mode: 0o600 });

  const { code, lines } = await doctor([...flags, '--listen', '0.0.0.0:8443', '--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile, '--tokens-file', tokensFile], environment);
  assert.equal(code, 0, lines.join('\n'));
  assert.match(line(lines, 'OK', 'listen'), /0\.0\.0\.0:8443 serves https\/wss/);
  assert.match(line(lines, 'WARN', 'tls'), /CN=localhost-doctor, valid until .*; the key matches, but it expires in \d days/);
  assert.match(line(lines, 'OK', 'tokens-file'), /1 token \(ops: admin\)/);
});

/** One broken configuration: how to break it, and the failing line it must produce. */
interface Broken {
  name: string;
  breakIt(dir: string, flags: string[], environment: DoctorEnvironment): string[];
  check: string;
  message: RegExp;
}

const broken: Broken[] = [
  {
    name: 'invalid WORKFLOW.md', check: 'workflow', message: /workflow_parse_error \(line 3\):/,
    breakIt: (dir, flags) => { writeFileSync(join(dir, 'WORKFLOW.md'), '---\npolling:\n  interval_ms: soon\n---\nx\n'); return flags; },
  },
  {
    name: 'missing WORKFLOW.md', check: 'workflow', message: /missing_workflow_file/,
    breakIt: (dir, flags) => { rmSync(join(dir, 'WORKFLOW.md')); return flags; },
  },
  {
    name: 'codex not on PATH', check: 'codex', message: /"codex" \(from codex.command "codex app-server"\) is not an executable on PATH/,
    breakIt: (_dir, flags, environment) => { environment.pathVariable = '/nonexistent'; return flags; },
  },
  {
    name: 'data dir is a file', check: 'data', message: /exists and is not a directory/,
    breakIt: (dir, flags) => { writeFileSync(join(dir, 'data'), ''); return flags; },
  },
  {
    name: 'socket path too long', check: 'socket', message: /longer than the 107 a socket path may have/,
    breakIt: (dir, flags) => [...flags, '--socket', join(dir, 'x'.repeat(120), 'host.sock')],
  },
  {
    name: 'non-loopback without TLS', check: 'listen', message: /refusing to listen on 0\.0\.0\.0:8080 without TLS/,
    breakIt: (_dir, flags) => [...flags, '--listen', '0.0.0.0:8080'],
  },
  {
    name: 'TLS key of another certificate', check: 'tls', message: /tls_key_mismatch/,
    breakIt: (_dir, flags) => [...flags, '--listen', '8443', '--tls-cert', selfSignedCertificate('one').certFile, '--tls-key', selfSignedCertificate('two').keyFile],
  },
  {
    name: 'TLS certificate unreadable', check: 'tls', message: /tls_file_unreadable: cannot read the TLS certificate/,
    breakIt: (dir, flags) => [...flags, '--listen', '8443', '--tls-cert', join(dir, 'nope.pem'), '--tls-key', selfSignedCertificate().keyFile],
  },
  {
    name: 'TLS certificate expired', check: 'tls', message: /tls_certificate_expired/,
    breakIt: (_dir, flags, environment) => {
      environment.now = new Date(Date.now() + 30 * 86_400_000);
      return [...flags, '--listen', '8443', '--tls-cert', selfSignedCertificate().certFile, '--tls-key', selfSignedCertificate().keyFile];
    },
  },
  {
    name: 'token file readable by others', check: 'token-file', message: /readable or writable by others \(mode 644\); chmod 600/,
    breakIt: (dir, flags) => { writeFileSync(join(dir, 'token'), 'a'.repeat(64)); chmodSync(join(dir, 'token'), 0o644); return flags; },
  },
  {
    name: 'plain tokens readable by others', check: 'tokens-file', message: /insecure|holds plain tokens/,
    breakIt: (dir, flags) => {
      writeFileSync(join(dir, 'tokens.yaml'), `tokens:\n  - {name: ci, role: viewer, token: ${'b'.repeat(32)}}\n`);
      chmodSync(join(dir, 'tokens.yaml'), 0o644);
      return [...flags, '--tokens-file', join(dir, 'tokens.yaml')];
    },
  },
  {
    name: 'an unknown flag', check: 'flags', message: /Unknown option '--frobnicate'/,
    breakIt: (_dir, flags) => [...flags, '--frobnicate'],
  },
];

for (const { name, breakIt, check, message } of broken) {
  test(`doctor fails on ${name}`, async (t) => {
    const { dir, environment, flags } = workspace(t);

    const { code, lines } = await doctor(breakIt(dir, flags, environment), environment);
    assert.equal(code, 1, lines.join('\n'));
    assert.match(line(lines, 'FAIL', check), message);
    assert.match(lines.at(-1) ?? '', /^doctor: \d+ problems? to fix$/);
  });
}

test('a configuration without listeners or tokens gets both named; --allow-insecure-remote turns the plain remote listener into a warning', async (t) => {
  const { dir, environment } = workspace(t);

  const bare = await doctor(['--workflow', join(dir, 'WORKFLOW.md'), '--data', join(dir, 'data')], environment);
  assert.equal(bare.code, 1);
  line(bare.lines, 'FAIL', 'listeners');
  line(bare.lines, 'FAIL', 'tokens');
  const insecure = await doctor(['--workflow', join(dir, 'WORKFLOW.md'), '--data', join(dir, 'data'), '--listen', '0.0.0.0:8080', '--allow-insecure-remote', '--token-file', join(dir, 'token')], environment);
  assert.equal(insecure.code, 0, insecure.lines.join('\n'));
  assert.match(line(insecure.lines, 'WARN', 'listen'), /plain http beyond this machine/);
});
