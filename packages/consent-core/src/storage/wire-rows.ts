import { ConsentError } from '../errors.js';

const dataRow = 0x44; // 'D'
const errorResponse = 0x45; // 'E'

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
 * Reads PostgreSQL backend messages as they stream in, in chunks that may split a message, and
 * hands every DataRow to `visit` with its fields as byte ranges: `fields[2i]` to `fields[2i + 1]`,
 * both -1 for NULL. Chunks are copied into one buffer of its own, reused from chunk to chunk (the
 * engine reuses the memory they arrive in): the visitor may change the row's bytes, but must not
 * keep them, nor `fields`, past its return.
 */
export class DataRowReader {
  private buffer = Buffer.allocUnsafe(1 << 16);
  /** Bytes of an unfinished message at the start of `buffer`, carried over to the next chunk. */
  private kept = 0;
  private failure: string | undefined;
  private readonly fields: Int32Array;

  constructor(
    columns: number,
    private readonly visit: (bytes: Buffer, fields: Int32Array) => void,
  ) {
    this.fields = new Int32Array(columns * 2);
  }

  push(chunk: Uint8Array): void {
    const length = this.kept + chunk.length;
    if (length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.kept);
      this.buffer = grown;
    }
    const bytes = this.buffer;
    bytes.set(chunk, this.kept);
    const fields = this.fields;
    let at = 0;
    while (at + 5 <= length) {
      const type = bytes[at] as number;
      const end = at + 1 + bytes.readInt32BE(at + 1);
      if (end > length) break;
      if (type === dataRow && bytes.readInt16BE(at + 5) * 2 === fields.length) {
        let field = at + 7;
        for (let i = 0; i < fields.length; i += 2) {
          const size = bytes.readInt32BE(field);
          field += 4;
          fields[i] = size < 0 ? -1 : field;
          fields[i + 1] = size < 0 ? -1 : field + size;
          if (size > 0) field += size;
        }
        this.visit(bytes, fields);
      } else if (type === dataRow && this.failure === undefined) {
        this.failure = 'a row has an unexpected number of columns';
      } else if (type === errorResponse && this.failure === undefined) {
        this.failure = errorMessage(bytes, at + 5, end);
      }
      at = end;
    }
    bytes.copy(bytes, 0, at, length);
    this.kept = length - at;
  }

  /** Throws when the server answered with an error. */
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
