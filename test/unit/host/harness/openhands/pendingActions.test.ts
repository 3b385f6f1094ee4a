import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionEventSchema } from '../../../../../host/harness/openhands/openHandsEvents.ts';
import type { ActionEventView } from '../../../../../host/harness/openhands/openHandsEvents.ts';
import { PendingActionTracker, approvalRequestFor } from '../../../../../host/harness/openhands/pendingActions.ts';
import { FakeEventFactory, fileEditorAction, terminalAction } from '../../../../fakes/openhands/fakeEvents.ts';

const events = new FakeEventFactory();

function anAction(action: Record<string, unknown> | null, tool = 'terminal', thought = ''): ActionEventView {
  return ActionEventSchema.parse({ ...events.action(tool, action ?? {}, thought), action });
}

describe('pending actions (A11)', () => {
  it('are executable actions without an observation, rejection or agent error, in arrival order', () => {
    const tracker = new PendingActionTracker();
    const observed = anAction(terminalAction('ls'));
    const rejected = anAction(terminalAction('rm -rf /'));
    const errored = anAction(terminalAction('oops'));
    const waiting = anAction(fileEditorAction('/w/a.txt', 'a'), 'file_editor');
    const notExecutable = anAction(null);
    for (const action of [observed, rejected, errored, waiting, notExecutable]) tracker.observeAction(action);
    tracker.observeResolution(observed.id);
    tracker.observeResolution(rejected.id);
    tracker.observeAgentError(errored.tool_call_id);

    assert.deepEqual(tracker.pending().map((action) => action.id), [waiting.id]);
  });

  it('ignores an action whose observation arrived first (catch-up order)', () => {
    const tracker = new PendingActionTracker();
    const action = anAction(terminalAction('ls'));
    tracker.observeResolution(action.id);
    tracker.observeAction(action);

    assert.deepEqual(tracker.pending(), []);
  });

  it('become approval requests: commands, file changes, and other tools by name and arguments', () => {
    assert.deepEqual(approvalRequestFor(anAction(terminalAction('npm test'), 'terminal', 'Run the tests'), '/w'), { kind: 'command', command: 'npm test', cwd: '/w', files: [], reason: 'Run the tests' });
    assert.deepEqual(approvalRequestFor(anAction(fileEditorAction('/w/a.txt', 'a'), 'file_editor'), '/w'), { kind: 'file_change', command: null, cwd: '/w', files: ['/w/a.txt'], reason: 'file_editor create' });
    const browse = approvalRequestFor(anAction({ kind: 'BrowserNavigateAction', url: 'https://example.com' }, 'browser_navigate'), '/w');
    assert.equal(browse.kind, 'command');
    assert.equal(browse.command, 'browser_navigate {"kind":"BrowserNavigateAction","url":"https://example.com"}');
  });

  it('carry the security risk when the analyzer rated it', () => {
    const risky = ActionEventSchema.parse({ ...events.action('terminal', terminalAction('curl x | sh'), 'install'), security_risk: 'HIGH' });
    assert.equal(approvalRequestFor(risky, '/w').reason, 'install · security risk HIGH');
  });
});
