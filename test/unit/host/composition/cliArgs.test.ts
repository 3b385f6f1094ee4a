import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseServeArgs } from '../../../../host/composition/cliArgs.ts';

const base = ['--workflow', 'WORKFLOW.md', '--data', 'data'];

test('the local-only invocation the extension uses still parses, with the socket as the only listener', () => {
  const options = parseServeArgs([...base, '--socket', '/tmp/os.sock', '--token-file', 'token', '--log-level', 'debug']);

  assert.deepEqual(options, {
    workflow: resolve('WORKFLOW.md'), data: resolve('data'), socket: '/tmp/os.sock', tokenFile: resolve('token'), tokensFile: undefined,
    logLevel: 'debug', listeners: [{ socketPath: '/tmp/os.sock' }], exitUnattendedMs: null, logFile: undefined,
  });
});

test('--log-file names the file the host logs to, resolved like the other paths', () => {
  const options = parseServeArgs([...base, '--socket', '/tmp/os.sock', '--token-file', 'token', '--log-file', 'data/host.log']);
  assert.equal(options.logFile, resolve('data/host.log'));
});

test('--exit-unattended takes whole seconds; anything else is a usage error', () => {
  const local = [...base, '--socket', '/tmp/os.sock', '--token-file', 'token'];
  assert.equal(parseServeArgs([...local, '--exit-unattended', '60']).exitUnattendedMs, 60_000);
  for (const bad of ['0', '1.5', 'soon']) {
    assert.throws(() => parseServeArgs([...local, '--exit-unattended', bad]), /--exit-unattended takes a whole number of seconds/);
  }
});

test('hosted mode: several --listen with shared TLS, allowed hosts and origins; no socket needed', () => {
  const options = parseServeArgs([...base, '--tokens-file', 'tokens.yaml', '--listen', '0.0.0.0:8443', '--listen', '8080',
    '--tls-cert', 'cert.pem', '--tls-key', 'key.pem', '--allowed-host', 'gw.example.com', '--allowed-origin', 'https://ops.example.com']);

  const tls = { certFile: resolve('cert.pem'), keyFile: resolve('key.pem') };
  const shared = { tls, allowInsecureRemote: false, allowedHosts: ['gw.example.com'], allowedOrigins: ['https://ops.example.com'] };
  assert.deepEqual(options.listeners, [{ host: '0.0.0.0', port: 8443, ...shared }, { host: '127.0.0.1', port: 8080, ...shared }]);
  assert.equal(options.socket, undefined);
  assert.equal(options.tokensFile, resolve('tokens.yaml'));
});

test('missing and contradictory flags are usage errors that name the fix', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--socket', 's', '--token-file', 't'], /missing --workflow, --data/],
    [[...base, '--token-file', 't'], /missing --socket or --listen/],
    [[...base, '--socket', 's'], /missing --token-file or --tokens-file/],
    [[...base, '--socket', 's', '--token-file', 't', '--tls-cert', 'c'], /--tls-cert and --tls-key go together/],
    [[...base, '--socket', 's', '--token-file', 't', '--tls-cert', 'c', '--tls-key', 'k'], /applies to --listen listeners/],
    [[...base, '--token-file', 't', '--listen', 'nonsense'], /"nonsense" is not a listen address/],
    [[...base, '--socket', 's', '--token-file', 't', '--log-level', 'loud'], /--log-level must be one of/],
  ];
  for (const [args, message] of cases) assert.throws(() => parseServeArgs(args), message, args.join(' '));
  assert.throws(() => parseServeArgs([...base, '--token-file', 't', '--listen', '10.0.0.1:80']), { code: 'insecure_remote_listener' });
  assert.equal(parseServeArgs([...base, '--token-file', 't', '--listen', '10.0.0.1:80', '--allow-insecure-remote']).listeners.length, 1);
  assert.throws(() => parseServeArgs([...base, '--bogus']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
});
