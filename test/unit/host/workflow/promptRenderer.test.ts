import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { continuationPrompt, DEFAULT_PROMPT, PromptRenderer, renderPrompt } from '../../../../host/workflow/promptRenderer.ts';
import { TemplateError } from '../../../../host/workflow/workflowErrors.ts';
import { anIssue } from './issueBuilder.ts';

async function renderFailure(template: string): Promise<TemplateError> {
  try {
    await renderPrompt(template, { issue: anIssue(), attempt: null });
  } catch (error) {
    assert.ok(error instanceof TemplateError, `expected a TemplateError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected rendering to fail');
}

describe('renderPrompt', () => {
  test('renders issue fields and the attempt number', async () => {
    const prompt = await renderPrompt('{{ issue.identifier }}: {{ issue.title }} (attempt {{ attempt }})',
      { issue: anIssue({ identifier: 'ABC-7', title: 'Fix login' }), attempt: 2 });
    assert.equal(prompt, 'ABC-7: Fix login (attempt 2)');
  });

  test('attempt is null on the first run, so templates can tell it apart from a retry', async () => {
    const template = '{% if attempt %}retry {{ attempt }}{% else %}first run{% endif %}';
    assert.equal(await renderPrompt(template, { issue: anIssue(), attempt: null }), 'first run');
    assert.equal(await renderPrompt(template, { issue: anIssue(), attempt: 1 }), 'retry 1');
  });

  test('templates can loop over labels and blockers', async () => {
    const issue = anIssue({
      labels: ['backend', 'urgent'],
      blocked_by: [{ id: 'DEMO-2', identifier: 'DEMO-2', state: 'Done' }, { id: 'X-9', identifier: 'X-9', state: null }],
    });
    const template = '{% for label in issue.labels %}#{{ label }} {% endfor %}|{% for b in issue.blocked_by %}{{ b.identifier }}={{ b.state | default: "?" }} {% endfor %}';
    assert.equal(await renderPrompt(template, { issue, attempt: null }), '#backend #urgent |DEMO-2=Done X-9=? ');
  });

  test('a null field renders as empty text, since the variable exists', async () => {
    assert.equal(await renderPrompt('[{{ issue.url }}]', { issue: anIssue({ url: null }), attempt: null }), '[]');
  });

  test('an empty body renders the default prompt', async () => {
    assert.equal(await renderPrompt('  \n ', { issue: anIssue(), attempt: null }), DEFAULT_PROMPT);
    assert.equal(DEFAULT_PROMPT, 'You are working on an issue from the configured tracker.');
  });

  test('an unknown variable fails with template_render_error and its line', async () => {
    const error = await renderFailure('Hello\n{{ issue.assignee }}');
    assert.equal(error.code, 'template_render_error');
    assert.equal(error.line, 2);
    assert.match(error.message, /issue\.assignee/);
  });

  test('an unknown top-level variable fails too', async () => {
    assert.equal((await renderFailure('{{ retry_kind }}')).code, 'template_render_error');
  });

  test('an unknown filter fails with template_render_error', async () => {
    const error = await renderFailure('{{ issue.title | shout }}');
    assert.equal(error.code, 'template_render_error');
    assert.match(error.message, /shout/);
  });

  test('a malformed template fails with template_parse_error', async () => {
    assert.equal((await renderFailure('{% if issue.title %}never closed')).code, 'template_parse_error');
    assert.equal((await renderFailure('{{ issue.title')).code, 'template_parse_error');
  });

  test('the template cannot change the caller’s issue', async () => {
    const issue = anIssue({ labels: ['a'] });
    await renderPrompt('{% assign issue = "replaced" %}{{ issue }}', { issue, attempt: null });
    assert.deepEqual(issue.labels, ['a']);
  });
});

describe('PromptRenderer.check', () => {
  test('reports a template that cannot be parsed without rendering it', () => {
    const renderer = new PromptRenderer();
    assert.equal(renderer.check('{{ issue.identifier }}'), undefined);
    assert.equal(renderer.check('{% for x in %}')?.code, 'template_parse_error');
  });
});

describe('continuationPrompt', () => {
  test('says the turn number out of the maximum and to resume without restating instructions', () => {
    const guidance = continuationPrompt(3, 20);
    assert.match(guidance, /continuation turn 3 of 20/);
    assert.match(guidance, /previous turn ended normally/);
    assert.match(guidance, /still in an active state/);
    assert.match(guidance, /Resume from the current workspace state/);
    assert.match(guidance, /do not restate them/);
  });
});
