import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWorkflow } from '../../../../host/workflow/workflowLoader.ts';
import { systemPathEnvironment } from '../../../../host/workflow/workflowPaths.ts';

const parse = (frontMatter: string) => parseWorkflow(`---\n${frontMatter}\n---\nWork on {{ issue.identifier }}`, '/virtual/WORKFLOW.md', systemPathEnvironment());
const rejects = (frontMatter: string, pattern: RegExp) => assert.throws(() => parse(frontMatter), (error: Error & { code?: string }) => {
  assert.equal(error.code, 'workflow_parse_error');
  assert.match(error.message, pattern);
  return true;
});

describe('WORKFLOW.md approvals.rules', () => {
  it('defaults to no rules and a 300 s question deadline, also for an empty section or list', () => {
    const defaults = { rules: [], input_timeout_ms: 300_000 };
    assert.deepEqual(parse('tracker:\n  kind: local').config.approvals, defaults);
    assert.deepEqual(parse('approvals:').config.approvals, defaults);
    assert.deepEqual(parse('approvals:\n  rules:').config.approvals, defaults);
  });

  it('reads input_timeout_ms and refuses one that is not a positive integer', () => {
    assert.equal(parse('approvals:\n  input_timeout_ms: 45000').config.approvals.input_timeout_ms, 45_000);
    rejects('approvals:\n  input_timeout_ms: 0', /approvals\.input_timeout_ms must be a positive integer/);
    rejects('approvals:\n  input_timeout_ms: soon', /approvals\.input_timeout_ms must be a positive integer/);
  });

  it('reads rules in order', () => {
    const config = parse([
      'approvals:',
      '  rules:',
      '    - { action: deny, command_prefix: "rm -rf" }',
      '    - { action: allow, path_glob: "docs/**" }',
      '    - { action: ask, kind: file_change }',
    ].join('\n')).config;
    assert.deepEqual(config.approvals.rules, [
      { action: 'deny', command_prefix: 'rm -rf' },
      { action: 'allow', path_glob: 'docs/**' },
      { action: 'ask', kind: 'file_change' },
    ]);
  });

  it('refuses a misspelt key, because it would widen the rule, naming the line', () => {
    rejects('approvals:\n  rules:\n    - action: allow\n      comand_prefix: npm', /approvals\.rules\[0\] must use only the keys action, command_prefix, path_glob and kind .*\(line 4\)/);
  });

  it('refuses unknown actions and kinds, empty matchers and contradictory matchers', () => {
    rejects('approvals:\n  rules:\n    - { action: maybe }', /approvals\.rules\[0\]\.action must be one of "allow", "deny", "ask"/);
    rejects('approvals:\n  rules:\n    - { action: deny, kind: network }', /approvals\.rules\[0\]\.kind must be one of "command", "file_change"/);
    rejects('approvals:\n  rules:\n    - { action: deny, command_prefix: "  " }', /approvals\.rules\[0\]\.command_prefix must not be empty/);
    rejects('approvals:\n  rules:\n    - { action: deny, command_prefix: rm, path_glob: "**" }', /must set command_prefix \(for commands\) or path_glob \(for file changes\), not both/);
    rejects('approvals:\n  rules:\n    - { action: deny, command_prefix: rm, kind: file_change }', /must not combine command_prefix with kind: file_change/);
    rejects('approvals:\n  rules:\n    - { action: deny, path_glob: "**", kind: command }', /must not combine path_glob with kind: command/);
    rejects('approvals:\n  rules: allow-everything', /approvals\.rules must be a list/);
  });
});
