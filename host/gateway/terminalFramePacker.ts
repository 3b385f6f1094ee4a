import type { TerminalChunk, TerminalChunkRun } from '../journal/eventJournal.ts';
import { encodePackedTerminalFrame } from '../protocol/index.ts';

/**
 * Payload bytes past which the next chunk starts a new frame. Large enough that a replay of
 * small chunks costs a handful of frames per page instead of one per chunk (per-frame work on
 * both ends dominated replay), small enough that one frame never makes a client buffer much.
 */
export const MAX_PACKED_PAYLOAD_BYTES = 64 * 1024;

/** What a terminal stream sends: live chunks one by one, replay pages as runs read by SQLite. */
export type WireChunks = TerminalChunk | TerminalChunkRun;

/** How many chunks an item stands for. */
function chunkCountOf(item: WireChunks): number {
  return 'count' in item ? item.count : 1;
}

/**
 * Terminal chunks and runs as binary frames: consecutive ones packed into one frame each (its
 * seq the last chunk's), bounded by `maxPayloadBytes`; a chunk or run larger than the bound goes
 * alone. A live batch of one chunk is one single-chunk frame.
 */
export function packTerminalChunks(items: readonly WireChunks[], maxPayloadBytes = MAX_PACKED_PAYLOAD_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let group: WireChunks[] = [];
  let groupBytes = 0;
  let groupCount = 0;
  const flush = (): void => {
    const last = group.at(-1);
    if (last) frames.push(encodePackedTerminalFrame(last.streamId, last.seq, group.map((item) => item.data), groupCount));
    group = [];
    groupBytes = 0;
    groupCount = 0;
  };
  for (const item of items) {
    const previous = group.at(-1);
    const continues = previous !== undefined && previous.streamId === item.streamId && item.seq - chunkCountOf(item) === previous.seq;
    if (!continues || groupBytes + item.data.byteLength > maxPayloadBytes) flush();
    group.push(item);
    groupBytes += item.data.byteLength;
    groupCount += chunkCountOf(item);
  }
  flush();
  return frames;
}
