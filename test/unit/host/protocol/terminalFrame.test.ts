import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTerminalFrame, encodePackedTerminalFrame, encodeTerminalFrame, TERMINAL_FRAME_VERSION } from '../../../../host/protocol/terminalFrame.ts';

describe('terminal frame codec', () => {
  it('round-trips stream id, sequence and payload bytes', () => {
    const payload = new TextEncoder().encode('\x1b[32mok\x1b[0m\r\n');
    const frame = decodeTerminalFrame(encodeTerminalFrame('run-ü-1', 42, payload));
    assert.equal(frame.version, TERMINAL_FRAME_VERSION);
    assert.equal(frame.streamId, 'run-ü-1');
    assert.equal(frame.seq, 42);
    assert.equal(frame.firstSeq, 42);
    assert.deepEqual([...frame.payload], [...payload]);
  });

  it('packs consecutive chunks: the frame ends at the last seq, covers the count, and carries their bytes in order', () => {
    const frame = decodeTerminalFrame(encodePackedTerminalFrame('run-1', 12, [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]));
    assert.equal(frame.version, 2);
    assert.deepEqual([frame.firstSeq, frame.seq], [10, 12]);
    assert.deepEqual([...frame.payload], [1, 2, 3]);
  });

  it('still decodes a version 1 frame (no chunk count) as one chunk', () => {
    const id = new TextEncoder().encode('abc');
    const v1 = new Uint8Array(3 + id.byteLength + 8 + 2);
    const view = new DataView(v1.buffer);
    view.setUint8(0, 1);
    view.setUint16(1, id.byteLength);
    v1.set(id, 3);
    view.setBigUint64(3 + id.byteLength, 5n);
    v1.set([7, 8], 3 + id.byteLength + 8);
    const frame = decodeTerminalFrame(v1);
    assert.deepEqual([frame.version, frame.streamId, frame.firstSeq, frame.seq, [...frame.payload]], [1, 'abc', 5, 5, [7, 8]]);
  });

  it('rejects a chunk count that is zero or reaches below seq 1', () => {
    assert.throws(() => encodePackedTerminalFrame('s', 3, []), /cannot carry 0 chunks/);
    assert.throws(() => encodePackedTerminalFrame('s', 1, [new Uint8Array(), new Uint8Array()]), /cannot carry 2 chunks/);
    const frame = encodeTerminalFrame('s', 3, new Uint8Array([1]));
    const zeroCount = frame.slice(); new DataView(zeroCount.buffer).setUint32(1 + 2 + 1 + 8, 0);
    assert.throws(() => decodeTerminalFrame(zeroCount), /cannot carry 0 chunks/);
    const tooMany = frame.slice(); new DataView(tooMany.buffer).setUint32(1 + 2 + 1 + 8, 4);
    assert.throws(() => decodeTerminalFrame(tooMany), /cannot carry 4 chunks/);
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
    assert.throws(() => decodeTerminalFrame(frame.subarray(0, 12)), /truncated/);
    const longId = frame.slice(); longId[1] = 0xff;
    assert.throws(() => decodeTerminalFrame(longId), /truncated/);
    const badUtf8 = frame.slice(); badUtf8[3] = 0xff;
    assert.throws(() => decodeTerminalFrame(badUtf8), /UTF-8/);
    assert.throws(() => encodeTerminalFrame('s', -1, new Uint8Array()), /non-negative/);
    assert.throws(() => encodeTerminalFrame('s', 1.5, new Uint8Array()), /safe integer/);
  });
});
