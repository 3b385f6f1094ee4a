import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packTerminalChunks } from '../../../../host/gateway/terminalFramePacker.ts';
import type { TerminalChunk } from '../../../../host/journal/eventJournal.ts';
import { decodeTerminalFrame } from '../../../../host/protocol/index.ts';

const chunk = (seq: number, size: number, streamId = 'run-1'): TerminalChunk => ({ streamId, seq, data: new Uint8Array(size).fill(seq % 256) });
const covered = (frames: Uint8Array[]): Array<[number, number, number]> =>
  frames.map(decodeTerminalFrame).map((frame) => [frame.firstSeq, frame.seq, frame.payload.byteLength]);

test('consecutive chunks pack into frames that never exceed the payload bound', () => {
  const chunks = Array.from({ length: 10 }, (_, index) => chunk(index + 1, 30));
  assert.deepEqual(covered(packTerminalChunks(chunks, 100)), [[1, 3, 90], [4, 6, 90], [7, 9, 90], [10, 10, 30]]);
});

test('a chunk larger than the bound travels alone, and a gap in seqs starts a new frame', () => {
  const chunks = [chunk(1, 10), chunk(2, 500), chunk(3, 10), chunk(5, 10), chunk(6, 10)];
  assert.deepEqual(covered(packTerminalChunks(chunks, 100)), [[1, 1, 10], [2, 2, 500], [3, 3, 10], [5, 6, 20]]);
});

test('packed frames carry every byte in order; an empty batch is no frame', () => {
  const chunks = Array.from({ length: 50 }, (_, index) => chunk(index + 1, 7 + index));
  const frames = packTerminalChunks(chunks, 64);
  assert.deepEqual(Buffer.concat(frames.map((frame) => decodeTerminalFrame(frame).payload)), Buffer.concat(chunks.map((item) => item.data)));
  assert.deepEqual(packTerminalChunks([]), []);
});

test('runs read by the journal pack with live chunks that continue them, and count every chunk', () => {
  const run = { streamId: 'run-1', seq: 4, count: 4, data: new Uint8Array(40).fill(1) };
  const frames = packTerminalChunks([run, chunk(5, 10), chunk(6, 10)], 100);
  assert.deepEqual(covered(frames), [[1, 6, 60]]);
  assert.deepEqual(covered(packTerminalChunks([run, { ...run, seq: 8, data: new Uint8Array(90) }], 100)), [[1, 4, 40], [5, 8, 90]]);
});
