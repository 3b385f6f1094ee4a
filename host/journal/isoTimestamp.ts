/**
 * The current time as an ISO-8601 string. Events issued in the same millisecond share one string:
 * formatting a Date costs more than the rest of building an envelope, so it is done once per ms.
 */
export function isoTimestampNow(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

let lastMillis = Number.NaN;
let lastIso = '';
