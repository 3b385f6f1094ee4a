import type Database from 'better-sqlite3';

/**
 * Inserts rows into one table with few statement executions: blocks of `blockRows` rows per
 * multi-row INSERT, then single-row INSERTs for the remainder. Each statement execution costs a
 * crossing into native code and a VDBE start; at 11 columns per event, blocks of 32 rows measured
 * about 1.25× the throughput of row-at-a-time inserts (in memory, with the entity rows).
 */
export class BlockInsert {
  private readonly width: number;
  private readonly blockRows: number;
  private readonly block: Database.Statement<unknown[]>;
  private readonly single: Database.Statement<unknown[]>;
  private readonly blockValues: unknown[];
  private readonly singleValues: unknown[];

  /** `head` is the statement up to VALUES, e.g. `INSERT INTO t (a, b)`. */
  constructor(db: Database.Database, head: string, width: number, blockRows: number) {
    this.width = width;
    this.blockRows = blockRows;
    const tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    this.block = db.prepare(`${head} VALUES ${Array.from({ length: blockRows }, () => tuple).join(', ')}`);
    this.single = db.prepare(`${head} VALUES ${tuple}`);
    this.blockValues = new Array<unknown>(width * blockRows);
    this.singleValues = new Array<unknown>(width);
  }

  /** Inserts `values`, row after row, `width` values per row (row-major). */
  run(values: readonly unknown[]): void {
    const blockSize = this.width * this.blockRows;
    let offset = 0;
    for (; offset + blockSize <= values.length; offset += blockSize) {
      copyInto(this.blockValues, values, offset);
      this.block.run(this.blockValues);
    }
    for (; offset < values.length; offset += this.width) {
      copyInto(this.singleValues, values, offset);
      this.single.run(this.singleValues);
    }
  }
}

// The scratch arrays are reused: better-sqlite3 copies bound values before run() returns.
function copyInto(target: unknown[], source: readonly unknown[], offset: number): void {
  for (let index = 0; index < target.length; index++) target[index] = source[offset + index];
}
