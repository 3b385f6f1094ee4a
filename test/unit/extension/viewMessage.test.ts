import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FolderConnection } from '../../../extension/connection/folderConnection.ts';
import { RuntimeState } from '../../../extension/state/runtimeState.ts';
import { viewMessage } from '../../../extension/views/viewMessage.ts';

/** The parts of a folder connection the message reads. */
function aConnection(name: string, state: RuntimeState): FolderConnection {
  return { folder: { name }, supervisor: { state: 'ready', error: null }, state } as unknown as FolderConnection;
}

describe('Task Graph message line', () => {
  it('says nothing when all is well', () => {
    assert.equal(viewMessage([aConnection('app', new RuntimeState())]), undefined);
  });

  it('names a task graph that could not be read, with the next step, instead of an empty tree', () => {
    const state = new RuntimeState();
    state.failTaskGraph('401 unauthorized: the gateway token was refused');
    const message = viewMessage([aConnection('app', state), aConnection('web', new RuntimeState())]);
    assert.equal(message, 'app: The task graph could not be read: 401 unauthorized: the gateway token was refused — run "OpenSymphony: Refresh" to try again.');
  });
});
