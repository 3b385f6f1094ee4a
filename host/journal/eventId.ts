import { randomFillSync } from 'node:crypto';

/**
 * A new event id: an RFC 9562 version-7 UUID (48-bit Unix milliseconds, then 74 random bits).
 *
 * Not crypto.randomUUID(): ids live in a UNIQUE index, and random v4 ids land on a random leaf
 * page each, so every group commit rewrote about one index page per event into the WAL; the bench
 * measured half the insert throughput. v7 ids grow with time and go to the right edge of the index.
 * (Node's own randomUUIDv7 is too recent for the Electron runtime that hosts us.)
 */
export function newEventId(): string {
  if (poolOffset + RANDOM_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const r = poolOffset;
  poolOffset += RANDOM_BYTES;
  const time = timeHex(Date.now());
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex[pool[r]! & 0x0f]!.slice(1)}${hex[pool[r + 1]!]}` +
    `-${hex[(pool[r + 2]! & 0x3f) | 0x80]}${hex[pool[r + 3]!]}` +
    `-${hex[pool[r + 4]!]}${hex[pool[r + 5]!]}${hex[pool[r + 6]!]}${hex[pool[r + 7]!]}${hex[pool[r + 8]!]}${hex[pool[r + 9]!]}`;
}

const RANDOM_BYTES = 10;
// Drawing random bytes in bulk amortizes the call into OpenSSL, as Node's randomUUID does.
const pool = Buffer.alloc(RANDOM_BYTES * 512);
let poolOffset = pool.length;
const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

let lastMillis = Number.NaN;
let lastTimeHex = '';
function timeHex(millis: number): string {
  if (millis !== lastMillis) {
    lastMillis = millis;
    lastTimeHex = millis.toString(16).padStart(12, '0');
  }
  return lastTimeHex;
}
