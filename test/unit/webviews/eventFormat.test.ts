import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeEvent } from '../../../webviews/run/eventFormat.ts';
import { anEvent, aRun } from './webviewBuilders.ts';

describe('timeline row text', () => {
  it('reads known kinds from their payloads', () => {
    assert.deepEqual(describeEvent(anEvent(1, 'agent.message', { text: 'Created  greeting.txt\nfor DEMO-1.' })), { label: 'Messages', text: 'Created greeting.txt for DEMO-1.', tone: 'info', raw: false });
    assert.equal(describeEvent(anEvent(2, 'agent.item', { item: { type: 'commandExecution', command: 'make test', exitCode: 2 } })).text, '$ make test → exit 2');
    assert.equal(describeEvent(anEvent(2, 'agent.item', { item: { type: 'commandExecution', command: "/bin/bash -lc 'make test'", exitCode: 0 } })).text, '$ make test → exit 0');
    assert.equal(describeEvent(anEvent(3, 'tokens.updated', { total_tokens: 1500, input_tokens: 1000, output_tokens: 500 })).label, 'Tokens');
    assert.equal(describeEvent(anEvent(4, 'run.failed', { run: aRun({ state: 'failed' }) })).tone, 'error');
    assert.deepEqual(describeEvent(anEvent(5, 'approval.requested', { approval: { state: 'pending', kind: 'command', command: 'rm -rf build', files: [] } })).text, 'pending: run rm -rf build');
    assert.deepEqual(describeEvent(anEvent(6, 'approval.resolved', { approval: { state: 'approved', kind: 'command', command: "/bin/bash -lc 'npm test'", files: [] } })).text, 'approved: run npm test');
  });

  it('shows an unknown kind, or a known kind off its shape, as raw JSON instead of failing', () => {
    const unknown = describeEvent(anEvent(6, 'planner.thought', { idea: { steps: [1, 2] } }));
    assert.deepEqual(unknown, { label: 'planner.thought', text: '{"idea":{"steps":[1,2]}}', tone: 'info', raw: true });
    assert.equal(describeEvent(anEvent(7, 'agent.message', { text: 42 })).raw, true);
    assert.equal(describeEvent(anEvent(8, 'run.completed', { run: 'not a run' })).raw, true);
  });
});
