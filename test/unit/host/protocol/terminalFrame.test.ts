import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTerminalFrame, encodeTerminalFrame, TERMINAL_FRAME_VERSION } from '../../../../host/protocol/terminalFrame.ts';

describe('terminal frame codec', () => {
  it('round-trips stream id, sequence and payload bytes', () => {
    const payload = new TextEncoder().encode('\x1b[32mok\x1b[0m\r\n');
    const frame = decodeTerminalFrame(encodeTerminalFrame('run-ü-1', 42, payload));
    assert.equal(frame.version, TERMINAL_FRAME_VERSION);
    assert.equal(frame.streamId, 'run-ü-1');
    assert.equal(frame.seq, 42);
    assert.deepEqual([...frame.payload], [...payload]);
  });

  it('keeps the largest safe sequence and an empty payload', () => {
    const frame = decodeTerminalFrame(encodeTerminalFrame('s', Number.MAX_SAFE_INTEGER, new Uint8Array()));
    assert.equal(frame.seq, Number.MAX_SAFE_INTEGER);
    assert.equal(frame.payload.byteLength, 0);
  });

  it('decodes a frame that sits at an offset inside a larger buffer', () => {
    const frame = encodeTerminalFrame('abc', 7, new Uint8Array([1, 2, 3]));
    const padded = new Uint8Array(frame.byteLength + 5);
    padded.set(frame, 5);
    assert.deepEqual([...decodeTerminalFrame(padded.subarray(5)).payload], [1, 2, 3]);
  });

  it('rejects an unknown version, a truncated header, bad UTF-8 and unsafe sequences', () => {
    const frame = encodeTerminalFrame('abc', 1, new Uint8Array([9]));
    const wrongVersion = frame.slice(); wrongVersion[0] = 9;
    assert.throws(() => decodeTerminalFrame(wrongVersion), /unsupported frame version 9/);
    assert.throws(() => decodeTerminalFrame(frame.subarray(0, 8)), /too short/);
    const longId = frame.slice(); longId[1] = 0xff;
    assert.throws(() => decodeTerminalFrame(longId), /truncated/);
    const badUtf8 = frame.slice(); badUtf8[3] = 0xff;
    assert.throws(() => decodeTerminalFrame(badUtf8), /UTF-8/);
    assert.throws(() => encodeTerminalFrame('s', -1, new Uint8Array()), /non-negative/);
    assert.throws(() => encodeTerminalFrame('s', 1.5, new Uint8Array()), /safe integer/);
  });
});
