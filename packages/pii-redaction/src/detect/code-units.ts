/** Whether a Uint16Array and a 'utf16le' Buffer view of the same bytes agree on every code unit. */
export const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Below this length a copy by a loop costs less than a call into the Buffer writer. */
const minBufferWrite = 64;

/**
 * A reusable buffer holding a text's UTF-16 code units followed by two 0s. Hot loops read it
 * instead of the string: a typed-array read compiles to a plain load, where `charCodeAt` checks
 * the string's representation on every call. A 0 stops every loop that reads it (no detector or
 * JSON token accepts one), as the NaN past the end of a string does.
 */
export class CodeUnits {
  private codes = new Uint16Array(256);
  private bytes = Buffer.from(this.codes.buffer);

  /** The code units of `text`; valid until the next `fill`. */
  fill(text: string): Uint16Array {
    const n = text.length;
    if (this.codes.length < n + 2) {
      this.codes = new Uint16Array(n + (n >> 1) + 2);
      this.bytes = Buffer.from(this.codes.buffer);
    }
    const codes = this.codes;
    if (littleEndian && n >= minBufferWrite) this.bytes.write(text, 0, 'utf16le');
    else for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
    codes[n] = 0;
    codes[n + 1] = 0;
    return codes;
  }
}
