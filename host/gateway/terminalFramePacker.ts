import type { TerminalChunk } from '../journal/eventJournal.ts';
import { encodePackedTerminalFrame } from '../protocol/index.ts';

/**
 * Payload bytes past which the next chunk starts a new frame. Large enough that a replay of
 * small chunks costs a handful of frames per page instead of one per chunk (per-frame work on
 * both ends dominated replay), small enough that one frame never makes a client buffer much.
 */
export const MAX_PACKED_PAYLOAD_BYTES = 64 * 1024;

/**
 * Terminal chunks as binary frames: runs of consecutive chunks packed into one frame each (its
 * seq the last chunk's), bounded by `maxPayloadBytes`; a chunk larger than the bound goes alone.
 * A live batch of one chunk is one single-chunk frame.
 */
export function packTerminalChunks(chunks: readonly TerminalChunk[], maxPayloadBytes = MAX_PACKED_PAYLOAD_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let group: TerminalChunk[] = [];
  let groupBytes = 0;
  const flush = (): void => {
    const last = group.at(-1);
    if (last) frames.push(encodePackedTerminalFrame(last.streamId, last.seq, group.map((chunk) => chunk.data)));
    group = [];
    groupBytes = 0;
  };
  for (const chunk of chunks) {
    const previous = group.at(-1);
    const continues = previous !== undefined && previous.streamId === chunk.streamId && chunk.seq === previous.seq + 1;
    if (!continues || groupBytes + chunk.data.byteLength > maxPayloadBytes) flush();
    group.push(chunk);
    groupBytes += chunk.data.byteLength;
  }
  flush();
  return frames;
}
