/**
 * Binary frame for terminal/log output on WebSocket streams:
 *   u8 version | u16 stream-id byte length | stream id (UTF-8) | u64 sequence | payload bytes
 * All integers big-endian. Browser-safe (no Node imports).
 */
export const TERMINAL_FRAME_VERSION = 1;
const MAX_STREAM_ID_BYTES = 0xffff;

export interface TerminalFrame {
  version: number;
  streamId: string;
  seq: number;
  payload: Uint8Array;
}

export class TerminalFrameError extends Error {
  readonly code = 'invalid_terminal_frame';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeTerminalFrame(streamId: string, seq: number, payload: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new TerminalFrameError(`sequence must be a non-negative safe integer, got ${seq}`);
  const id = encoder.encode(streamId);
  if (id.byteLength > MAX_STREAM_ID_BYTES) throw new TerminalFrameError('stream id is longer than 65535 bytes');
  const frame = new Uint8Array(1 + 2 + id.byteLength + 8 + payload.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, TERMINAL_FRAME_VERSION);
  view.setUint16(1, id.byteLength);
  frame.set(id, 3);
  view.setBigUint64(3 + id.byteLength, BigInt(seq));
  frame.set(payload, 3 + id.byteLength + 8);
  return frame;
}

export function decodeTerminalFrame(bytes: Uint8Array): TerminalFrame {
  if (bytes.byteLength < 11) throw new TerminalFrameError(`frame too short (${bytes.byteLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(0);
  if (version !== TERMINAL_FRAME_VERSION) throw new TerminalFrameError(`unsupported frame version ${version}`);
  const idLength = view.getUint16(1);
  if (bytes.byteLength < 3 + idLength + 8) throw new TerminalFrameError('frame truncated inside its header');
  let streamId: string;
  try {
    streamId = decoder.decode(bytes.subarray(3, 3 + idLength));
  } catch {
    throw new TerminalFrameError('stream id is not valid UTF-8');
  }
  const seq = view.getBigUint64(3 + idLength);
  if (seq > BigInt(Number.MAX_SAFE_INTEGER)) throw new TerminalFrameError('sequence exceeds the safe integer range');
  return { version, streamId, seq: Number(seq), payload: bytes.subarray(3 + idLength + 8) };
}
