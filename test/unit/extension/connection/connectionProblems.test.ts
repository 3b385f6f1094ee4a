import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ConnectionFacts, connectionProblems, isCredentialProblem, remoteFailureText } from '../../../../extension/connection/connectionProblems.ts';

function facts(overrides: Partial<ConnectionFacts> = {}): ConnectionFacts {
  return { name: 'app', remote: false, hostState: 'ready', hostError: null, workflowError: null, trackerError: null, ...overrides };
}

const labels = (problem: { actions: { label: string }[] } | undefined) => problem?.actions.map((action) => action.label);

describe('connection problems: what the user reads and can do next', () => {
  it('has nothing to say about a healthy connection, or one still starting', () => {
    assert.deepEqual(connectionProblems([facts(), facts({ hostState: 'starting', hostError: 'restarting in 2s' })]), []);
  });

  it('offers Restart Host and Show Logs for a local host that failed', () => {
    const [problem] = connectionProblems([facts({ hostState: 'failed', hostError: 'The OpenSymphony host exited with code 1 and could not be restarted.' })]);
    assert.equal(problem?.severity, 'error');
    assert.equal(problem?.message, 'OpenSymphony: The OpenSymphony host exited with code 1 and could not be restarted.');
    assert.deepEqual(labels(problem), ['Restart Host', 'Show Logs']);
  });

  it('offers to correct the connection, or go back to the local host, when a remote gateway fails', () => {
    const [problem] = connectionProblems([facts({ remote: true, hostState: 'failed', hostError: 'refused the token' })]);
    assert.deepEqual(labels(problem), ['Connect to Remote Gateway\u2026', 'Use Local Host', 'Show Logs']);
  });

  it('points at the WORKFLOW.md line and says the host keeps running on the last valid version', () => {
    const [problem] = connectionProblems([facts({ workflowError: { path: '/w/WORKFLOW.md', message: 'agent.max_turns must be a number', line: 3 } })]);
    assert.equal(problem?.message, 'OpenSymphony: WORKFLOW.md line 3: agent.max_turns must be a number. The host keeps running on the last valid version until you fix it.');
    assert.deepEqual(problem?.actions, [{ label: 'Open WORKFLOW.md', open: { path: '/w/WORKFLOW.md', line: 3 } }]);
  });

  it('asks for a Linear key when the key is missing, refused or lacks access', () => {
    for (const error of [
      'missing_tracker_api_key: No Linear API key is configured.',
      'Linear answered the candidate fetch with HTTP 401: Authentication required. Check tracker.api_key in WORKFLOW.md (or LINEAR_API_KEY): the key may be revoked, mistyped or lack access to the project.',
      'Linear answered the project lookup with HTTP 400: forbidden. Check tracker.api_key in WORKFLOW.md (or LINEAR_API_KEY): the key may be revoked, mistyped or lack access to the project.',
    ]) {
      assert.ok(isCredentialProblem(error), error);
      const [problem] = connectionProblems([facts({ trackerError: error })]);
      assert.deepEqual(labels(problem), ['Set Linear API Key', 'Show Logs'], error);
      assert.match(problem?.message ?? '', /Set Linear API Key/);
    }
    assert.ok(!isCredentialProblem('Linear answered with HTTP 502. Linear is having trouble; the next poll retries.'));
    assert.deepEqual(labels(connectionProblems([facts({ trackerError: 'issues.yaml: record 1 (BAD-1) has no title' })])[0]), ['Show Logs']);
  });

  it('keys each problem so it is announced once while it lasts, names the folder when there are several', () => {
    const first = connectionProblems([facts({ trackerError: 'rate limited until 12:00' })])[0];
    const later = connectionProblems([facts({ trackerError: 'rate limited until 12:05' })])[0];
    assert.equal(first?.key, later?.key, 'a changing retry time is the same problem');
    const two = connectionProblems([facts({ name: 'api', hostState: 'failed', hostError: 'died' }), facts({ name: 'web' })]);
    assert.equal(two[0]?.message, 'OpenSymphony: api: died');
  });

  it('tells a wrong token from an unreachable gateway and a malformed URL', () => {
    assert.match(remoteFailureText('https://gw:7443', { code: 'unauthorized', status: 401, message: 'missing or invalid bearer token' }), /refused the token \(HTTP 401\).*Connect to Remote Gateway/);
    assert.match(remoteFailureText('https://gw:7443', { code: 'gateway_not_ready', message: 'connect ECONNREFUSED 10.0.0.1:7443' }),
      /^No OpenSymphony gateway answers at https:\/\/gw:7443 \(connect ECONNREFUSED .*\)\. Check the URL and that the gateway is running/);
    assert.match(remoteFailureText('htps:/gw', { code: 'invalid_url', message: 'Invalid URL' }), /"htps:\/gw" is not a gateway URL/);
    assert.match(remoteFailureText('https://gw', { message: 'certificate has expired' }), /could not be attached: certificate has expired\. Run/);
  });
});
