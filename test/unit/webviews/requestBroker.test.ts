import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { RequestBroker } from '../../../webviews/shared/requestBroker.ts';
import type { RequestError } from '../../../webviews/shared/requestBroker.ts';

type Request = { method: 'sum'; values: number[] } | { method: 'name' };
const results = { sum: z.object({ total: z.number() }), name: z.string() };

function broker(timeoutMs = 1000) {
  const posted: { id: number; request: Request }[] = [];
  const instance = new RequestBroker<Request, typeof results>({ post: (message) => posted.push(message), results, timeoutMs });
  return { instance, posted };
}

describe('RequestBroker', () => {
  it('gives every request its own id and settles it with the matching reply', async () => {
    const { instance, posted } = broker();
    const sum = instance.request({ method: 'sum', values: [1, 2] });
    const name = instance.request({ method: 'name' });
    assert.notEqual(posted[0]!.id, posted[1]!.id);
    assert.equal(instance.settle({ type: 'response', id: posted[1]!.id, ok: true, result: 'run panel' }), true);
    assert.equal(instance.settle({ type: 'response', id: posted[0]!.id, ok: true, result: { total: 3 } }), true);
    assert.deepEqual(await sum, { total: 3 });
    assert.equal(await name, 'run panel');
    assert.equal(instance.settle({ type: 'response', id: posted[0]!.id, ok: true, result: { total: 3 } }), false, 'a late duplicate is ignored');
  });

  it('rejects with the error the extension sent, and with invalid_reply for a reply off its schema', async () => {
    const { instance, posted } = broker();
    const failing = instance.request({ method: 'name' });
    const malformed = instance.request({ method: 'sum', values: [] });
    instance.settle({ type: 'response', id: posted[0]!.id, ok: false, error: { code: 'not_found', message: 'no such run' } });
    instance.settle({ type: 'response', id: posted[1]!.id, ok: true, result: { total: 'three' } });
    await assert.rejects(failing, (error: RequestError) => error.code === 'not_found' && error.message === 'no such run');
    await assert.rejects(malformed, (error: RequestError) => error.code === 'invalid_reply');
  });

  it('fails a request nobody answers after its deadline', async () => {
    const { instance } = broker(20);
    await assert.rejects(instance.request({ method: 'name' }), (error: RequestError) => error.code === 'timeout');
    assert.equal(instance.pendingCount, 0);
  });
});
