/**
 * Binary frame for terminal/log output on WebSocket streams. Version 2 (what the host sends):
 *   u8 version | u16 stream-id byte length | stream id (UTF-8) | u64 sequence | u32 chunk count | payload bytes
 * Version 1 (still decoded) has no chunk count and carries one chunk.
 * All integers big-endian. Browser-safe (no Node imports).
 *
 * A frame carries `chunkCount` consecutive chunks of the stream, their bytes concatenated:
 * `seq` is the sequence of the last of them, so the frame covers `seq - chunkCount + 1 .. seq`.
 * Terminal output is a byte stream, so a packed frame means the same as its chunks one by one,
 * and a client resumes after it with `cursor = seq`. Packing lets a replay send large frames
 * instead of one small frame per stored chunk.
 */
export const TERMINAL_FRAME_VERSION = 2;
const MAX_STREAM_ID_BYTES = 0xffff;
const MAX_CHUNK_COUNT = 0xffff_ffff;

export interface TerminalFrame {
  version: number;
  streamId: string;
  /** Sequence of the last chunk in the frame. */
  seq: number;
  /** Sequence of the first chunk in the frame (`seq` when it carries one chunk). */
  firstSeq: number;
  payload: Uint8Array;
}

export class TerminalFrameError extends Error {
  readonly code = 'invalid_terminal_frame';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** One chunk in one frame. */
export function encodeTerminalFrame(streamId: string, seq: number, payload: Uint8Array): Uint8Array {
  return encodePackedTerminalFrame(streamId, seq, [payload]);
}

/**
 * The `chunkCount` consecutive chunks ending at `seq` packed into one frame, their bytes given
 * as `payloads` (one per chunk, or fewer pieces that already join several chunks).
 */
export function encodePackedTerminalFrame(streamId: string, seq: number, payloads: readonly Uint8Array[], chunkCount = payloads.length): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new TerminalFrameError(`sequence must be a non-negative safe integer, got ${seq}`);
  if (!Number.isSafeInteger(chunkCount) || chunkCount < 1 || chunkCount > MAX_CHUNK_COUNT || chunkCount > seq) {
    throw new TerminalFrameError(`a frame ending at sequence ${seq} cannot carry ${chunkCount} chunks`);
  }
  if (payloads.length === 0 || payloads.length > chunkCount) {
    throw new TerminalFrameError(`${chunkCount} chunks cannot arrive in ${payloads.length} pieces`);
  }
  const id = encoder.encode(streamId);
  if (id.byteLength > MAX_STREAM_ID_BYTES) throw new TerminalFrameError('stream id is longer than 65535 bytes');
  const headerBytes = 1 + 2 + id.byteLength + 8 + 4;
  const frame = new Uint8Array(headerBytes + payloads.reduce((total, payload) => total + payload.byteLength, 0));
  const view = new DataView(frame.buffer);
  view.setUint8(0, TERMINAL_FRAME_VERSION);
  view.setUint16(1, id.byteLength);
  frame.set(id, 3);
  view.setBigUint64(3 + id.byteLength, BigInt(seq));
  view.setUint32(3 + id.byteLength + 8, chunkCount);
  let offset = headerBytes;
  for (const payload of payloads) {
    frame.set(payload, offset);
    offset += payload.byteLength;
  }
  return frame;
}

export function decodeTerminalFrame(bytes: Uint8Array): TerminalFrame {
  if (bytes.byteLength < 11) throw new TerminalFrameError(`frame too short (${bytes.byteLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(0);
  if (version !== 1 && version !== 2) throw new TerminalFrameError(`unsupported frame version ${version}`);
  const idLength = view.getUint16(1);
  const headerBytes = 3 + idLength + 8 + (version === 2 ? 4 : 0);
  if (bytes.byteLength < headerBytes) throw new TerminalFrameError('frame truncated inside its header');
  const streamId = decodeStreamId(bytes.subarray(3, 3 + idLength));
  const seq = view.getBigUint64(3 + idLength);
  if (seq > BigInt(Number.MAX_SAFE_INTEGER)) throw new TerminalFrameError('sequence exceeds the safe integer range');
  const chunkCount = version === 2 ? view.getUint32(3 + idLength + 8) : 1;
  if (chunkCount === 0 || BigInt(chunkCount) > seq) throw new TerminalFrameError(`a frame ending at sequence ${seq} cannot carry ${chunkCount} chunks`);
  return { version, streamId, seq: Number(seq), firstSeq: Number(seq) - chunkCount + 1, payload: bytes.subarray(headerBytes) };
}

function decodeStreamId(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TerminalFrameError('stream id is not valid UTF-8');
  }
}
