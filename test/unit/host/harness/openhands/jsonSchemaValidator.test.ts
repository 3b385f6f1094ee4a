// The validator the fake's conformance rests on: it must reject what the document does not allow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentServerOpenApi } from '../../../../fakes/openhands/agentServerOpenApi.ts';
import { JsonSchemaValidator } from '../../../../fakes/openhands/jsonSchemaValidator.ts';
import { FakeEventFactory, terminalAction, terminalObservation } from '../../../../fakes/openhands/fakeEvents.ts';

const openApi = agentServerOpenApi();
const events = new FakeEventFactory();

function messages(name: string, value: unknown): string[] {
  return openApi.validateComponent(name, value).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('JSON Schema validator over the pinned agent-server OpenAPI', () => {
  it('accepts the events the fake builds', () => {
    const action = events.action('terminal', terminalAction('ls'), 'listing');
    for (const event of [events.message('user', 'hi'), events.message('agent', 'hello'), action, events.observation(action, terminalObservation('ls', 'a\n', 0)),
      events.userReject(action, 'no'), events.stateUpdate('execution_status', 'running'), events.conversationError('Boom', 'it broke'), events.pause(), events.systemPrompt()]) {
      assert.deepEqual(messages('Event', event), [], event.kind);
    }
  });

  it('picks the oneOf variant by its kind const and rejects an unknown kind', () => {
    assert.deepEqual(messages('Event', { kind: 'NoSuchEvent', id: 'x' }), ['$.kind: no variant has kind "NoSuchEvent"']);
    assert.deepEqual(messages('Event', { id: 'x' }), ['$: missing discriminator "kind"']);
  });

  it('rejects missing required properties, extra properties where forbidden, wrong types and enums', () => {
    const action = events.action('terminal', terminalAction('ls'), '');
    const { tool_call_id: _dropped, ...withoutCallId } = action;
    assert.deepEqual(messages('Event', withoutCallId), ['$: missing required property "tool_call_id"']);
    assert.deepEqual(messages('Event', { ...action, surprise: 1 }), ['$.surprise: additional property not allowed']);
    assert.deepEqual(messages('Event', { ...action, security_risk: 'EXTREME' }), ['$.security_risk: "EXTREME" is not one of ["UNKNOWN","LOW","MEDIUM","HIGH"]']);
    assert.deepEqual(messages('Event', { ...action, thought: 'not a list' }), ['$.thought: expected array, got string']);
    assert.deepEqual(messages('EventPage', { next_page_id: 3 }), ['$: missing required property "items"', '$.next_page_id: matches none of anyOf (string, null)']);
  });

  it('checks nested variants: a TerminalAction without its command fails inside the ActionEvent', () => {
    const action = events.action('terminal', { kind: 'TerminalAction' }, '');
    assert.deepEqual(messages('Event', action), ['$.action: matches none of anyOf (Action, null)']);
  });

  it('checks numeric bounds, string lengths and formats', () => {
    assert.deepEqual(messages('TokenUsage', { prompt_tokens: -1 }), ['$.prompt_tokens: -1 < minimum 0']);
    assert.deepEqual(messages('TokenUsage', { prompt_tokens: 1.5 }), ['$.prompt_tokens: expected integer, got number']);
    assert.deepEqual(messages('UpdateConversationRequest', { title: '' }), ['$.title: shorter than 1']);
    const info = { id: 'not-a-uuid', agent: { kind: 'Agent', llm: {} }, workspace: { kind: 'LocalWorkspace', working_dir: '/w' }, created_at: '2026-03-13T17:12:32' };
    assert.deepEqual(messages('ConversationInfo', info), ['$.id: "not-a-uuid" is not a uuid', '$.created_at: "2026-03-13T17:12:32" is not an RFC 3339 date-time']);
  });

  it('requires exactly one match for a oneOf without a discriminator', () => {
    const validator = new JsonSchemaValidator({});
    const schema = { oneOf: [{ type: 'number' }, { type: 'integer' }] };
    assert.deepEqual(validator.validate(schema, 1.5), []);
    assert.deepEqual(validator.validate(schema, 2).map((issue) => issue.message), ['matches 2 of oneOf, expected exactly 1']);
  });

  it('refuses keywords outside its subset instead of ignoring them', () => {
    const validator = new JsonSchemaValidator({});
    assert.throws(() => validator.validate({ type: 'string', pattern: '^a' }, 'a'), /unsupported JSON Schema keyword "pattern"/);
  });

  it('validates responses by operation and status, errors by the A4 envelope', () => {
    assert.deepEqual(openApi.validateResponse('POST', '/api/conversations/{conversation_id}/run', 200, { success: true }), []);
    assert.deepEqual(openApi.validateResponse('POST', '/api/conversations/{conversation_id}/run', 409, { detail: 'busy' }), []);
    assert.equal(openApi.validateResponse('POST', '/api/conversations/{conversation_id}/run', 409, { error: 'busy' }).length, 1);
    assert.equal(openApi.validateResponse('GET', '/api/conversations/{conversation_id}/events/count', 200, '3').length, 1, 'count is a bare integer');
    assert.equal(openApi.validateResponse('GET', '/nope', 200, {}).length, 1);
  });
});
