import { ConsentError } from '../errors.js';
import type { CopySink } from './sql-client.js';

const copyData = 0x64; // 'd'
const errorResponse = 0x45; // 'E'
/** The 11-byte signature that opens a binary COPY stream, before its flags and extension length. */
const copySignature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A simple-protocol Query message (frontend 'Q'): length-prefixed, NUL-terminated SQL. */
export function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.allocUnsafe(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/**
 * Reads the data of a binary COPY (`COPY ... TO STDOUT (FORMAT binary)`) as it streams in, in
 * pieces that may split a row anywhere, and hands every row to `visit` with its fields as byte
 * ranges: `fields[2i]` to `fields[2i + 1]`, both -1 for NULL. A row that lies whole in a piece is
 * read where it lies; only a row split across pieces is copied, into a buffer reused from row to
 * row. The visitor must not keep `bytes` or `fields` past its return.
 */
export class CopyRowReader {
  private carry = Buffer.allocUnsafe(1 << 12);
  private carried = 0;
  private header = true;
  private ended = false;
  private readonly fields: Int32Array;

  constructor(
    private readonly columns: number,
    private readonly visit: (bytes: Buffer, fields: Int32Array) => void,
  ) {
    this.fields = new Int32Array(columns * 2);
  }

  push(bytes: Buffer, start = 0, end = bytes.length): void {
    if (this.carried === 0) {
      this.keep(bytes, this.read(bytes, start, end), end);
      return;
    }
    this.keep(bytes, start, end);
    const used = this.read(this.carry, 0, this.carried);
    this.carry.copy(this.carry, 0, used, this.carried);
    this.carried -= used;
  }

  /** Throws unless the stream ended where a binary COPY ends. */
  finish(): void {
    if (!this.ended || this.carried > 0) throw new ConsentError('STORAGE', 'ledger read ended inside a row');
  }

  private keep(bytes: Buffer, start: number, end: number): void {
    const length = this.carried + end - start;
    if (length > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, this.carry.length * 2));
      this.carry.copy(grown, 0, 0, this.carried);
      this.carry = grown;
    }
    bytes.copy(this.carry, this.carried, start, end);
    this.carried = length;
  }

  /** Reads the whole rows in bytes[start, end); returns where the unread rest begins. */
  private read(bytes: Buffer, start: number, end: number): number {
    let at = start;
    if (this.header) {
      if (end - at < 19) return at;
      const extension = bytes.readInt32BE(at + 15);
      if (!bytes.subarray(at, at + 11).equals(copySignature) || extension < 0) {
        throw new ConsentError('STORAGE', 'ledger read is not a binary COPY');
      }
      if (end - at < 19 + extension) return at;
      at += 19 + extension;
      this.header = false;
    }
    const fields = this.fields;
    while (at + 2 <= end) {
      const count = bytes.readInt16BE(at);
      if (count === -1 && !this.ended) {
        this.ended = true;
        at += 2;
        continue;
      }
      if (count !== this.columns || this.ended) {
        throw new ConsentError('STORAGE', 'ledger read has a row with an unexpected number of columns');
      }
      let field = at + 2;
      for (let i = 0; i < fields.length; i += 2) {
        if (field + 4 > end) return at;
        const size = bytes.readInt32BE(field);
        field += 4;
        fields[i] = size < 0 ? -1 : field;
        fields[i + 1] = size < 0 ? -1 : field + size;
        if (size > 0) field += size;
      }
      if (field > end) return at;
      this.visit(bytes, fields);
      at = field;
    }
    return at;
  }
}

/**
 * Reads PostgreSQL backend messages as they stream in, in chunks that may split a message, and
 * hands the data of every CopyData message to `sink`. Chunks are copied into one buffer of its own,
 * reused from chunk to chunk (the engine reuses the memory they arrive in).
 */
export class CopyOutReader {
  private buffer = Buffer.allocUnsafe(1 << 16);
  /** Bytes of an unfinished message at the start of `buffer`, carried over to the next chunk. */
  private kept = 0;
  private failure: string | undefined;

  constructor(private readonly sink: CopySink) {}

  push(chunk: Uint8Array): void {
    const length = this.kept + chunk.length;
    if (length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.kept);
      this.buffer = grown;
    }
    const bytes = this.buffer;
    bytes.set(chunk, this.kept);
    let at = 0;
    while (at + 5 <= length) {
      const type = bytes[at] as number;
      const end = at + 1 + bytes.readInt32BE(at + 1);
      if (end > length) break;
      if (type === copyData && this.failure === undefined) this.sink(bytes, at + 5, end);
      else if (type === errorResponse && this.failure === undefined) {
        this.failure = errorMessage(bytes, at + 5, end);
      }
      at = end;
    }
    bytes.copy(bytes, 0, at, length);
    this.kept = length - at;
  }

  /** Throws when the server answered with an error or the stream stopped short. */
  finish(): void {
    if (this.failure !== undefined) throw new ConsentError('STORAGE', `ledger read failed: ${this.failure}`);
    if (this.kept > 0) throw new ConsentError('STORAGE', 'ledger read ended inside a message');
  }
}

/** The 'M' (message) field of an ErrorResponse. */
function errorMessage(bytes: Buffer, start: number, end: number): string {
  let at = start;
  while (at < end && bytes[at] !== 0) {
    const code = bytes[at] as number;
    const stop = bytes.indexOf(0, at + 1);
    if (stop < 0 || stop > end) break;
    if (code === 0x4d) return bytes.toString('utf8', at + 1, stop);
    at = stop + 1;
  }
  return 'unknown error';
}
