import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApprovalButton, approvalPrompt, DEFAULT_MODAL_RULES, describeRequest, expiryText, needsModal, settledElsewhereText,
} from '../../../../extension/approvals/approvalPrompt.ts';
import { anApproval, aQuestion } from '../../../fakes/approvalBuilder.ts';

const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const deletion = { level: 'high' as const, flags: ['deletion'], summary: 'deletes files (rm -rf)' };
const network = { level: 'medium' as const, flags: ['network'], summary: 'reaches the network (curl)' };

describe('approval notification text and buttons', () => {
  it('offers Approve, Approve Always, Deny and Details for a command, with its risk summary in the text', () => {
    const prompt = approvalPrompt(anApproval({ command: 'curl example.com', risk: network }), DEFAULT_MODAL_RULES, NOW);
    assert.equal(prompt.modal, false);
    assert.deepEqual(prompt.buttons, ['Approve', 'Approve Always', 'Deny', 'Details']);
    assert.equal(prompt.message, 'OpenSymphony: A-1 wants to run: curl example.com (medium risk: reaches the network (curl))');
  });

  it('names the files of a file change and shows the reason when there is no risk rating', () => {
    const prompt = approvalPrompt(anApproval({ kind: 'file_change', command: null, files: ['src/a.ts', 'src/b.ts'], reason: 'refactor' }), DEFAULT_MODAL_RULES, NOW);
    assert.equal(prompt.message, 'OpenSymphony: A-1 wants to change src/a.ts, src/b.ts (refactor)');
  });

  it('leaves out the risk line when the classifier found nothing', () => {
    const prompt = approvalPrompt(anApproval({ command: 'echo hi > greeting.txt', risk: { level: 'low', flags: [], summary: 'no risk signals found' } }), DEFAULT_MODAL_RULES, NOW);
    assert.equal(prompt.message, 'OpenSymphony: A-1 wants to run: echo hi > greeting.txt');
    assert.doesNotMatch(prompt.detail, /risk/);
  });

  it('uses a modal with the risk, reason and folder in its detail for a high risk request by default', () => {
    const prompt = approvalPrompt(anApproval({ command: 'rm -rf build', reason: 'clean', risk: deletion }), DEFAULT_MODAL_RULES, NOW);
    assert.equal(prompt.modal, true);
    assert.equal(prompt.message, 'A-1 wants to run: rm -rf build');
    assert.match(prompt.detail, /^high risk: deletes files \(rm -rf\)\nReason: clean\nIn \/w\/A-1\n/);
    assert.ok(prompt.buttons.includes(ApprovalButton.denyWithFeedback));
  });

  it('shows the command inside the agent\'s bash -lc wrapper, and the wrapped form in the detail', () => {
    const prompt = approvalPrompt(anApproval({ command: "/bin/bash -lc 'rm -rf build && echo \"done\"'", risk: deletion }), DEFAULT_MODAL_RULES, NOW);
    assert.equal(prompt.message, 'A-1 wants to run: rm -rf build && echo "done"');
    assert.match(prompt.detail, /^high risk: deletes files \(rm -rf\)\nRuns as: \/bin\/bash -lc 'rm -rf build && echo "done"'\n/);
    // Anything but exactly one quoted argument to the shell is shown as the agent sent it.
    const twoArguments = approvalPrompt(anApproval({ command: "bash -lc 'echo a' 'b'" }), DEFAULT_MODAL_RULES, NOW);
    assert.equal(twoArguments.message, "OpenSymphony: A-1 wants to run: bash -lc 'echo a' 'b'");
    assert.doesNotMatch(twoArguments.detail, /Runs as/);
    assert.doesNotMatch(approvalPrompt(anApproval({ command: 'npm test' }), DEFAULT_MODAL_RULES, NOW).detail, /Runs as/);
  });

  it('decides the modal by minimum level or by any listed flag', () => {
    assert.equal(needsModal(network, { minimumLevel: 'high', flags: [] }), false);
    assert.equal(needsModal(network, { minimumLevel: 'medium', flags: [] }), true);
    assert.equal(needsModal(network, { minimumLevel: 'off', flags: ['network'] }), true);
    assert.equal(needsModal(deletion, { minimumLevel: 'off', flags: ['network'] }), false);
    assert.equal(needsModal(null, { minimumLevel: 'low', flags: ['network'] }), false);
  });

  it('asks a user_input request with Answer… and Decline, its first question, the count of others and the expiry', () => {
    const prompt = approvalPrompt(anApproval({
      kind: 'user_input', command: null, expires_at: '2026-11-21T12:05:00.000Z',
      questions: [aQuestion({ id: 'q1', question: 'Which branch?' }), aQuestion({ id: 'q2' }), aQuestion({ id: 'q3', header: 'Token' })],
    }), { minimumLevel: 'low', flags: [] }, NOW);
    assert.equal(prompt.modal, false);
    assert.deepEqual(prompt.buttons, ['Answer\u2026', 'Decline', 'Details']);
    assert.equal(prompt.message, 'OpenSymphony: A-1 asks: Which branch? (+2 more questions) · expires in 5 min');
    assert.equal(prompt.detail, '1. Which branch?\n2. Question q2?\n3. Token: Question q3?');
  });

  it('words the expiry for seconds, minutes, hours and the past', () => {
    assert.equal(expiryText('2026-11-21T12:00:30.000Z', NOW), 'expires in 30 s');
    assert.equal(expiryText('2026-11-21T14:00:00.000Z', NOW), 'expires in 2 h');
    assert.equal(expiryText('2026-11-21T11:59:00.000Z', NOW), 'expired');
    assert.equal(expiryText(null, NOW), null);
    assert.equal(expiryText('not a date', NOW), null);
  });

  it('describes a request without a command or question safely', () => {
    assert.equal(describeRequest(anApproval({ command: null })), 'wants to run: (unknown command)');
    assert.equal(describeRequest(anApproval({ kind: 'user_input', questions: [] })), 'asks: (no question given)');
  });

  it('tells a late click who settled the request', () => {
    assert.equal(settledElsewhereText(anApproval({ state: 'approved', decided_by: { kind: 'user', id: 'browser' }, scope: 'run' })),
      'OpenSymphony: A-1\'s request was already approved by browser for the rest of the run; your click changed nothing.');
    assert.equal(settledElsewhereText(anApproval({ state: 'denied', decided_by: { kind: 'rule', id: null } })),
      'OpenSymphony: A-1\'s request was already denied by a rule; your click changed nothing.');
    assert.equal(settledElsewhereText(anApproval({ state: 'cancelled', cancel_reason: 'the run ended' })),
      'OpenSymphony: A-1\'s request was cancelled (the run ended); your click changed nothing.');
  });
});
