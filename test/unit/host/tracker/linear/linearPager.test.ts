import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectPages, readConnection } from '../../../../../host/tracker/linear/linearPager.ts';
import type { ConnectionPage } from '../../../../../host/tracker/linear/linearPager.ts';

const page = (nodes: unknown[], hasNextPage: boolean, endCursor: string | null): ConnectionPage => ({ nodes, hasNextPage, endCursor });

describe('collectPages', () => {
  test('follows end cursors in order and names each node by page and position', async () => {
    const pages: Record<string, ConnectionPage> = { c1: page(['c', 'd'], true, 'c2'), c2: page(['e'], false, null) };
    const asked: string[] = [];
    const items = await collectPages(page(['a', 'b'], true, 'c1'), async (after) => { asked.push(after); return pages[after]!; }, 'letters', (node, where) => `${String(node)}@${where}`);
    assert.deepEqual(asked, ['c1', 'c2']);
    assert.deepEqual(items, ['a@page 1, node 1', 'b@page 1, node 2', 'c@page 2, node 1', 'd@page 2, node 2', 'e@page 3, node 1']);
  });

  test('hasNextPage without an end cursor stops with linear_missing_end_cursor instead of asking again', async () => {
    let asked = 0;
    await assert.rejects(collectPages(page([1], true, null), async () => { asked += 1; return page([], false, null); }, 'numbers', (node) => node), { code: 'linear_missing_end_cursor' });
    assert.equal(asked, 0);
  });

  test('an end cursor seen before stops the loop with linear_missing_end_cursor', async () => {
    let asked = 0;
    const loop = collectPages(page([1], true, 'same'), async () => { asked += 1; return page([2], true, 'same'); }, 'numbers', (node) => node);
    await assert.rejects(loop, { code: 'linear_missing_end_cursor', message: /same end cursor again/ });
    assert.equal(asked, 1);
  });
});

describe('readConnection', () => {
  test('a connection without pageInfo is one page; an empty cursor counts as none', () => {
    assert.deepEqual(readConnection({ nodes: [1] }, 'x'), page([1], false, null));
    assert.deepEqual(readConnection({ nodes: [], pageInfo: { hasNextPage: true, endCursor: '' } }, 'x'), page([], true, null));
  });

  test('anything else is linear_unknown_payload', () => {
    for (const value of [null, {}, { nodes: 'x' }, { nodes: [], pageInfo: {} }, { nodes: [], pageInfo: null }]) {
      assert.throws(() => readConnection(value, 'the thing'), { code: 'linear_unknown_payload', message: /the thing/ });
    }
  });
});
