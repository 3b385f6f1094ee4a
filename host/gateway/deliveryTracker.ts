/**
 * Knows which seq has left a subscriber's queue: every write records the seq it ended with and
 * the running total of bytes queued; the bytes still buffered tell how far the network has taken.
 * Framing the sink adds on its own (chunk headers, heartbeats) makes it lag a little behind the
 * truth until the queue drains, never ahead of it.
 */
export class DeliveryTracker {
  private queued = 0;
  private delivered: number;
  private checkpoints: Array<{ seq: number; end: number }> = [];
  private next = 0;

  constructor(cursor: number) {
    this.delivered = cursor;
  }

  /** A write of `bytes` that ended with `seq`. */
  wrote(seq: number, bytes: number): void {
    this.queued += bytes;
    this.checkpoints.push({ seq, end: this.queued });
  }

  /** The highest seq wholly handed to the network, given the bytes the sink still buffers. */
  deliveredSeq(bufferedBytes: number): number {
    const flushed = this.queued - bufferedBytes;
    while (this.next < this.checkpoints.length && (this.checkpoints[this.next] as { end: number }).end <= flushed) {
      this.delivered = (this.checkpoints[this.next] as { seq: number }).seq;
      this.next++;
    }
    if (this.next > 64 && this.next * 2 > this.checkpoints.length) {
      this.checkpoints = this.checkpoints.slice(this.next);
      this.next = 0;
    }
    return this.delivered;
  }
}
