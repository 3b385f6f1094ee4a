import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebSocket } from 'ws';
import { MAX_PACKED_PAYLOAD_BYTES } from '../../../../host/gateway/terminalFramePacker.ts';
import { decodeTerminalFrame, ErrorEnvelopeSchema, TERMINAL_FRAME_VERSION } from '../../../../host/protocol/index.ts';
import type { TerminalFrame } from '../../../../host/protocol/index.ts';
import type { GatewayFixture } from './gatewayFixture.ts';
import { auth, deferred, expectContiguous, openRawSocket, startGateway } from './gatewayFixture.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (frame: TerminalFrame): string => new TextDecoder().decode(frame.payload);
/** The chunk seqs a (possibly packed) frame covers. */
const chunkSeqs = (frame: TerminalFrame): number[] => Array.from({ length: frame.seq - frame.firstSeq + 1 }, (_, index) => frame.firstSeq + index);
const joined = (frames: readonly TerminalFrame[]): Buffer => Buffer.concat(frames.map((frame) => frame.payload));

/** Opens a raw terminal stream and collects its binary frames. */
async function connectTerminal(gw: GatewayFixture, streamId: string, cursor: number): Promise<{ socket: WebSocket; frames: TerminalFrame[]; reach(seq: number): Promise<void> }> {
  const frames: TerminalFrame[] = [];
  let waiter: { seq: number; resolve(): void } | undefined;
  const outcome = await openRawSocket(gw.socketPath, `/api/v1/streams/terminal/${encodeURIComponent(streamId)}?cursor=${cursor}`, auth(), {
    setup: (socket) => socket.on('message', (data, isBinary) => {
      assert.equal(isBinary, true, 'terminal output travels in binary frames');
      frames.push(decodeTerminalFrame(new Uint8Array(data as Buffer)));
      if (waiter && (frames.at(-1)?.seq ?? 0) >= waiter.seq) waiter.resolve();
    }),
  });
  assert.ok('socket' in outcome, JSON.stringify(outcome));
  return {
    socket: outcome.socket,
    frames,
    reach(seq) {
      if ((frames.at(-1)?.seq ?? 0) >= seq) return Promise.resolve();
      const wait = deferred(`chunk ${seq}`);
      waiter = { seq, resolve: () => wait.resolve() };
      return wait.promise;
    },
  };
}

test('a terminal stream replays chunks after the cursor, then live chunks of that stream only', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 7 });
  for (let index = 1; index <= 40; index++) {
    void gw.journal.appendTerminal('run-1', bytes(`line ${index}\n`));
    void gw.journal.appendTerminal('run-2', bytes(`other ${index}\n`));
  }
  await gw.journal.appendTerminal('run-1', bytes('line 41\n'));

  const producing = (async () => {
    for (let index = 42; index <= 200; index++) {
      void gw.journal.appendTerminal('run-2', bytes('noise\n'));
      await gw.journal.appendTerminal('run-1', bytes(`line ${index}\n`));
    }
  })();
  const stream = await connectTerminal(gw, 'run-1', 10);
  assert.ok(gw.journal.terminalHead('run-1') < 200, 'output was still being appended while the stream connected');
  await producing;
  await stream.reach(200);

  assert.equal(expectContiguous(stream.frames.flatMap(chunkSeqs), 11, 200), undefined);
  assert.ok(stream.frames.every((frame) => frame.streamId === 'run-1' && frame.version === TERMINAL_FRAME_VERSION));
  assert.equal(stream.frames.map(text).join(''), Array.from({ length: 190 }, (_, index) => `line ${index + 11}\n`).join(''));
  stream.socket.close();
});

test('stream ids are percent-decoded path segments', async (t) => {
  const gw = await startGateway(t);
  const streamId = 'run/ü 1';
  await gw.journal.appendTerminal(streamId, bytes('hello'));

  const stream = await connectTerminal(gw, streamId, 0);
  await stream.reach(1);

  assert.deepEqual(stream.frames.map((frame) => [frame.streamId, text(frame)]), [[streamId, 'hello']]);
  stream.socket.close();
});

test('terminal upgrades with a bad cursor or a cursor past the stream head are refused', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.appendTerminal('run-1', bytes('x'));

  for (const [query, status, code] of [['cursor=x', 400, 'invalid_request'], ['cursor=2', 409, 'conflict']] as const) {
    const outcome = await openRawSocket(gw.socketPath, `/api/v1/streams/terminal/run-1?${query}`, auth());
    assert.ok(!('socket' in outcome));
    assert.equal(outcome.status, status);
    assert.equal(ErrorEnvelopeSchema.parse(outcome.json).error.code, code);
  }
});

test('a replay packs stored chunks into bounded frames; any cursor, and any frame\'s seq, resumes with exactly the rest of the bytes', async (t) => {
  const gw = await startGateway(t);
  const chunks = Array.from({ length: 300 }, (_, index) => Buffer.alloc(1000, `${index % 10}`));
  for (const chunk of chunks.slice(0, -1)) void gw.journal.appendTerminal('run-1', chunk);
  await gw.journal.appendTerminal('run-1', chunks.at(-1)!);
  const rest = (cursor: number): Buffer => Buffer.concat(chunks.slice(cursor));

  const whole = await connectTerminal(gw, 'run-1', 0);
  await whole.reach(300);
  whole.socket.close();
  assert.ok(whole.frames.length < 20, `stored chunks are packed (${whole.frames.length} frames for 300 chunks)`);
  assert.ok(whole.frames.every((frame) => frame.payload.byteLength <= MAX_PACKED_PAYLOAD_BYTES), 'every frame stays within the bound');
  assert.equal(expectContiguous(whole.frames.flatMap(chunkSeqs), 1, 300), undefined);
  assert.ok(joined(whole.frames).equals(rest(0)));

  const frameEnds = whole.frames.slice(0, 3).map((frame) => frame.seq);
  for (const cursor of [1, 63, 64, 65, 137, 299, ...frameEnds]) {
    const resumed = await connectTerminal(gw, 'run-1', cursor);
    await resumed.reach(300);
    resumed.socket.close();
    assert.equal(expectContiguous(resumed.frames.flatMap(chunkSeqs), cursor + 1, 300), undefined, `from cursor ${cursor}`);
    assert.ok(joined(resumed.frames).equals(rest(cursor)), `bytes after cursor ${cursor}`);
  }
});

test('chunks larger than a replay page\'s byte budget replay one per page, then the stream goes live', async (t) => {
  const gw = await startGateway(t);
  // 3 MiB chunks: the 4 MiB page budget ends every page after one chunk, long before the page's chunk count.
  const big = [1, 2, 3].map((fill) => Buffer.alloc(3 * 1024 * 1024, fill));
  for (const chunk of big) await gw.journal.appendTerminal('run-1', chunk);

  const stream = await connectTerminal(gw, 'run-1', 0);
  await stream.reach(3);
  await gw.journal.appendTerminal('run-1', bytes('live'));
  await stream.reach(4);
  stream.socket.close();

  assert.equal(expectContiguous(stream.frames.flatMap(chunkSeqs), 1, 4), undefined);
  assert.ok(joined(stream.frames).equals(Buffer.concat([...big, bytes('live')])));
});
