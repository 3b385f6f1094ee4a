import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnattendedExit } from '../../../../host/composition/unattendedExit.ts';

/** An UnattendedExit on a clock the test moves; `expired` settles when it fires (or the bound passes). */
function watch(graceMs: number) {
  const state = { now: 0, subscribers: 0, checks: 0 };
  let fire: () => void = () => undefined;
  const fired = new Promise<void>((resolve) => { fire = resolve; });
  let expiredAt: number | undefined;
  const exit = new UnattendedExit({
    graceMs, checkEveryMs: 1, now: () => state.now,
    subscribers: () => { state.checks++; return state.subscribers; },
    onExpire: () => { expiredAt = state.now; fire(); },
  });
  /** Resolves after `count` more checks have run. */
  const afterChecks = async (count: number) => {
    const target = state.checks + count;
    for (let round = 0; state.checks < target && round < 1_000; round++) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(state.checks >= target, 'the checks ran');
  };
  return { state, fired, exit, afterChecks, expiredAt: () => expiredAt };
}

describe('UnattendedExit', () => {
  it('fires once the host has had no subscriber for the whole grace period', async () => {
    const { state, fired, afterChecks, expiredAt } = watch(60_000);
    state.now = 59_999;
    await afterChecks(3);
    assert.equal(expiredAt(), undefined);
    state.now = 60_000;
    await fired;
    assert.equal(expiredAt(), 60_000);
  });

  it('a subscriber restarts the grace period, and it counts from when the last one left', async () => {
    const { state, fired, afterChecks, expiredAt } = watch(60_000);
    state.subscribers = 1;
    state.now = 100_000;
    await afterChecks(3);
    state.subscribers = 0;
    await afterChecks(2);
    state.now = 159_999;
    await afterChecks(3);
    assert.equal(expiredAt(), undefined, 'a reload shorter than the grace period finds the host alive');
    state.now = 160_000;
    await fired;
    assert.equal(expiredAt(), 160_000);
  });

  it('stops checking once disposed', async () => {
    const disposed = watch(10);
    const live = watch(1_000_000);
    disposed.exit.dispose();
    const checks = disposed.state.checks;
    disposed.state.now = 1_000_000;
    await live.afterChecks(3);
    live.exit.dispose();
    assert.equal(disposed.state.checks, checks);
    assert.equal(disposed.expiredAt(), undefined);
  });
});
