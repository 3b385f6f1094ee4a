import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_ACTIONS } from '../../../../host/gateway/actionRoutes.ts';
import { ActionNames } from '../../../../host/protocol/index.ts';

test('the gateway serves exactly the actions the protocol names, each at one path', () => {
  assert.deepEqual(ALL_ACTIONS.map((action) => action.name).sort(), [...ActionNames].sort());
  const paths = ALL_ACTIONS.map((action) => action.pattern ?? `/api/v1/actions/${action.name}`);
  assert.equal(new Set(paths).size, paths.length);
});

test('task-graph writes are admin-only; every other action is for operators', () => {
  const roles = Object.fromEntries(ALL_ACTIONS.map((action) => [action.name, action.role ?? 'operator']));
  assert.deepEqual(
    Object.entries(roles).filter(([, role]) => role === 'admin').map(([name]) => name),
    ['create-milestone', 'create-issue', 'create-sub-issue'],
  );
});
